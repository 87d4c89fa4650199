import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, getDidKeyOfJwk } from '@carepass/credentials';
import { CREDENTIAL_CONFIGURATIONS } from '@carepass/exchange';
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
