import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresentation, generateIssuerKey, getDidKeyOfJwk } from '@carepass/credentials';
import { isOpenid4vpAuthorizationRequestDcApi, Openid4vpClient } from '@openid4vc/openid4vp';
import { createHash } from 'node:crypto';
import { CREDENTIAL_CONFIGURATIONS, participateInExchange } from '@carepass/exchange';
import { createService } from '../src/app.js';
import { createTokenIssuer, parseClients, SCOPES } from '../src/auth.js';
import { createSqliteStore } from '../src/store.js';

// The service's OpenID4VCI: an LMS creates an offer (with the issue scope), a wallet nobody here
// wrote (Sphereon's client) redeems it, and the service's own verifier accepts what it received.
let base: string;
let close: () => Promise<void>;
let lmsToken: string;

beforeAll(async () => {
  const store = createSqliteStore(join(await mkdtemp(join(tmpdir(), 'carepass-oid4vci-')), 'carepass.db'));
  const slot: { app?: ReturnType<typeof createService> } = {};
  const server = serve({ fetch: (request) => (slot.app as ReturnType<typeof createService>).fetch(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenIssuer = await createTokenIssuer({ issuer: base, audience: base, clients: parseClients(`lms:s3cret:${SCOPES.issue}`) });
  slot.app = createService({ store, issuerKey: await generateIssuerKey(), issuerName: 'Sunrise Home Care', baseUrl: base, auth: { verifier: tokenIssuer.verifier, tokenIssuer } });
  const token = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('lms:s3cret').toString('base64')}` }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPES.issue }) });
  lmsToken = ((await token.json()) as { access_token: string }).access_token;
  close = async () => new Promise<void>((resolve) => server.close(() => void store.close().then(() => resolve())));
});
afterAll(async () => close?.());

const offer = (body: unknown, token?: string) => fetch(`${base}/offers`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

describe('OpenID4VCI on the VC API service', () => {
  it('refuses to create an offer without the issue scope (401) or without one achievement (400)', async () => {
    expect((await offer({ achievement: { competency: 'care-certificate@2025#12' } })).status).toBe(401);
    expect((await offer({ achievement: {} }, lmsToken)).status).toBe(400);
  });

  it('offers an achievement that a wallet redeems with the transaction code, and that the service then verifies', async () => {
    const created = await offer({ achievement: { competency: 'care-certificate@2025#12' } }, lmsToken);
    expect(created.status).toBe(201);
    const { offerUri, txCode, qrSvg } = (await created.json()) as { offerUri: string; txCode: string; qrSvg: string };
    expect(offerUri).toContain(encodeURIComponent(`${base}/oid4vci`));
    expect(qrSvg).toMatch(/^<svg /u);
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const did = getDidKeyOfJwk(await exportJWK(pair.publicKey));
    const kid = `${did}#${did.slice('did:key:'.length)}`;
    const wallet = await OpenID4VCIClientV1_0_15.fromURI({ uri: offerUri, kid, alg: 'EdDSA', retrieveServerMetadata: true });
    await wallet.acquireAccessToken({ pin: txCode });
    const signCallback = async (args: { header: Record<string, unknown>; payload: Record<string, unknown> }) => new CompactSign(new TextEncoder().encode(JSON.stringify(args.payload))).setProtectedHeader({ ...args.header, alg: 'EdDSA' }).sign(pair.privateKey);
    const response = (await wallet.acquireCredentials({ credentialConfigurationId: CREDENTIAL_CONFIGURATIONS.ldp, format: 'ldp_vc', proofCallbacks: { signCallback } as never, kid, alg: 'EdDSA' })) as { credentials?: { credential: Record<string, unknown> }[] };
    const credential = response.credentials?.[0]?.credential;
    expect(credential).toMatchObject({ issuer: { name: 'Sunrise Home Care' }, credentialSubject: { id: did } });
    const verified = await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }) });
    expect(((await verified.json()) as { verified: boolean }).verified).toBe(true);
  });
});

describe('OpenID4VP on the VC API service', () => {
  it('lets an employer ask a wallet for the worker\'s credentials and read the recognition report', async () => {
    const worker = await generateIssuerKey();
    const credentials: unknown[] = [];
    for (const code of ['1', '2']) {
      const issued = await fetch(`${base}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${lmsToken}` }, body: JSON.stringify({ achievement: { competency: `care-certificate@2025#${code}` }, subject: { id: worker.controller } }) });
      credentials.push(((await issued.json()) as { verifiableCredential: unknown }).verifiableCredential);
    }
    expect((await fetch(`${base}/presentation-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const created = await fetch(`${base}/presentation-requests`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${lmsToken}` }, body: JSON.stringify({ target: 'care-certificate@2025' }) });
    expect(created.status).toBe(201);
    const { requestUri, state } = (await created.json()) as { requestUri: string; state: string };
    const outcomeOf = async () => (await fetch(`${base}/presentation-requests/${state}`, { headers: { authorization: `Bearer ${lmsToken}` } })).json() as Promise<{ status: string; report?: { standards: { code: string; status: string }[] } }>;
    expect((await outcomeOf()).status).toBe('pending');
    // The wallet: @openid4vc/openid4vp's holder side, presenting with the worker's key.
    const wallet = new Openid4vpClient({ callbacks: { hash: (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest()) } as never });
    const resolved = await wallet.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: wallet.parseOpenid4vpAuthorizationRequest({ authorizationRequest: requestUri }).params });
    const request = resolved.authorizationRequestPayload;
    if (isOpenid4vpAuthorizationRequestDcApi(request)) throw new Error('not a DC API request');
    const presentation = await createPresentation(credentials as object[], { key: worker, challenge: request.nonce as string, domain: resolved.client.effective });
    const { authorizationResponsePayload } = await wallet.createOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: { vp_token: { care_training: [presentation] } } as never });
    const { response } = await wallet.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload });
    expect(response.status).toBe(200);
    const outcome = await outcomeOf();
    expect(outcome.status).toBe('verified');
    const statuses = Object.fromEntries((outcome.report?.standards ?? []).map((standard) => [standard.code, standard.status]));
    expect(statuses['1']).not.toBe('gap');
    expect(statuses['2']).not.toBe('gap');
    expect(statuses['3']).toBe('gap');
  });
});

describe('VC API exchanges on the service (the protocol of Learner Credential Wallet)', () => {
  it('issues through an exchange to the DID the wallet authenticates as, and recognises through another', async () => {
    const worker = await generateIssuerKey();
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${lmsToken}` }, body: JSON.stringify(body) });
    expect((await fetch(`${base}/workflows/issue/exchanges`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const issuance = (await (await post('/workflows/issue/exchanges', { achievement: { competency: 'care-certificate@2025#7' } })).json()) as { exchangeId: string; protocols: { vcapi: string } };
    const issued = await participateInExchange({ exchangeUrl: issuance.protocols.vcapi, key: worker, fetch });
    expect(issued.ok).toBe(true);
    const credentials = (issued.body.verifiablePresentation as { verifiableCredential: object[] }).verifiableCredential;
    const recognition = (await (await post('/workflows/recognise/exchanges', { target: 'care-certificate@2025' })).json()) as { exchangeId: string; protocols: { vcapi: string } };
    expect((await participateInExchange({ exchangeUrl: recognition.protocols.vcapi, key: worker, credentials, fetch })).ok).toBe(true);
    const outcome = (await (await fetch(`${base}/exchanges/${recognition.exchangeId}`, { headers: { authorization: `Bearer ${lmsToken}` } })).json()) as { status: string; report: { standards: { code: string; status: string }[] } };
    expect(outcome.status).toBe('verified');
    expect(outcome.report.standards.find((standard) => standard.code === '7')?.status).not.toBe('gap');
  });
});
