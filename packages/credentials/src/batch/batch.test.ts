import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import {
  allocateStatusIndex,
  createStatusListState,
  createTrustRegistry,
  createVerificationPool,
  generateIssuerKey,
  issueCredential,
  issueStatusListCredentials,
  type IssuerKey,
  setCredentialStatus,
  createStatusEntries,
  createStatusListResolver,
  createStatusChecker,
  createTrustChecker,
  type VerificationPool,
  verifyCredential,
  verifyCredentialFiles,
  verifyCredentials,
  verifyCredentialStream,
  type VerifyCredentialBatchOptions,
} from '../index.js';

// Batch verification must give, for every credential, exactly what verifyCredential gives with the
// same options, in input order, whatever the number of threads. These tests run real worker
// threads (from the TypeScript source, through tsx).

const now = new Date('2026-11-23T12:00:00Z');
let issuer: IssuerKey;
let stranger: IssuerKey;
let variants: { name: string; credential: unknown }[];
let statusLists: object[];
let registry: object;
let options: VerifyCredentialBatchOptions;
let pool: VerificationPool;

/** What verifyCredential says of each item with the options the batch was given. */
async function sequential(items: unknown[]): Promise<unknown[]> {
  const checkStatus = createStatusChecker({ resolve: createStatusListResolver(statusLists) });
  const checkTrust = await createTrustChecker({ registries: [registry], now });
  const results = [];
  for (const item of items) results.push(await verifyCredential(item, { now, checkStatus, checkTrust }));
  return results;
}

beforeAll(async () => {
  issuer = await generateIssuerKey();
  stranger = await generateIssuerKey();
  let state = await createStatusListState({ id: 'https://status.example/lists/1', issuer: issuer.controller });
  const allocated = await allocateStatusIndex(state);
  const revokedIndex = allocated.index;
  state = await setCredentialStatus(allocated.state, revokedIndex, 'revocation', true);
  const lists = await issueStatusListCredentials(state, { key: issuer, validFrom: '2026-11-20T00:00:00Z' });
  statusLists = [lists.revocation, lists.suspension];
  registry = await createTrustRegistry({ key: stranger, name: 'Test register', validFrom: '2020-01-01T00:00:00Z', issuers: [{ id: issuer.controller, name: 'Sunrise Home Care', scope: ['care-certificate@2025'] }] });
  const request = (n: number) => ({ competency: `care-certificate@2025#${1 + (n % 15)}`, subject: { id: `did:example:worker-${n}` }, validFrom: '2026-01-05T09:00:00Z' });
  const valid = await issueCredential(request(1), { key: issuer, issuer: { name: 'Sunrise Home Care' } });
  const jcs = await issueCredential(request(2), { key: issuer, issuer: { name: 'Sunrise Home Care' }, suite: 'eddsa-jcs-2022' });
  const expired = await issueCredential({ ...request(3), validUntil: '2026-06-01T00:00:00Z' }, { key: issuer, issuer: { name: 'Sunrise Home Care' } });
  const revoked = await issueCredential(request(4), { key: issuer, issuer: { name: 'Sunrise Home Care' }, extra: { credentialStatus: createStatusEntries(state, revokedIndex) } });
  const untrusted = await issueCredential(request(5), { key: stranger, issuer: { name: 'Unknown trainer' } });
  const tampered = JSON.parse(JSON.stringify(valid)) as { credentialSubject: { id: string } };
  tampered.credentialSubject.id = 'did:example:someone-else';
  variants = [
    { name: 'valid', credential: valid },
    { name: 'jcs', credential: jcs },
    { name: 'expired', credential: expired },
    { name: 'revoked', credential: revoked },
    { name: 'untrusted', credential: untrusted },
    { name: 'tampered', credential: tampered },
    { name: 'not an object', credential: 'a string' },
    { name: 'null', credential: null },
    { name: 'empty', credential: {} },
  ];
  options = { now, statusLists, trustRegistries: [registry] };
  pool = createVerificationPool({ ...options, threads: 3 });
  await pool.ready();
}, 60_000);

afterAll(async () => {
  await pool?.close();
});

describe('batch verification', () => {
  it('gives each credential exactly what verifyCredential gives, in input order, on any number of threads', async () => {
    const expected = new Map<string, unknown>();
    for (const variant of variants) expected.set(variant.name, (await sequential([variant.credential]))[0]);
    expect((expected.get('revoked') as { status: string }).status).toBe('revoked');
    expect((expected.get('untrusted') as { status: string }).status).toBe('untrusted');
    expect((expected.get('valid') as { verified: boolean }).verified).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: variants.length - 1 }), { minLength: 0, maxLength: 400, size: 'max' }), async (picks) => {
        const items = picks.map((pick) => structuredClone(variants[pick]?.credential));
        const results = await pool.verify(items);
        expect(results).toEqual(picks.map((pick) => expected.get(variants[pick]?.name as string)));
      }),
      { numRuns: 8 },
    );
    // The workers did their share: the property held for results computed in other threads.
    const stats = pool.stats();
    expect(stats.workers).toBe(2);
    expect(stats.readyWorkers).toBe(2);
    expect(stats.verifiedByWorkers).toBeGreaterThan(200);
    expect(stats.verifiedInCallingThread).toBeGreaterThan(0);
  }, 120_000);

  it('starts and stops its own workers for a one-off batch, and verifies a small batch in the calling thread', async () => {
    const items = Array.from({ length: 200 }, (_, index) => variants[index % variants.length]?.credential);
    const expected = await sequential(items);
    expect(await verifyCredentials(items, { ...options, threads: 2 })).toEqual(expected);
    expect(await verifyCredentials(items.slice(0, 5), options)).toEqual(expected.slice(0, 5));
    expect(await verifyCredentials([], { ...options, threads: 2 })).toEqual([]);
  }, 60_000);

  it('streams from an async source with a bounded number of credentials in flight', async () => {
    let pulled = 0;
    let consumed = 0;
    let widest = 0;
    const before = pool.stats().verifiedByWorkers;
    const valid = variants[0]?.credential;
    async function* source() {
      for (let index = 0; index < 1500; index++) {
        pulled++;
        widest = Math.max(widest, pulled - consumed);
        yield structuredClone(valid);
      }
    }
    for await (const result of pool.stream(source())) {
      expect(result.verified).toBe(true);
      consumed++;
    }
    expect(consumed).toBe(1500);
    expect(pool.stats().verifiedByWorkers).toBeGreaterThan(before + 300);
    // 32 chunks of 16 at most, plus the chunk being gathered: nowhere near the whole input.
    expect(widest).toBeLessThanOrEqual(32 * 16 + 16);
    expect(widest).toBeGreaterThan(16);
  }, 60_000);

  it('closes the source when the caller stops early', async () => {
    let closed = false;
    let pulled = 0;
    const valid = variants[0]?.credential;
    async function* source() {
      try {
        for (;;) {
          pulled++;
          yield structuredClone(valid);
        }
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const result of verifyCredentialStream(source(), { ...options, threads: 2 })) {
      expect(result.verified).toBe(true);
      if (++seen === 40) break;
    }
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(1000);

    // Stopped early, then the pool closed under the chunks still queued: they are dropped, not
    // verified again in this thread for nobody.
    const own = createVerificationPool({ ...options, threads: 2 });
    await own.ready();
    seen = 0;
    for await (const result of own.stream(Array.from({ length: 2000 }, () => structuredClone(valid)))) {
      expect(result.verified).toBe(true);
      if (++seen === 40) break;
    }
    await own.close();
    const after = own.stats().verifiedInCallingThread;
    await new Promise((resume) => setTimeout(resume, 300));
    expect(own.stats().verifiedInCallingThread).toBe(after);
    expect(after + own.stats().verifiedByWorkers).toBeLessThan(1000);
  }, 60_000);

  it('verifies in the calling thread what cannot be copied to a worker, and finishes a batch when the pool closes under it', async () => {
    const valid = variants[0]?.credential as Record<string, unknown>;
    const odd = { ...structuredClone(valid), toJSON: () => 'not data' };
    const items = [...Array.from({ length: 100 }, () => structuredClone(valid)), odd, ...Array.from({ length: 100 }, () => structuredClone(valid))];
    const expected = await sequential(items);
    expect(await pool.verify(items)).toEqual(expected);

    const own = createVerificationPool({ ...options, threads: 2 });
    const results = [];
    for await (const result of own.stream(Array.from({ length: 600 }, () => structuredClone(valid)))) {
      results.push(result);
      if (results.length === 50) await own.close();
    }
    expect(results).toHaveLength(600);
    expect(results.every((result) => result.verified)).toBe(true);
    expect(own.stats()).toMatchObject({ workers: 1, readyWorkers: 0 });
    expect(own.stats().verifiedByWorkers + own.stats().verifiedInCallingThread).toBeGreaterThanOrEqual(600);
    await expect(own.verify([valid])).rejects.toSatisfy((error: unknown) => isCarepassError(error, 'INVALID_ARGUMENT'));
  }, 60_000);

  it('reads files in the workers: results name files as given, and unreadable ones say why', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'carepass-batch-'));
    await mkdir(join(folder, 'sub'));
    const names: string[] = [];
    for (let index = 0; index < 150; index++) {
      const name = `credential-${String(index).padStart(3, '0')}.json`;
      await writeFile(join(folder, name), JSON.stringify(variants[index % variants.length]?.credential));
      names.push(name);
    }
    await writeFile(join(folder, 'broken.json'), '{"@context": [');
    names.splice(10, 0, 'broken.json', 'missing.json', 'sub');
    const filePool = createVerificationPool({ ...options, cwd: folder, threads: 2 });
    await filePool.ready();
    const results = [];
    for await (const result of filePool.files(names)) results.push(result);
    expect(filePool.stats().verifiedByWorkers).toBeGreaterThan(16);
    await filePool.close();
    const oneOff = [];
    for await (const result of verifyCredentialFiles(names, { ...options, cwd: folder, threads: 2 })) oneOff.push(result);
    expect(oneOff).toEqual(results);
    expect(results.map((result) => result.file)).toEqual(names);
    const byName = new Map(results.map((result) => [result.file, result]));
    expect(byName.get('broken.json')?.checks[0]).toMatchObject({ check: 'parse', ok: false, code: 'unreadable', message: expect.stringMatching(/^broken\.json: not valid JSON/) });
    expect(byName.get('missing.json')?.checks[0]).toMatchObject({ code: 'unreadable', message: 'missing.json: no such file' });
    expect(byName.get('sub')?.checks[0]).toMatchObject({ code: 'unreadable', message: 'sub: is a directory, expected a JSON file' });
    const credentials = names.filter((name) => name.startsWith('credential-')).map((name) => variants[Number(name.slice(11, 14)) % variants.length]?.credential);
    const expected = await sequential(credentials);
    expect(results.filter((result) => result.file.startsWith('credential-')).map(({ file: _file, ...rest }) => rest)).toEqual(expected);
  }, 60_000);

  it('refuses, in the workers and in the calling thread, files that are not regular files or are over the limit, without waiting on them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'carepass-batch-special-'));
    await writeFile(join(folder, 'valid.json'), JSON.stringify(variants[0]?.credential));
    await symlink('valid.json', join(folder, 'link.json'));
    await writeFile(join(folder, 'big.json'), JSON.stringify({ padding: 'x'.repeat(4096) }));
    const names = ['valid.json', 'link.json', 'big.json'];
    const expected: [string, string | undefined][] = [
      ['valid.json', undefined],
      ['link.json', undefined],
      ['big.json', 'big.json: 4110 bytes is over the 4000-byte limit'],
    ];
    if (process.platform !== 'win32') {
      await symlink('/dev/zero', join(folder, 'zero.json'));
      names.push('zero.json');
      expected.push(['zero.json', 'zero.json: is not a regular file (a character device)']);
      try {
        execFileSync('mkfifo', [join(folder, 'fifo.json')]);
        names.push('fifo.json');
        expected.push(['fifo.json', 'fifo.json: is not a regular file (a FIFO)']);
      } catch {
        // no mkfifo here
      }
    }
    const verified = await verifyCredentials([variants[0]?.credential], { ...options, threads: 0 });
    for (const threads of [0, 2]) {
      // Enough copies that the workers get some of each (chunks are 16 files).
      const batch = Array.from({ length: 6 }, () => names).flat();
      const results = [];
      for await (const result of verifyCredentialFiles(batch, { ...options, cwd: folder, threads, maxFileBytes: 4000 })) results.push(result);
      expect(results.map((result) => result.file)).toEqual(batch);
      for (const result of results) {
        const problem = expected.find(([name]) => name === result.file)?.[1];
        if (problem === undefined) expect({ ...result, file: undefined }).toEqual({ ...verified[0], file: undefined });
        else expect(result.checks).toEqual([{ check: 'parse', ok: false, code: 'unreadable', message: problem }]);
      }
    }
  }, 60_000);

  it('works from the built CommonJS entry, which finds its worker beside it; a waited-for pool keeps the process alive, an idle one does not', () => {
    const entry = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
    expect(existsSync(entry), 'run `npm run build` first').toBe(true);
    // The test-only path that boots workers from TypeScript through tsx is not in the package.
    for (const built of ['index.cjs', 'index.js']) expect(readFileSync(fileURLToPath(new URL(`../../dist/${built}`, import.meta.url)), 'utf8')).not.toContain('tsx');
    const script = `
      const c = require(${JSON.stringify(entry)});
      (async () => {
        const key = await c.generateIssuerKey();
        const credential = await c.issueCredential({ competency: 'care-certificate@2025#1', subject: { id: 'did:example:w' } }, { key });
        const pool = c.createVerificationPool({ threads: 2 });
        await pool.ready();
        const results = await pool.verify(Array.from({ length: 300 }, () => credential));
        console.log(JSON.stringify({ verified: results.filter((r) => r.verified).length, byWorkers: pool.stats().verifiedByWorkers }));
        // Not closed: the idle worker must not keep the process alive.
      })();`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { verified: number; byWorkers: number };
    expect(printed.verified).toBe(300);
    expect(printed.byWorkers).toBeGreaterThan(0);
  }, 60_000);

  it('refuses options a worker could not receive, and inputs that are not iterable, with coded errors', async () => {
    const refused = async (run: () => Promise<unknown>, pattern: RegExp) => {
      const error = await run().then(() => undefined, (caught: unknown) => caught);
      expect(isCarepassError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(pattern);
    };
    await refused(() => verifyCredentials([], { documentLoader: async () => ({}) } as never), /documentLoader .*didDocuments/);
    await refused(() => verifyCredentials([], { checkStatus: async () => ({}) } as never), /statusLists/);
    await refused(() => verifyCredentials([], { trustRegistries: 'registry.json' } as never), /trustRegistries must be an array/);
    await refused(() => verifyCredentials([], { threads: -1 }), /threads/);
    await refused(() => verifyCredentials([], { now: new Date('nonsense') }), /now/);
    await refused(() => verifyCredentials('credentials.json' as never), /iterable/);
    await refused(() => verifyCredentials(42 as never), /iterable/);
    await refused(async () => {
      for await (const _ of verifyCredentialFiles([42] as never)) void _;
    }, /path must be a string/);
    expect(() => createVerificationPool({ didDocuments: [] as never })).toThrow(/didDocuments must be an object/);
  });
});
