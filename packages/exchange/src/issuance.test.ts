import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenClient, OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';
import { generateIssuerKey, getDidKeyOfJwk, verifyCredential } from '@carepass/credentials';
import { type HandlerServer, startHandlerServer } from '@carepass/test-support';
import { createCredentialIssuer, type CredentialIssuer, CREDENTIAL_CONFIGURATIONS, receiveCredentialOffer } from './index.js';

// OpenID4VCI end to end on 127.0.0.1, driven by a wallet nobody here wrote: Sphereon's
// OpenID4VCIClient. The Carepass issuer hands over a real, verifiable credential bound to the
// wallet's key; the protocol's refusals come back as its error responses.
let server: HandlerServer;
let base: string;
let issuer: CredentialIssuer;
let clock = new Date('2026-11-28T12:00:00Z');

/** A wallet's Ed25519 key, its did:key and the proof callback the Sphereon client signs with. */
async function walletKey() {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const did = getDidKeyOfJwk(jwk);
  const kid = `${did}#${did.slice('did:key:'.length)}`;
  const signCallback = async (args: { header: Record<string, unknown>; payload: Record<string, unknown> }) => new CompactSign(new TextEncoder().encode(JSON.stringify(args.payload))).setProtectedHeader({ ...args.header, alg: 'EdDSA' }).sign(pair.privateKey);
  return { jwk, did, kid, proofCallbacks: { signCallback } };
}

const clientFor = (uri: string, kid?: string) => OpenID4VCIClientV1_0_15.fromURI({ uri, ...(kid ? { kid } : {}), alg: 'EdDSA', retrieveServerMetadata: true });
/** The raw token response, to read the protocol's error body (the high-level client only throws). */
const tokenAttempt = async (client: OpenID4VCIClientV1_0_15, pin: string) => new AccessTokenClient().acquireAccessToken({ credentialOffer: client.credentialOffer, metadata: client.endpointMetadata, credentialIssuer: client.getIssuer(), pin } as never);

beforeAll(async () => {
  server = await startHandlerServer();
  server.use((request) => issuer.handle(request));
  base = server.base;
  issuer = await createCredentialIssuer({ baseUrl: base, key: await generateIssuerKey(), issuer: { name: 'Sunrise Home Care' }, allowInsecureUrls: true, now: () => clock, maxTxCodeAttempts: 3 });
});

afterAll(() => server.close());

describe('OpenID4VCI issuance to an independent wallet (Sphereon OpenID4VCIClient)', () => {
  it('hands over a verifiable Open Badges credential bound to the wallet\'s did:key, with the transaction code', async () => {
    const wallet = await walletKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#12', validFrom: '2026-11-28T12:00:00Z' });
    expect(offer.uri).toMatch(/^openid-credential-offer:\/\/\?credential_offer=/u);
    expect(offer.txCode).toMatch(/^\d{6}$/u);
    const client = await clientFor(offer.uri, wallet.kid);
    await client.acquireAccessToken({ pin: offer.txCode as string });
    const response = (await client.acquireCredentials({ credentialConfigurationId: CREDENTIAL_CONFIGURATIONS.ldp, format: 'ldp_vc', proofCallbacks: wallet.proofCallbacks as never, kid: wallet.kid, alg: 'EdDSA' })) as { credentials?: { credential: Record<string, unknown> }[] };
    const credential = response.credentials?.[0]?.credential;
    expect(credential).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], credentialSubject: { id: wallet.did } });
    const result = await verifyCredential(credential, { now: clock });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.credential.achievement?.id).toBe('https://w3id.org/carepass/frameworks/care-certificate/2025/12');
  });

  it('issues a VC-JWT for the jwt_vc_json configuration, to a wallet that proves its key with a jwk header', async () => {
    const wallet = await walletKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#3' }, { format: 'jwt_vc_json', txCode: '4321' });
    const client = await clientFor(offer.uri);
    await client.acquireAccessToken({ pin: '4321' });
    const response = (await client.acquireCredentials({ credentialConfigurationId: CREDENTIAL_CONFIGURATIONS.jwt, format: 'jwt_vc_json', proofCallbacks: wallet.proofCallbacks as never, jwk: wallet.jwk as JWK as never, alg: 'EdDSA' })) as { credentials?: { credential: unknown }[] };
    const jwt = response.credentials?.[0]?.credential;
    expect(typeof jwt).toBe('string');
    const result = await verifyCredential(jwt, { now: clock });
    expect(result.verified).toBe(true);
    expect(result.credential.subject).toBe(wallet.did);
  });

  it('refuses a wrong transaction code with invalid_grant without spending the offer, and voids it after too many', async () => {
    const wallet = await walletKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#1' }, { txCode: '111111' });
    const client = await clientFor(offer.uri, wallet.kid);
    const wrong = await tokenAttempt(client, '999999');
    expect([wrong.origResponse.status, wrong.errorBody?.error]).toEqual([400, 'invalid_grant']);
    await client.acquireAccessToken({ pin: '111111' });
    const other = await issuer.createOffer({ competency: 'care-certificate@2025#1' }, { txCode: '222222' });
    const guesser = await clientFor(other.uri, wallet.kid);
    for (const guess of ['000001', '000002', '000003']) expect((await tokenAttempt(guesser, guess)).errorBody?.error).toBe('invalid_grant');
    const afterGuesses = await tokenAttempt(guesser, '222222');
    expect(afterGuesses.errorBody).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/void/u) });
  });

  it('refuses a replayed pre-authorized code, an expired offer and a replayed access token', async () => {
    const wallet = await walletKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#2' }, { txCode: '5555' });
    const client = await clientFor(offer.uri, wallet.kid);
    const token = await client.acquireAccessToken({ pin: '5555' });
    expect((await tokenAttempt(await clientFor(offer.uri, wallet.kid), '5555')).errorBody?.error).toBe('invalid_grant');
    await client.acquireCredentials({ credentialConfigurationId: CREDENTIAL_CONFIGURATIONS.ldp, format: 'ldp_vc', proofCallbacks: wallet.proofCallbacks as never, kid: wallet.kid, alg: 'EdDSA' });
    // The same access token again, with a fresh nonce and proof: refused, nothing issued twice.
    const nonce = ((await (await fetch(`${base}/nonce`, { method: 'POST' })).json()) as { c_nonce: string }).c_nonce;
    const proof = await wallet.proofCallbacks.signCallback({ header: { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: wallet.kid }, payload: { aud: base, iat: Math.floor(clock.getTime() / 1000), nonce } });
    const replay = await fetch(`${base}/credential`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` }, body: JSON.stringify({ credential_configuration_id: CREDENTIAL_CONFIGURATIONS.ldp, proof: { proof_type: 'jwt', jwt: proof } }) });
    expect([replay.status, ((await replay.json()) as { error: string }).error]).toEqual([401, 'invalid_token']);
    const late = await issuer.createOffer({ competency: 'care-certificate@2025#2' }, { txCode: '6666' });
    clock = new Date(clock.getTime() + 3_600_000);
    try {
      expect((await tokenAttempt(await clientFor(late.uri, wallet.kid), '6666')).errorBody?.error).toBe('invalid_grant');
    } finally {
      clock = new Date('2026-11-28T12:00:00Z');
    }
  });

  it('refuses a proof of possession signed by another key than the one it names, and a replayed nonce', async () => {
    const wallet = await walletKey();
    const thief = await walletKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#4' }, { txCode: '7777' });
    const client = await clientFor(offer.uri, wallet.kid);
    const token = await client.acquireAccessToken({ pin: '7777' });
    const post = async (jwt: string) => {
      const answer = await fetch(`${base}/credential`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` }, body: JSON.stringify({ credential_configuration_id: CREDENTIAL_CONFIGURATIONS.ldp, proof: { proof_type: 'jwt', jwt } }) });
      return [answer.status, ((await answer.json()) as { error?: string }).error ?? 'issued'];
    };
    const freshNonce = async () => ((await (await fetch(`${base}/nonce`, { method: 'POST' })).json()) as { c_nonce: string }).c_nonce;
    const claims = (nonce: string) => ({ aud: base, iat: Math.floor(clock.getTime() / 1000), nonce });
    // Names the wallet's did:key, signed by the thief's key.
    expect(await post(await thief.proofCallbacks.signCallback({ header: { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: wallet.kid }, payload: claims(await freshNonce()) }))).toEqual([400, 'invalid_proof']);
    // A nonce the issuer never gave, then one already used.
    expect(await post(await wallet.proofCallbacks.signCallback({ header: { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: wallet.kid }, payload: claims('made-up') }))).toEqual([400, 'invalid_nonce']);
    const nonce = await freshNonce();
    const good = await wallet.proofCallbacks.signCallback({ header: { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: wallet.kid }, payload: claims(nonce) });
    expect(await post(good)).toEqual([200, 'issued']);
    expect(await post(good)).toEqual([400, 'invalid_nonce']);
  });

  it('is redeemed by the reference holder (receiveCredentialOffer, the client side of @openid4vc/openid4vci) with a Carepass key', async () => {
    const worker = await generateIssuerKey();
    const offer = await issuer.createOffer({ competency: 'care-certificate@2025#5' }, { txCode: '8888' });
    const fetched: string[] = [];
    const viaFetch: typeof fetch = async (input, init) => (fetched.push(new URL(String(input instanceof Request ? input.url : input)).pathname), fetch(input, init));
    await expect(receiveCredentialOffer({ offerUri: offer.uri, txCode: '0000', key: worker, fetch: viaFetch })).rejects.toMatchObject({ code: 'CREDENTIAL_INVALID', message: expect.stringContaining('invalid_grant') });
    const received = await receiveCredentialOffer({ offerUri: offer.uri, txCode: '8888', key: worker, fetch: viaFetch });
    expect(received).toMatchObject({ issuer: base, credentialConfigurationId: CREDENTIAL_CONFIGURATIONS.ldp });
    const result = await verifyCredential(received.credentials[0], { now: clock });
    expect(result.verified).toBe(true);
    expect(result.credential.subject).toBe(worker.controller);
    expect(fetched.every((path) => path.startsWith('/'))).toBe(true);
    expect(fetched).toContain('/credential');
  });

  it('answers unknown paths with nothing and bad bodies with a protocol error, never a stack trace', async () => {
    expect(await issuer.handle({ method: 'GET', url: `${base}/elsewhere`, headers: {} })).toBeUndefined();
    const bad = await issuer.handle({ method: 'POST', url: `${base}/token`, headers: { 'content-type': 'application/json' }, body: '[1,2' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const noToken = await issuer.handle({ method: 'POST', url: `${base}/credential`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noToken).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    await expect(createCredentialIssuer({ baseUrl: 'http://lms.example', key: await generateIssuerKey() })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
