import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '@carepass/credentials';
import { createService } from '../src/app.js';
import { createTokenIssuer, externalTokenVerifier, parseClients, SCOPES } from '../src/auth.js';
import { createSqliteStore } from '../src/store.js';

type Json = Record<string, unknown>;
const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

async function startService(auth: Parameters<typeof createService>[0]['auth'], extra: Partial<Parameters<typeof createService>[0]> = {}) {
  const store = await createSqliteStore(join(await mkdtemp(join(tmpdir(), 'carepass-auth-')), 'carepass.db'));
  // The service needs its own URL, so it is created once the server listens.
  const slot: { app?: ReturnType<typeof createService> } = {};
  const server = serve({ fetch: (request) => (slot.app as ReturnType<typeof createService>).fetch(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  slot.app = createService({ store, issuerKey: await generateIssuerKey(), baseUrl: base, ...(auth ? { auth } : {}), ...extra });
  return { base, close: async () => new Promise<void>((resolve) => server.close(() => void store.close().then(() => resolve()))) };
}

const issueBody = { achievement: { competency: 'care-certificate@2025#12' }, subject: { id: 'did:example:naomi' } };
const call = async (url: string, body: unknown, token?: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: response.status, authenticate: response.headers.get('www-authenticate'), json: (await response.json()) as Json };
};
const tokenFrom = async (base: string, form: Record<string, string>, basic?: string) => {
  const response = await fetch(`${base}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${basic}` } : {}) }, body: new URLSearchParams(form).toString() });
  return { status: response.status, json: (await response.json()) as Json };
};

describe('OAuth 2.0 with the built-in token endpoint', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let clockOffsetMs = 0;
  beforeAll(async () => {
    const clients = parseClients(`lms:s3cret:${SCOPES.issue} ${SCOPES.status};reader:r3ad:${SCOPES.status}`);
    // The token issuer's issuer and audience are the service's own URL: listen first, then wire it.
    const store = await createSqliteStore(join(await mkdtemp(join(tmpdir(), 'carepass-auth-')), 'carepass.db'));
    const slot: { app?: ReturnType<typeof createService> } = {};
    const server = serve({ fetch: (request) => (slot.app as ReturnType<typeof createService>).fetch(request), port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Tokens live a minute; the expiry test mints one two minutes in the past rather than waiting.
    const tokenIssuer = await createTokenIssuer({ issuer: base, audience: base, clients, ttlSeconds: 60, now: () => Date.now() + clockOffsetMs });
    slot.app = createService({ store, issuerKey: await generateIssuerKey(), baseUrl: base, auth: { verifier: tokenIssuer.verifier, tokenIssuer } });
    service = { base, close: async () => new Promise<void>((resolve) => server.close(() => void store.close().then(() => resolve()))) };
  });
  afterAll(async () => service?.close());

  it('refuses issuing without a token (401, WWW-Authenticate: Bearer), with the wrong scope (403), and issues with the right one', async () => {
    const none = await call(`${service.base}/credentials/issue`, issueBody);
    expect([none.status, none.authenticate, none.json.type]).toEqual([401, 'Bearer', 'https://w3id.org/carepass/problems/unauthorized']);
    const reader = await tokenFrom(service.base, { grant_type: 'client_credentials', client_id: 'reader', client_secret: 'r3ad' });
    expect(reader.status).toBe(200);
    expect((await call(`${service.base}/credentials/issue`, issueBody, reader.json.access_token as string)).status).toBe(403);
    const lms = await tokenFrom(service.base, { grant_type: 'client_credentials', scope: SCOPES.issue }, Buffer.from('lms:s3cret').toString('base64'));
    expect(lms.json).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: SCOPES.issue });
    expect((await call(`${service.base}/credentials/issue`, issueBody, lms.json.access_token as string)).status).toBe(201);
    // Verification stays open.
    expect((await call(`${service.base}/credentials/verify`, { verifiableCredential: {} })).status).toBe(400);
  });

  it('refuses a forged, tampered or expired token (401), and bad client credentials at the token endpoint', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ scope: SCOPES.issue }).setProtectedHeader({ alg: 'EdDSA', kid: 'carepass-1' }).setIssuer(service.base).setAudience(service.base).setExpirationTime('1h').sign(privateKey);
    expect((await call(`${service.base}/credentials/issue`, issueBody, forged)).status).toBe(401);
    const good = (await tokenFrom(service.base, { grant_type: 'client_credentials', client_id: 'lms', client_secret: 's3cret' })).json.access_token as string;
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), exp: 4_000_000_000 })).toString('base64url');
    expect((await call(`${service.base}/credentials/status`, { credentialId: 'urn:x', status: true }, `${header}.${widened}.${signature}`)).status).toBe(401);
    clockOffsetMs = -120_000;
    const old = (await tokenFrom(service.base, { grant_type: 'client_credentials', client_id: 'lms', client_secret: 's3cret' })).json.access_token as string;
    clockOffsetMs = 0;
    expect((await call(`${service.base}/credentials/issue`, issueBody, good)).status).toBe(201);
    const expired = await call(`${service.base}/credentials/issue`, issueBody, old);
    expect([expired.status, expired.json.detail]).toEqual([401, 'the token has expired']);
    expect((await tokenFrom(service.base, { grant_type: 'client_credentials', client_id: 'lms', client_secret: 'wrong' })).status).toBe(401);
    expect((await tokenFrom(service.base, { grant_type: 'password', client_id: 'lms', client_secret: 's3cret' })).json.error).toBe('unsupported_grant_type');
    expect((await tokenFrom(service.base, { grant_type: 'client_credentials', client_id: 'reader', client_secret: 'r3ad', scope: SCOPES.issue })).json.error).toBe('invalid_scope');
    // Status changes and publishing need the status scope.
    expect((await call(`${service.base}/status-lists/revocation/publish`, {})).status).toBe(401);
  });
});

describe('OAuth 2.0 with an external authorization server (JWKS on 127.0.0.1)', () => {
  let jwksServer: Server;
  let service: Awaited<ReturnType<typeof startService>>;
  let sign: (claims: Json, options?: { issuer?: string; audience?: string }) => Promise<string>;
  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'as-1', alg: 'EdDSA' };
    jwksServer = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    const authorizationServer = await listen(jwksServer);
    service = await startService({ verifier: externalTokenVerifier({ jwksUrl: `${authorizationServer}/jwks`, issuer: 'https://as.example', audience: 'https://carepass.example' }) });
    sign = (claims, options = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: 'as-1' }).setIssuer(options.issuer ?? 'https://as.example').setAudience(options.audience ?? 'https://carepass.example').setExpirationTime('5m').sign(privateKey);
  });
  afterAll(async () => {
    await service?.close();
    await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
  });

  it('accepts its tokens with the scope, and refuses another issuer or audience', async () => {
    expect((await call(`${service.base}/credentials/issue`, issueBody, await sign({ scope: SCOPES.issue }))).status).toBe(201);
    expect((await call(`${service.base}/credentials/issue`, issueBody, await sign({ scope: SCOPES.status }))).status).toBe(403);
    expect((await call(`${service.base}/credentials/issue`, issueBody, await sign({ scope: SCOPES.issue }, { issuer: 'https://evil.example' }))).status).toBe(401);
    expect((await call(`${service.base}/credentials/issue`, issueBody, await sign({ scope: SCOPES.issue }, { audience: 'https://elsewhere.example' }))).status).toBe(401);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client address is over its limit', async () => {
    const service = await startService(undefined, { rateLimit: { requests: 3, windowSeconds: 60 } });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 5; index++) statuses.push((await fetch(`${service.base}/status-lists/revocation`)).status);
      expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429]);
      const limited = await fetch(`${service.base}/status-lists/revocation`);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await service.close();
    }
  });
});
