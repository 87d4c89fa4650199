import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresentation, createTrustChecker, createTrustRegistry, generateIssuerKey, verifyCredential } from '@carepass/credentials';
import { createService } from '../src/app.js';
import type { ServiceStore } from '../src/store.js';
import { forEachStore } from './postgres.js';

type Json = Record<string, unknown>;

/** Runs the whole suite against one store kind, on a server started on 127.0.0.1 for the test. */
function suite(kind: string, makeStore: () => Promise<ServiceStore>) {
  describe(`VC API service (${kind})`, () => {
    let base: string;
    let close: () => Promise<void>;
    let issuerDid: string;
    const post = async (path: string, body: unknown, init: RequestInit = {}) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init });
      return { status: response.status, type: response.headers.get('content-type') ?? '', json: (await response.json()) as Json };
    };

    beforeAll(async () => {
      const store = await makeStore();
      const issuerKey = await generateIssuerKey();
      issuerDid = issuerKey.controller;
      const registry = await createTrustRegistry({ key: await generateIssuerKey(), name: 'Test register', issuers: [{ id: issuerDid, name: 'Sunrise Home Care', scope: ['*'] }] });
      const server = serve({ fetch: (request) => app.fetch(request), port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const app = createService({ store, issuerKey, issuerName: 'Sunrise Home Care', baseUrl: base, checkTrust: await createTrustChecker({ registries: [registry] }), maxBodyBytes: 256 * 1024 });
      close = async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      };
    });
    afterAll(async () => close?.());

    it('issues a Carepass achievement (201) that verifies, status and trust included', async () => {
      const issued = await post('/credentials/issue', { achievement: { framework: 'care-certificate@2015' }, subject: { id: 'did:example:naomi' }, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2016-03-01T00:00:00Z' });
      expect(issued.status).toBe(201);
      const credential = issued.json.verifiableCredential as Json;
      expect(credential).toMatchObject({ issuer: { id: issuerDid, name: 'Sunrise Home Care' }, credentialStatus: [expect.objectContaining({ statusListCredential: `${base}/status-lists/revocation` }), expect.anything()] });
      const verified = await post('/credentials/verify', { verifiableCredential: credential });
      expect(verified.status).toBe(200);
      expect(verified.json).toMatchObject({ verified: true, status: 'valid', errors: [] });
      expect((verified.json.checks as { check: string; ok: boolean }[]).filter((check) => ['status', 'trust'].includes(check.check)).every((check) => check.ok)).toBe(true);
    });

    it('issues a VC API credential: completes the id, allocates status, refuses another issuer (422), a missing issuer or a null id (400)', async () => {
      const unsigned = { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'], type: ['VerifiableCredential', 'ExampleCredential'], issuer: issuerDid, credentialSubject: { id: 'did:example:naomi', name: 'Naomi' } };
      const issued = await post('/credentials/issue', { credential: unsigned });
      expect(issued.status).toBe(201);
      expect(issued.json.verifiableCredential).toMatchObject({ issuer: issuerDid, id: expect.stringMatching(/^urn:uuid:/u), credentialStatus: expect.anything() });
      const { issuer: _issuer, ...noIssuer } = unsigned;
      expect((await post('/credentials/issue', { credential: noIssuer })).status).toBe(400);
      expect((await post('/credentials/issue', { credential: { ...unsigned, id: null } })).json).toMatchObject({ status: 400, errors: [{ path: '$.credential.id' }] });
      // VC 1.1 has no Bitstring status terms: issued without a status entry.
      const v1 = await post('/credentials/issue', { credential: { ...unsigned, '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:naomi' } } });
      expect(v1.status, JSON.stringify(v1.json)).toBe(201);
      expect(v1.json.verifiableCredential).not.toHaveProperty('credentialStatus');
      // A status the caller supplies is signed as given.
      const supplied = { id: 'https://status.example/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5', statusListCredential: 'https://status.example/1' };
      expect((await post('/credentials/issue', { credential: { ...unsigned, credentialStatus: supplied } })).json.verifiableCredential).toMatchObject({ credentialStatus: supplied });
      expect((await verifyCredential(issued.json.verifiableCredential, { failClosed: false })).checks.find((check) => check.check === 'proof')?.ok).toBe(true);
      const other = await post('/credentials/issue', { credential: { ...unsigned, issuer: 'did:example:someone-else' } });
      expect(other.status).toBe(422);
      expect(other.type).toContain('application/problem+json');
      expect(other.json).toMatchObject({ type: 'https://w3id.org/carepass/problems/issuer-mismatch', status: 422 });
    });

    it('honours the issue options it offers (created, cryptosuite, credentialStatus) and refuses the others with 422', async () => {
      const unsigned = { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'], type: ['VerifiableCredential'], issuer: issuerDid, credentialSubject: { id: 'did:example:naomi' } };
      const jcs = await post('/credentials/issue', { credential: unsigned, options: { created: '2026-01-02T03:04:05Z', cryptosuite: 'eddsa-jcs-2022', credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } } });
      expect(jcs.status).toBe(201);
      const credential = jcs.json.verifiableCredential as Json;
      expect(credential.proof).toMatchObject({ cryptosuite: 'eddsa-jcs-2022', created: '2026-01-02T03:04:05Z' });
      expect((credential.credentialStatus as Json[]).map((entry) => entry.statusPurpose)).toEqual(['revocation']);
      // Its proof and status check out (this service also checks trust, which an example credential attests nothing to).
      const verified = await post('/credentials/verify', { verifiableCredential: credential });
      expect((verified.json.checks as Json[]).filter((check) => ['proof', 'status'].includes(String(check.check))).map((check) => check.ok)).toEqual([true, true]);
      const carepass = await post('/credentials/issue', { achievement: { competency: 'care-certificate@2025#12' }, subject: { id: 'did:example:naomi' }, options: { cryptosuite: 'eddsa-jcs-2022' } });
      expect((carepass.json.verifiableCredential as { proof: Json[] }).proof).toEqual([expect.objectContaining({ cryptosuite: 'eddsa-jcs-2022' })]);
      for (const [options, path] of [[{ cryptosuite: 'ecdsa-rdfc-2019' }, '$.options.cryptosuite'], [{ created: 'yesterday' }, '$.options.created'], [{ credentialStatus: { type: 'StatusList2021Entry' } }, '$.options.credentialStatus'], [{ mandatoryPointers: ['/issuer'] }, '$.options.mandatoryPointers']] as const) {
        const refused = await post('/credentials/issue', { credential: unsigned, options });
        expect([refused.status, (refused.json.errors as Json[])[0]?.path]).toEqual([422, path]);
      }
    });

    it('answers bad requests with problem details: 400 malformed, 422 unprocessable, 404 unknown, 413 too large', async () => {
      const malformed = await post('/credentials/issue', '{ not json');
      expect([malformed.status, malformed.json.type]).toEqual([400, 'https://w3id.org/carepass/problems/malformed-json']);
      expect((await post('/credentials/issue', [])).status).toBe(400);
      expect((await post('/credentials/issue', { achievement: { framework: 'care-certificate@2015', competency: 'x' }, subject: { id: 'did:example:a' } })).status).toBe(400);
      const unknown = await post('/credentials/issue', { achievement: { framework: 'no-such-framework' }, subject: { id: 'did:example:a' } });
      expect([unknown.status, unknown.json.code]).toEqual([422, 'FRAMEWORK_NOT_FOUND']);
      const noContext = await post('/credentials/issue', { credential: { type: ['VerifiableCredential'], issuer: issuerDid, credentialSubject: { id: 'did:example:a' } } });
      expect(noContext.status).toBe(422);
      expect(noContext.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^\$/u) })]));
      expect((await post('/credentials/verify', {})).status).toBe(400);
      expect((await post('/credentials/status', { credentialId: 'urn:uuid:nope', status: true })).status).toBe(404);
      expect((await fetch(`${base}/no/such/endpoint`)).status).toBe(404);
      const huge = await post('/credentials/verify', { verifiableCredential: { padding: 'x'.repeat(300 * 1024) } });
      expect([huge.status, huge.json.type]).toEqual([413, 'https://w3id.org/carepass/problems/payload-too-large']);
      for (const response of [malformed, unknown, huge]) expect(response.json).toMatchObject({ title: expect.any(String), detail: expect.any(String) });
    });

    it('revokes and suspends through POST /credentials/status, and publishes the lists at GET /status-lists/{id}', async () => {
      const credential = (await post('/credentials/issue', { achievement: { competency: 'care-certificate@2025#15' }, subject: { id: 'did:example:naomi' } })).json.verifiableCredential as Json;
      const suspended = await post('/credentials/status', { credentialId: credential.id, credentialStatus: { statusPurpose: 'suspension' }, status: true });
      expect(suspended).toMatchObject({ status: 200, json: { statusPurpose: 'suspension', status: true } });
      expect((await post('/credentials/verify', { verifiableCredential: credential })).json).toMatchObject({ verified: false, status: 'suspended' });
      await post('/credentials/status', { credentialId: credential.id, credentialStatus: { statusPurpose: 'suspension' }, status: false });
      expect((await post('/credentials/verify', { verifiableCredential: credential })).json).toMatchObject({ verified: true });
      await post('/credentials/status', { credentialId: credential.id, status: true });
      expect((await post('/credentials/verify', { verifiableCredential: credential })).json).toMatchObject({ verified: false, status: 'revoked' });
      expect((await post('/credentials/status', { credentialId: credential.id, status: false })).status).toBe(422);
      const list = await fetch(`${base}/status-lists/revocation`);
      expect(list.status).toBe(200);
      const listCredential = (await list.json()) as Json;
      expect(listCredential).toMatchObject({ id: `${base}/status-lists/revocation`, type: expect.arrayContaining(['BitstringStatusListCredential']) });
      expect((await verifyCredential(listCredential)).verified).toBe(true);
      expect((await fetch(`${base}/status-lists/other`)).status).toBe(404);
    });

    it('reads what was signed: a revoked credential rewritten to hide its status (signature intact) is still refused', async () => {
      const credential = (await post('/credentials/issue', { achievement: { competency: 'care-certificate@2025#12' }, subject: { id: 'did:example:naomi' } })).json.verifiableCredential as Json;
      await post('/credentials/status', { credentialId: credential.id, status: true });
      // The same RDF graph, so the same signature: credentialStatus written as its full IRI.
      const { credentialStatus, ...rest } = credential;
      const rewritten = { ...rest, 'https://www.w3.org/2018/credentials#credentialStatus': credentialStatus };
      const verified = await post('/credentials/verify', { verifiableCredential: rewritten });
      expect(verified.json).toMatchObject({ verified: false });
      expect(['revoked', 'invalid']).toContain(verified.json.status);
      const report = await post('/recognitions', { target: 'care-certificate@2025', asOf: '2026-11-23', verifiableCredentials: [rewritten] });
      expect(report.json.rejectedEvidence).toEqual([expect.objectContaining({ code: expect.stringMatching(/^(revoked|invalid)$/u) })]);
    });

    it('never hands out the same status index twice, even under concurrent issuance', async () => {
      const responses = await Promise.all(Array.from({ length: 12 }, () => post('/credentials/issue', { achievement: { competency: 'care-certificate@2025#1' }, subject: { id: 'did:example:many' } })));
      expect(responses.every((response) => response.status === 201)).toBe(true);
      const indexes = responses.map((response) => ((response.json.verifiableCredential as Json).credentialStatus as { statusListIndex: string }[])[0]?.statusListIndex);
      expect(new Set(indexes).size).toBe(12);
    });

    it('verifies presentations for a challenge and domain, refuses a replay to another verifier (400), and binds the holder only when asked', async () => {
      const holder = await generateIssuerKey();
      const credential = (await post('/credentials/issue', { achievement: { framework: 'care-certificate@2015' }, subject: { id: holder.controller } })).json.verifiableCredential as Json;
      const presentation = await createPresentation([credential], { key: holder, challenge: 'c-42', domain: 'employer-b.example' });
      const ok = await post('/presentations/verify', { verifiablePresentation: presentation, options: { challenge: 'c-42', domain: 'employer-b.example' } });
      expect([ok.status, ok.json.verified]).toEqual([200, true]);
      expect(ok.json.checks).toContainEqual(expect.objectContaining({ check: 'holder', code: 'not_required' }));
      const replay = await post('/presentations/verify', { verifiablePresentation: presentation, options: { challenge: 'c-42', domain: 'elsewhere.example' } });
      expect([replay.status, replay.json.verified]).toEqual([400, false]);
      // Without a challenge a signed presentation still verifies; an unsigned one does too (its credentials are verified).
      expect((await post('/presentations/verify', { verifiablePresentation: presentation })).status).toBe(200);
      const { proof: _proof, ...unsigned } = presentation as Json;
      expect((await post('/presentations/verify', { verifiablePresentation: unsigned })).status).toBe(200);
      // Holder binding on request: another person's credential in the holder's presentation is refused.
      const stranger = (await post('/credentials/issue', { achievement: { framework: 'care-certificate@2015' }, subject: { id: 'did:example:someone-else' } })).json.verifiableCredential as Json;
      const borrowed = await createPresentation([stranger], { key: holder, challenge: 'c-43', domain: 'employer-b.example' });
      const bound = await post('/presentations/verify', { verifiablePresentation: borrowed, options: { challenge: 'c-43', domain: 'employer-b.example', holderBinding: true } });
      expect([bound.status, bound.json.verified]).toEqual([400, false]);
      expect((await post('/presentations/verify', { verifiablePresentation: borrowed, options: { challenge: 'c-43', domain: 'employer-b.example' } })).status).toBe(200);
      expect((await post('/presentations/verify', { verifiablePresentation: unsigned, options: { holderBinding: true } })).status).toBe(400);
    });

    it('answers verification with 200 when the credential verifies and 400 with the whole result when it does not; publishes lists on POST', async () => {
      const credential = (await post('/credentials/issue', { achievement: { competency: 'care-certificate@2025#12' }, subject: { id: 'did:example:naomi' } })).json.verifiableCredential as Json;
      expect((await post('/credentials/verify', { verifiableCredential: credential })).status).toBe(200);
      const tampered = await post('/credentials/verify', { verifiableCredential: { ...credential, validFrom: '2020-01-01T00:00:00Z' } });
      expect([tampered.status, tampered.json.verified]).toEqual([400, false]);
      expect(tampered.json.checks).toContainEqual(expect.objectContaining({ check: 'proof', ok: false }));
      expect(tampered.json.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^proof: /u)]));
      const published = await post('/status-lists/revocation/publish', {});
      expect([published.status, published.json.type]).toEqual([200, expect.arrayContaining(['BitstringStatusListCredential'])]);
    });

    it('runs recognition over POST /recognitions', async () => {
      const credential = (await post('/credentials/issue', { achievement: { framework: 'care-certificate@2015' }, subject: { id: 'did:example:naomi' }, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2016-03-01T00:00:00Z' })).json.verifiableCredential as Json;
      const forged = { ...credential, awardedDate: '2026-01-01T00:00:00Z' };
      const report = await post('/recognitions', { target: 'care-certificate@2025', asOf: '2026-11-23', verifiableCredentials: [credential, forged] });
      expect(report.status).toBe(200);
      expect(report.json).toMatchObject({ target: { ref: 'care-certificate@2025' }, asOf: '2026-11-23', rejectedEvidence: [expect.objectContaining({ code: 'tampered' })] });
      expect((report.json.standards as { code: string; status: string }[]).find((standard) => standard.code === '12')?.status).toBe('refresh-due');
      expect((await post('/recognitions', { target: 'no-such', verifiableCredentials: [] })).status).toBe(422);
      expect((await post('/recognitions', { target: 'care-certificate@2025' })).status).toBe(400);
    });
  });
}

forEachStore(suite, 'carepass-sqlite');

describe('npm start', () => {
  it('starts from its build with SQLite, answers, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-vc-api-'));
    // Vitest puts Vite's BASE_URL ("/") into process.env: the service must not inherit it.
    const { BASE_URL: _viteBase, ...inherited } = process.env;
    const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], { cwd: dir, env: { ...inherited, PORT: '0', HOST: '127.0.0.1', AUTH: 'none' } });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(line).toMatch(/^Carepass VC API on http:\/\/127\.0\.0\.1:\d+ \(issuer did:key:z6Mk\w+, sqlite storage, no authentication\)/u);
    const url = /http:\/\/127\.0\.0\.1:\d+/u.exec(line)?.[0] as string;
    const response = await fetch(`${url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"verifiableCredential": {}}' });
    expect(response.status).toBe(400);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start without authentication configured, saying how to set it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-vc-api-'));
    const { BASE_URL: _viteBase, AUTH: _auth, OAUTH_CLIENTS: _clients, OAUTH_JWKS_URL: _jwks, ...inherited } = process.env;
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], { cwd: dir, env: { ...inherited, PORT: '0', HOST: '127.0.0.1' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^set OAUTH_CLIENTS \(built-in token endpoint\), or OAUTH_JWKS_URL and OAUTH_ISSUER/u);
  });

  it('refuses to start with a BASE_URL that is not an http(s) URL, saying why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-vc-api-'));
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('../dist/main.js', import.meta.url))], { cwd: dir, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BASE_URL: '/' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^BASE_URL must be the http\(s\) URL the service is reached at/u);
  });
});
