import { chmod, copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBinary, runInMemory } from '@carepass/test-support';

const VECTORS = join(import.meta.dirname, '../../../../fixtures/vectors/vc-di-eddsa/TestVectors');
let dir: string;
let workerDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-credentials-'));
  expect((await inDir(['keys', 'generate', '--out', 'employer.key.json'])).code).toBe(0);
  workerDid = (await inDir(['keys', 'generate', '--out', 'worker.key.json'])).stdout.trim();
});

describe('carepass keys generate', () => {
  it('prints the DID and writes a 0600 key file that it never overwrites', async () => {
    expect(workerDid).toMatch(/^did:key:z6Mk/);
    expect((await stat(join(dir, 'worker.key.json'))).mode & 0o777).toBe(0o600);
    const again = await inDir(['keys', 'generate', '--out', 'worker.key.json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('makes did:web keys and prints their did.json', async () => {
    const did = (await inDir(['keys', 'generate', '--out', 'web.key.json', '--did-web', 'training.example'])).stdout.trim();
    expect(did).toBe('did:web:training.example');
    const document = JSON.parse((await inDir(['keys', 'did-document', '--key', 'web.key.json'])).stdout);
    expect(document).toMatchObject({ id: did, assertionMethod: [expect.stringMatching(/^did:web:training\.example#z6Mk/)] });
    expect(JSON.stringify(document)).not.toContain('secretKeyMultibase');
  });
});

describe('carepass issue and verify', () => {
  it('issues a competency, a whole framework and a micro-qualification that verify', async () => {
    const runs = [
      ['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2015', '--code', '15', '--subject', workerDid, '--issuer-name', 'Employer A', '--evidence', 'Hand hygiene observed', '--out', 'c15.json'],
      ['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2015', '--subject', workerDid, '--out', 'cc.json'],
      ['issue', '--key', 'employer.key.json', '--micro-qualification', 'dementia-types-and-care', '--subject-email', 'sam@example.org', '--suite', 'eddsa-jcs-2022', '--out', 'mq.json'],
    ];
    for (const args of runs) expect((await inDir(args)).code, args.join(' ')).toBe(0);
    const verified = await inDir(['verify', 'c15.json', 'cc.json', 'mq.json', '--json']);
    const results = JSON.parse(verified.stdout) as { file: string; verified: boolean; checks: { ok: boolean }[] }[];
    expect(results.flatMap((result) => result.checks.filter((check) => !check.ok))).toEqual([]);
    expect(verified.code).toBe(0);
    expect(results.map((result) => [result.file, result.verified])).toEqual([
      ['c15.json', true],
      ['cc.json', true],
      ['mq.json', true],
    ]);
    expect(await readFile(join(dir, 'mq.json'), 'utf8')).not.toContain('sam@example.org');
  });

  it('exits 1 when any credential fails, naming the check, and keeps input order', async () => {
    const credential = JSON.parse(await readFile(join(dir, 'c15.json'), 'utf8'));
    credential.credentialSubject.achievement.name = 'Clinical skills (forged)';
    await writeFile(join(dir, 'forged.json'), JSON.stringify(credential));
    await writeFile(join(dir, 'broken.json'), '{"@context":');
    const run = await inDir(['verify', 'forged.json', 'c15.json', 'broken.json', '--json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; verified: boolean; checks: { ok: boolean; code: string }[] }[];
    expect(results.map((result) => result.file)).toEqual(['forged.json', 'c15.json', 'broken.json']);
    expect(results[0]?.checks.find((check) => !check.ok)?.code).toBe('signature_invalid');
    expect(results[2]?.checks[0]?.code).toBe('unreadable');
    const human = await inDir(['verify', 'forged.json']);
    expect(human.stdout).toMatch(/^✗ invalid {2}forged\.json: signature_invalid/);
  });

  it('reports expiry from the renewal period, at the time given', async () => {
    expect((await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2015', '--code', '12', '--subject', workerDid, '--valid-from', '2016-05-01', '--out', 'bls.json'])).code).toBe(0);
    expect((await inDir(['verify', 'bls.json', '--now', '2016-12-01T00:00:00Z'])).code).toBe(0);
    const today = await inDir(['verify', 'bls.json']);
    expect(today.code).toBe(1);
    expect(today.stdout).toContain('✗ expired');
  });

  it('verifies a directory', async () => {
    const run = await inDir(['verify', '.', '--json']);
    const files = (JSON.parse(run.stdout) as { file: string }[]).map((result) => result.file);
    expect(files).toEqual([...files].sort());
    expect(files).toContain('cc.json');
  });

  it('verifies a large folder on every core, streaming results in input order, in the package and as the built binary', async () => {
    const { generateIssuerKey, issueCredential } = await import('@carepass/credentials');
    const key = await generateIssuerKey();
    await mkdir(join(dir, 'many'));
    for (let index = 0; index < 300; index++) {
      const credential = await issueCredential({ competency: `care-certificate@2025#${1 + (index % 15)}`, subject: { id: `did:example:worker-${index}` } }, { key, issuer: { name: 'Sunrise Home Care' } });
      if (index === 150) credential.name = 'Forged';
      await writeFile(join(dir, 'many', `c${String(index).padStart(3, '0')}.json`), JSON.stringify(credential));
    }
    const run = await inDir(['verify', 'many', '--json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; verified: boolean }[];
    // Written piece by piece, yet byte for byte one JSON.stringify of the whole array.
    expect(run.stdout).toBe(`${JSON.stringify(results, null, 2)}\n`);
    expect(results.map((result) => result.file)).toEqual(Array.from({ length: 300 }, (_, index) => join('many', `c${String(index).padStart(3, '0')}.json`)));
    expect(results.filter((result) => !result.verified).map((result) => result.file)).toEqual([join('many', 'c150.json')]);
    const human = await inDir(['verify', 'many']);
    expect(human.stdout.split('\n').filter((line) => line.startsWith('✓ valid'))).toHaveLength(299);
    expect(human.stdout).toMatch(/\n299 of 300 verified\n$/);
    // The built binary finds its worker script beside it and gives the same answer.
    expect(runBinary(['verify', 'many', '--json'], dir).stdout).toBe(run.stdout);
    expect((await inDir(['verify', 'many/c000.json', '--json'])).stdout).toBe(`${JSON.stringify([results[0]], null, 2)}\n`);
  }, 60_000);

  it('exits 2 for usage mistakes and missing files', async () => {
    expect((await inDir(['issue', '--key', 'employer.key.json', '--subject', workerDid])).code).toBe(2);
    expect((await inDir(['issue', '--key', 'nope.json', '--framework', 'care-certificate', '--subject', workerDid])).code).toBe(2);
    expect((await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate', '--code', '99', '--subject', workerDid])).code).toBe(2);
    expect((await inDir(['verify', 'missing.json'])).code).toBe(2);
    expect((await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate', '--subject', workerDid, '--suite', 'rsa'])).stderr).toContain('--suite must be');
  });
});

describe('carepass sign', () => {
  it('reproduces the W3C vectors from the W3C key form, and refuses a world-readable key', async () => {
    await copyFile(join(VECTORS, 'keyPair.json'), join(dir, 'w3c.key.json'));
    await chmod(join(dir, 'w3c.key.json'), 0o644);
    const unsafe = await inDir(['sign', join(VECTORS, 'unsigned.json'), '--key', 'w3c.key.json']);
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toContain('KEY_FILE_UNSAFE');
    await chmod(join(dir, 'w3c.key.json'), 0o600);
    for (const [suite, file] of [['eddsa-rdfc-2022', 'eddsa-rdfc-2022/signedDataInt.json'], ['eddsa-jcs-2022', 'eddsa-jcs-2022/signedJCS.json']]) {
      const run = await inDir(['sign', join(VECTORS, 'unsigned.json'), '--key', 'w3c.key.json', '--suite', suite as string, '--created', '2023-02-24T23:36:38Z']);
      expect(run.code).toBe(0);
      const expected = JSON.parse(await readFile(join(VECTORS, file as string), 'utf8'));
      expect(JSON.parse(run.stdout).proof.proofValue).toBe(expected.proof.proofValue);
      expect(run.stdout + run.stderr).not.toContain(expected.proof.proofValue === '' ? 'x' : '"privateKeyMultibase"');
    }
  });

  it('accepts a proof by a key other than the issuer\'s only with --any-signer, and never with --trust', async () => {
    // The W3C vector's issuer is not its signer's controller: Carepass refuses that by default.
    const vector = join(VECTORS, 'eddsa-rdfc-2022/signedDataInt.json');
    const strict = await inDir(['verify', vector, '--json']);
    expect([strict.code, JSON.parse(strict.stdout)[0].checks.find((check: { check: string }) => check.check === 'issuer').code]).toEqual([1, 'issuer_not_controller']);
    const open = await inDir(['verify', vector, '--any-signer', '--json']);
    expect([open.code, JSON.parse(open.stdout)[0].checks.find((check: { check: string }) => check.check === 'issuer').code]).toEqual([0, 'not_required']);
    expect((await inDir(['verify', vector, '--any-signer', '--trust', 'registry.json'])).code).toBe(2);
  });

  it('exits 1 for a credential that would not verify, with the path', async () => {
    await writeFile(join(dir, 'bad-unsigned.json'), JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'did:example:x', credentialSubject: { shoeSize: 9 } }));
    const run = await inDir(['sign', 'bad-unsigned.json', '--key', 'employer.key.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('shoeSize');
  });
});

describe('carepass present and verify-presentation', () => {
  it('verifies for the right challenge and domain only', async () => {
    expect((await inDir(['present', '--key', 'worker.key.json', '--challenge', 'n-1', '--domain', 'employer-b.example', 'cc.json', 'c15.json', '--out', 'vp.json'])).code).toBe(0);
    const ok = await inDir(['verify-presentation', 'vp.json', '--challenge', 'n-1', '--domain', 'employer-b.example', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ verified: true, holder: workerDid });
    const replay = await inDir(['verify-presentation', 'vp.json', '--challenge', 'n-2', '--domain', 'employer-b.example']);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('challenge_mismatch');
  });

  it('checks the status of the credentials inside with --status-lists, as verify does, and fails closed without them', async () => {
    expect((await inDir(['status', 'create', '--key', 'employer.key.json', '--out', 'vp-status.json', '--url', 'https://training.example/status/vp'])).code).toBe(0);
    expect((await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2025', '--code', '12', '--subject', workerDid, '--status-list', 'vp-status.json', '--out', 'bls-status.json'])).code).toBe(0);
    expect((await inDir(['status', 'publish', 'vp-status.json', '--out-dir', 'vp-lists'])).code).toBe(0);
    expect((await inDir(['present', '--key', 'worker.key.json', '--challenge', 'n-s', '--domain', 'employer-b.example', 'bls-status.json', '--out', 'vp-status-vp.json'])).code).toBe(0);
    const args = ['verify-presentation', 'vp-status-vp.json', '--challenge', 'n-s', '--domain', 'employer-b.example'];
    const closed = await inDir(args);
    expect([closed.code, closed.stdout]).toEqual([1, expect.stringContaining('status')]);
    expect((await inDir([...args, '--status-lists', 'vp-lists'])).code).toBe(0);
    expect((await inDir([...args, '--accept-unknown-status'])).code).toBe(0);
    expect((await inDir(['status', 'revoke', 'vp-status.json', '--key', 'employer.key.json', '--credential', 'bls-status.json'])).code).toBe(0);
    expect((await inDir(['status', 'publish', 'vp-status.json', '--out-dir', 'vp-lists'])).code).toBe(0);
    const revoked = await inDir([...args, '--status-lists', 'vp-lists']);
    expect([revoked.code, revoked.stdout]).toEqual([1, expect.stringContaining('revoked')]);
  });

  it('refuses a presentation by someone who is not the subject', async () => {
    expect((await inDir(['present', '--key', 'employer.key.json', '--challenge', 'n', '--domain', 'd', 'cc.json', '--out', 'stolen.json'])).code).toBe(0);
    const run = await inDir(['verify-presentation', 'stolen.json', '--challenge', 'n', '--domain', 'd']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('holder_not_subject');
    // As VC Data Model 2.0 (and the VC API service) verify it: no holder binding, and it says so.
    const unbound = await inDir(['verify-presentation', 'stolen.json', '--challenge', 'n', '--domain', 'd', '--any-holder', '--json']);
    expect(unbound.code).toBe(0);
    expect(JSON.parse(unbound.stdout).checks).toContainEqual(expect.objectContaining({ check: 'holder', code: 'not_required' }));
    const { proof: _proof, ...unsigned } = JSON.parse(await readFile(join(dir, 'stolen.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'unsigned-vp.json'), JSON.stringify(unsigned));
    expect((await inDir(['verify-presentation', 'unsigned-vp.json', '--any-holder'])).code).toBe(0);
    expect((await inDir(['verify-presentation', 'unsigned-vp.json', '--any-holder', '--challenge', 'n'])).code).toBe(1);
    expect((await inDir(['verify-presentation', 'unsigned-vp.json'])).code).toBe(2);
  });
});
