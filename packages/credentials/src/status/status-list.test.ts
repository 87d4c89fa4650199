import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusBitstring, encodeStatusBitstring, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './bitstring.js';
import { issueCredential } from '../issue/issue.js';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { allocateFromStatusListFile, createStatusListFile, readStatusListFile, readStatusListDirectory, updateStatusListFile } from '../node/status-list-files.js';
import { allocateStatusIndex, createStatusChecker, createStatusListState, DEFAULT_MAX_STATUS_LIST_AGE_SECONDS, issueStatusListCredentials, createStatusEntries, createStatusListResolver } from './status-list.js';
import { readVector } from '@carepass/test-support';
import { verifyCredential } from '../verify/verify.js';

const BSL = 'bitstring-status-list/';

describe('bitstrings', () => {
  it('decode the spec example to 131,072 zero bits, and encode them back byte for byte', async () => {
    const example = readVector<{ credentialSubject: { encodedList: string } }>(`${BSL}example-status-list-credential.json`);
    const bits = await decodeStatusBitstring(example.credentialSubject.encodedList);
    expect(bits.length * 8).toBe(MIN_STATUS_LIST_BITS);
    expect(bits.every((byte) => byte === 0)).toBe(true);
    expect(await encodeStatusBitstring(bits)).toBe(example.credentialSubject.encodedList);
  });

  it('read back exactly the bits written, most significant bit first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: MIN_STATUS_LIST_BITS - 1 }), { maxLength: 50 }), async (indexes) => {
        let bits: Uint8Array = new Uint8Array(MIN_STATUS_LIST_BITS / 8);
        for (const index of indexes) bits = writeStatus(bits, index, true);
        const decoded = await decodeStatusBitstring(await encodeStatusBitstring(bits));
        for (const index of indexes) expect(readStatus(decoded, index)).toBe(1);
        expect(decoded.reduce((count, byte) => count + byte.toString(2).replace(/0/g, '').length, 0)).toBe(indexes.length);
      }),
      { numRuns: 30 },
    );
    expect(readStatus(writeStatus(new Uint8Array(2), 0, true), 0)).toBe(1);
    expect(writeStatus(new Uint8Array(2), 0, true)[0]).toBe(0b1000_0000);
  });

  it('refuse lists that are short, malformed or compression bombs', async () => {
    await expect(decodeStatusBitstring(await encodeStatusBitstring(new Uint8Array(100)))).rejects.toMatchObject({ code: 'INPUT_UNREADABLE' });
    await expect(decodeStatusBitstring('zNotBase64url')).rejects.toMatchObject({ code: 'INPUT_UNREADABLE' });
    await expect(decodeStatusBitstring('uAAAA')).rejects.toMatchObject({ code: 'INPUT_UNREADABLE' });
    await expect(decodeStatusBitstring(await encodeStatusBitstring(new Uint8Array(17 * 1024 * 1024)))).rejects.toThrow(/more than/);
  });

  it('read multi-bit message statuses as the spec message example describes', async () => {
    const raw = readVector<unknown>(`${BSL}appendix-multiple-entries-single-list.json`);
    expect(raw).toBeDefined();
    let bits: Uint8Array = new Uint8Array(MIN_STATUS_LIST_BITS / 8);
    bits = writeStatus(bits, 2 * 7, false);
    bits = writeStatus(bits, 2 * 7 + 1, true);
    expect(readStatus(bits, 7, 2)).toBe(1);
  });
});

describe('allocation', () => {
  it('hands out distinct random indexes', async () => {
    let state = await createStatusListState({ id: 'https://status.example/1', issuer: 'did:example:issuer' });
    const seen = new Set<number>();
    for (let count = 0; count < 200; count++) {
      const allocation = await allocateStatusIndex(state);
      expect(seen.has(allocation.index)).toBe(false);
      seen.add(allocation.index);
      state = allocation.state;
    }
    expect(state.allocatedCount).toBe(200);
    const sorted = [...seen].sort((a, b) => a - b);
    expect(sorted.at(-1)! - sorted[0]!).toBeGreaterThan(MIN_STATUS_LIST_BITS / 2);
  });

  it('never reuses an index, even when the random source repeats', async () => {
    let state = await createStatusListState({ id: 'https://status.example/1', issuer: 'did:example:issuer' });
    const indexes: number[] = [];
    for (let count = 0; count < 20; count++) {
      const allocation = await allocateStatusIndex(state, { random: () => 0.5 });
      indexes.push(allocation.index);
      state = allocation.state;
    }
    expect(new Set(indexes).size).toBe(20);
  });

  it('persists every allocation before returning it, across restarts and concurrent callers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-status-'));
    const key = await generateIssuerKey();
    const path = join(dir, 'list.json');
    await createStatusListFile(path, { key, id: 'https://status.example/lists/1' });
    const concurrent = await Promise.all(Array.from({ length: 40 }, () => allocateFromStatusListFile(path)));
    // A "restart": nothing is kept in memory, only the file.
    const later = await allocateFromStatusListFile(path);
    const indexes = [...concurrent.map((allocation) => allocation.index), later.index];
    expect(new Set(indexes).size).toBe(41);
    expect((await readStatusListFile(path)).state.allocatedCount).toBe(41);
    await expect(createStatusListFile(path, { key })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
  });

  it('reads only a status list file that fits its schema, naming the path of what does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-status-'));
    const key = await generateIssuerKey();
    const path = join(dir, 'schema.json');
    const file = structuredClone(await createStatusListFile(path, { key, id: 'https://status.example/lists/schema' })) as unknown as { state: Record<string, unknown> };
    for (const [change, where] of [[(state: Record<string, unknown>) => (state.length = -1), /\$\.state\.length/u], [(state: Record<string, unknown>) => (state.extra = 1), /\$\.state: unknown property "extra"/u], [(state: Record<string, unknown>) => delete state.lists, /\$\.state\.lists/u]] as const) {
      const broken = structuredClone(file);
      change(broken.state);
      await writeFile(path, JSON.stringify(broken));
      await expect(readStatusListFile(path)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: expect.stringMatching(where) });
    }
  });
});

describe('status checks', () => {
  let key: IssuerKey;
  let dir: string;
  let listPath: string;
  let index: number;
  let credential: Record<string, unknown>;
  const verify = async (subject: Record<string, unknown>, directory = dir, failClosed = true) =>
    verifyCredential(subject, { checkStatus: createStatusChecker({ resolve: await readStatusListDirectory(directory), failClosed }) });

  beforeAll(async () => {
    key = await generateIssuerKey();
    dir = await mkdtemp(join(tmpdir(), 'carepass-status-check-'));
    listPath = join(dir, 'list.json');
    await createStatusListFile(listPath, { key, id: 'https://training.example/status/1' });
    const allocation = await allocateFromStatusListFile(listPath);
    index = allocation.index;
    credential = await issueCredential({ framework: 'care-certificate@2015', subject: { id: 'did:example:worker' } }, { key, extra: { credentialStatus: createStatusEntries(allocation.state, index) } });
  });

  it('pass a credential that is neither revoked nor suspended', async () => {
    expect(await verify(credential)).toMatchObject({ verified: true, status: 'valid' });
    expect((credential.credentialStatus as { statusListIndex: string }[])[0]?.statusListIndex).toBe(String(index));
  });

  it('refuse a suspended credential until it is unsuspended, and a revoked one for good', async () => {
    await updateStatusListFile(listPath, { key, index, purpose: 'suspension', on: true });
    expect(await verify(credential)).toMatchObject({ verified: false, status: 'suspended' });
    await updateStatusListFile(listPath, { key, index, purpose: 'suspension', on: false });
    expect(await verify(credential)).toMatchObject({ verified: true });
    await updateStatusListFile(listPath, { key, index, purpose: 'revocation', on: true });
    const revoked = await verify(credential);
    expect(revoked).toMatchObject({ verified: false, status: 'revoked' });
    expect(revoked.checks.find((check) => check.check === 'status')).toMatchObject({ ok: false, code: 'revoked' });
    await expect(updateStatusListFile(listPath, { key, index, purpose: 'revocation', on: false })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('fail closed when the list cannot be had, and open when configured so', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'carepass-empty-'));
    expect(await verify(credential, empty)).toMatchObject({ verified: false, status: 'status-unavailable' });
    expect(await verify(credential, empty, false)).toMatchObject({ verified: true });
    expect((await verifyCredential(credential)).checks.find((check) => check.check === 'status')).toMatchObject({ ok: false, code: 'status_unavailable' });
  });

  it('refuse a credential whose status list was tampered with', async () => {
    const file = JSON.parse(await readFile(listPath, 'utf8'));
    file.credentials.revocation.credentialSubject.encodedList = (await readStatusListFile(listPath)).state.lists.suspension;
    const tampered = await mkdtemp(join(tmpdir(), 'carepass-tampered-'));
    await writeFile(join(tampered, 'list.json'), JSON.stringify(file));
    const result = await verify(credential, tampered);
    expect(result.checks.find((check) => check.check === 'status')).toMatchObject({ ok: false, code: 'status_list_invalid' });
  });

  it('verify a list once for many credentials, but again when it changes in place', async () => {
    const file = await readStatusListFile(listPath);
    const list = structuredClone(file.credentials.revocation) as unknown as { id: string; credentialSubject: { encodedList: string } };
    const suspension = structuredClone(file.credentials.suspension) as object;
    let lookups = 0;
    const checkStatus = createStatusChecker({ resolve: async (url) => (lookups++, url === list.id ? list : suspension) });
    const documentLoader = (await import('../jsonld/document-loader.js')).createDocumentLoader();
    const now = new Date();
    const first = await verifyCredential(credential, { now, documentLoader, checkStatus });
    const second = await verifyCredential(credential, { now, documentLoader, checkStatus });
    expect(first.status).toBe('revoked');
    expect(second).toEqual(first);
    expect(lookups).toBeGreaterThanOrEqual(2);
    // Changed without being signed again: the cache must not hide it.
    list.credentialSubject.encodedList = file.state.lists.suspension;
    const changed = await verifyCredential(credential, { now, documentLoader, checkStatus });
    expect(changed.checks.find((check) => check.check === 'status')).toMatchObject({ ok: false, code: 'status_list_invalid' });
  });

  it('refuse a status list from another issuer', async () => {
    const other = await generateIssuerKey();
    const otherDir = await mkdtemp(join(tmpdir(), 'carepass-other-'));
    await createStatusListFile(join(otherDir, 'list.json'), { key: other, id: 'https://training.example/status/1' });
    expect((await verify(credential, otherDir)).checks.find((check) => check.check === 'status')).toMatchObject({ ok: false, code: 'status_list_issuer_mismatch' });
  });

  it('read the spec example entries, with a resolver over documents in memory', async () => {
    const entries = readVector<{ credentialStatus: unknown[] }>(`${BSL}example-credential-simple-entries.json`).credentialStatus;
    expect(entries.map((entry) => (entry as { statusPurpose: string }).statusPurpose)).toEqual(['revocation', 'suspension']);
    const resolve = createStatusListResolver([readVector(`${BSL}example-status-list-credential.json`)]);
    expect(await resolve('https://example.com/credentials/status/3')).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'] });
    // The spec's list is unsigned, so a checker refuses it as a status list.
    const outcome = await createStatusChecker({ resolve })({ credentialStatus: entries[0] } as Record<string, unknown>, { now: new Date(), documentLoader: (await import('../jsonld/document-loader.js')).createDocumentLoader(), issuer: 'did:example:12345' });
    expect(outcome).toMatchObject({ ok: false, code: 'status_list_invalid' });
  });

  it('refuse a stale list: signed longer ago than the limit (31 days by default) or its own ttl', async () => {
    const file = await readStatusListFile(listPath);
    const lists = Object.values(file.credentials);
    const signedAt = Date.parse(String(file.credentials.revocation.validFrom));
    expect((file.credentials.revocation.credentialSubject as { ttl?: number }).ttl).toBe(DEFAULT_MAX_STATUS_LIST_AGE_SECONDS * 1000);
    const at = (days: number, options: { maxListAgeSeconds?: number } = {}) =>
      verifyCredential(credential, { now: new Date(signedAt + days * 86_400_000), checkStatus: createStatusChecker({ resolve: createStatusListResolver(lists), ...options }) });
    expect((await at(30)).status).toBe('revoked');
    const stale = await at(32);
    expect(stale).toMatchObject({ verified: false, status: 'status-unavailable' });
    expect(stale.checks.find((check) => check.check === 'status')).toMatchObject({ code: 'status_list_stale', message: expect.stringMatching(/ttl/u) });
    expect((await at(2, { maxListAgeSeconds: 86_400 })).checks.find((check) => check.check === 'status')).toMatchObject({ code: 'status_list_stale' });
    // Without a ttl, the caller's limit decides; Infinity turns it off.
    const state = (await readStatusListFile(listPath)).state;
    const untimed = Object.values(await issueStatusListCredentials(state, { key, ttl: null, validFrom: new Date(signedAt).toISOString().replace(/\.\d{3}Z$/u, 'Z') }));
    const far = new Date(signedAt + 400 * 86_400_000);
    expect((await verifyCredential(credential, { now: far, checkStatus: createStatusChecker({ resolve: createStatusListResolver(untimed) }) })).checks.find((check) => check.check === 'status')?.code).toBe('status_list_stale');
    expect((await verifyCredential(credential, { now: far, checkStatus: createStatusChecker({ resolve: createStatusListResolver(untimed), maxListAgeSeconds: Number.POSITIVE_INFINITY }) })).status).toBe('revoked');
  });

  it('compare entry types as sets, and fail closed on a status it cannot check', async () => {
    const checkStatus = createStatusChecker({ resolve: createStatusListResolver(Object.values((await readStatusListFile(listPath)).credentials)) });
    const context = { now: new Date(), documentLoader: (await import('../jsonld/document-loader.js')).createDocumentLoader(), issuer: key.controller };
    const entries = (credential.credentialStatus as Record<string, unknown>[]).map((entry) => ({ ...entry, type: [entry.type, 'BitstringStatusListEntry'] }));
    expect(await checkStatus({ credentialStatus: entries }, context)).toMatchObject({ ok: false, code: 'revoked' });
    const unknown = [{ id: 'https://training.example/status/other#1', type: ['SomeOtherStatusEntry'] }];
    expect(await checkStatus({ credentialStatus: unknown }, context)).toMatchObject({ ok: false, code: 'status_unavailable', status: 'status-unavailable' });
    expect(await checkStatus({ credentialStatus: 'https://training.example/status/1/revocation#5' }, context)).toMatchObject({ ok: false, code: 'status_unavailable' });
    expect(await createStatusChecker({ resolve: async () => undefined, failClosed: false })({ credentialStatus: unknown }, context)).toMatchObject({ ok: true, message: expect.stringMatching(/not checked/u) });
  });
});