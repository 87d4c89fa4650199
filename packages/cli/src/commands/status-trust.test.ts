import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

let dir: string;
let providerDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);
const checksOf = async (args: string[]) => {
  const run = await inDir([...args, '--json']);
  return { code: run.code, results: JSON.parse(run.stdout) as { file: string; verified: boolean; status: string; checks: { check: string; ok: boolean; code: string }[] }[] };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-status-'));
  providerDid = (await inDir(['keys', 'generate', '--out', 'provider.key.json'])).stdout.trim();
  await inDir(['keys', 'generate', '--out', 'operator.key.json']);
  await inDir(['keys', 'generate', '--out', 'stranger.key.json']);
  expect((await inDir(['status', 'create', '--key', 'provider.key.json', '--out', 'status.json', '--url', 'https://training.example/status/1'])).code).toBe(0);
  for (const [code, file] of [['10', 'c10.json'], ['12', 'c12.json'], ['13', 'c13.json']]) {
    expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', code as string, '--subject', 'did:example:worker', '--status-list', 'status.json', '--out', file as string])).code).toBe(0);
  }
  expect((await inDir(['trust', 'create', '--key', 'operator.key.json', '--out', 'registry.json', '--name', 'National register'])).code).toBe(0);
  const added = await inDir(['trust', 'add', 'registry.json', '--key', 'operator.key.json', '--issuer', providerDid, '--name', 'Northern Care Training', '--scope', 'care-certificate@2025#10', '--scope', 'care-certificate@2025#12', '--accreditation', 'Endorsed training provider']);
  expect(added.code).toBe(0);
});

describe('carepass status and verify --status-lists', () => {
  it('gives each credential its own random index in the list', async () => {
    const indexes = await Promise.all(['c10.json', 'c12.json', 'c13.json'].map(async (file) => JSON.parse(await readFile(join(dir, file), 'utf8')).credentialStatus[0].statusListIndex));
    expect(new Set(indexes).size).toBe(3);
    expect(JSON.parse(await readFile(join(dir, 'status.json'), 'utf8')).state.allocatedCount).toBe(3);
  });

  it('verifies against the status list file, and refuses without it (fail closed)', async () => {
    expect((await checksOf(['verify', 'c10.json', '--status-lists', '.'])).code).toBe(0);
    const closed = await checksOf(['verify', 'c10.json']);
    expect(closed.code).toBe(1);
    expect(closed.results[0]?.checks.find((check) => check.check === 'status')?.code).toBe('status_unavailable');
    expect((await checksOf(['verify', 'c10.json', '--accept-unknown-status'])).code).toBe(0);
  });

  it('refuses a revoked credential with a revoked check, and a suspended one until unsuspended', async () => {
    expect((await inDir(['status', 'revoke', 'status.json', '--key', 'provider.key.json', '--credential', 'c13.json'])).code).toBe(0);
    const revoked = await checksOf(['verify', 'c13.json', '--status-lists', '.']);
    expect(revoked.code).toBe(1);
    expect(revoked.results[0]).toMatchObject({ status: 'revoked' });
    expect(revoked.results[0]?.checks).toContainEqual(expect.objectContaining({ check: 'status', ok: false, code: 'revoked' }));
    expect((await inDir(['status', 'suspend', 'status.json', '--key', 'provider.key.json', '--credential', 'c12.json'])).code).toBe(0);
    expect((await checksOf(['verify', 'c12.json', '--status-lists', '.'])).results[0]?.status).toBe('suspended');
    expect((await inDir(['status', 'unsuspend', 'status.json', '--key', 'provider.key.json', '--credential', 'c12.json'])).code).toBe(0);
    expect((await checksOf(['verify', 'c12.json', '--status-lists', '.'])).code).toBe(0);
  });

  it('issues a revocation-only credential (one status object, as 1EdTech\'s schema takes) that can be revoked but not suspended', async () => {
    expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', '11', '--subject', 'did:example:worker', '--status-list', 'status.json', '--revocation-only', '--format', 'jwt', '--out', 'c11.jwt'])).code).toBe(0);
    const payload = JSON.parse(Buffer.from((await readFile(join(dir, 'c11.jwt'), 'utf8')).split('.')[1] as string, 'base64url').toString()) as { credentialStatus: unknown };
    expect(payload.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    const suspend = await inDir(['status', 'suspend', 'status.json', '--key', 'provider.key.json', '--credential', 'c11.jwt']);
    expect(suspend.code).toBe(2);
    expect(suspend.stderr).toContain('no suspension entry');
    expect((await inDir(['status', 'revoke', 'status.json', '--key', 'provider.key.json', '--credential', 'c11.jwt'])).code).toBe(0);
    expect((await checksOf(['verify', 'c11.jwt', '--status-lists', '.'])).results[0]).toMatchObject({ status: 'revoked' });
    expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', '11', '--subject', 'did:example:worker', '--revocation-only'])).code).toBe(2);
  });

  it('publishes the list credentials for hosting, which verify like the file', async () => {
    expect((await inDir(['status', 'publish', 'status.json', '--out-dir', 'public'])).code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'public/revocation.json'), 'utf8')).id).toBe('https://training.example/status/1/revocation');
    expect((await checksOf(['verify', 'c10.json', '--status-lists', 'public'])).code).toBe(0);
  });

  it('refuses a credential whose status list was tampered with', async () => {
    const list = JSON.parse(await readFile(join(dir, 'public/revocation.json'), 'utf8'));
    list.validFrom = '2020-01-01T00:00:00Z';
    await inDir(['status', 'publish', 'status.json', '--out-dir', 'tampered']);
    await writeFile(join(dir, 'tampered/revocation.json'), JSON.stringify(list));
    const result = await checksOf(['verify', 'c10.json', '--status-lists', 'tampered']);
    expect(result.code).toBe(1);
    expect(result.results[0]?.checks.find((check) => check.check === 'status')?.code).toBe('status_list_invalid');
  });
});

describe('carepass trust and verify --trust', () => {
  it('exits 0 only when valid and trusted for what it attests', async () => {
    expect((await checksOf(['verify', 'c10.json', '--status-lists', '.', '--trust', 'registry.json'])).code).toBe(0);
  });

  it('refuses a trusted issuer outside its scope, and an unlisted issuer', async () => {
    await inDir(['status', 'create', '--key', 'provider.key.json', '--out', 'status2.json']);
    await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', '15', '--subject', 'did:example:worker', '--out', 'c15.json']);
    const outOfScope = await checksOf(['verify', 'c15.json', '--trust', 'registry.json']);
    expect(outOfScope.code).toBe(1);
    expect(outOfScope.results[0]).toMatchObject({ status: 'out-of-scope' });
    await inDir(['issue', '--key', 'stranger.key.json', '--framework', 'care-certificate@2025', '--code', '10', '--subject', 'did:example:worker', '--out', 'stranger.json']);
    const untrusted = await checksOf(['verify', 'stranger.json', '--trust', 'registry.json']);
    expect(untrusted.results[0]).toMatchObject({ status: 'untrusted' });
    expect(untrusted.results[0]?.checks.find((check) => check.check === 'trust')?.code).toBe('untrusted');
    expect((await checksOf(['verify', 'stranger.json'])).code).toBe(0);
  });

  it('refuses everything when a registry was tampered with', async () => {
    const registry = JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8'));
    registry.credentialSubject.trustedIssuer[0].scope = ['*'];
    await writeFile(join(dir, 'bad-registry.json'), JSON.stringify(registry));
    const result = await checksOf(['verify', 'c10.json', '--status-lists', '.', '--trust', 'bad-registry.json']);
    expect(result.code).toBe(1);
    expect(result.results[0]).toMatchObject({ status: 'registry-invalid' });
  });

  it('only lets the operator add issuers', async () => {
    const run = await inDir(['trust', 'add', 'registry.json', '--key', 'stranger.key.json', '--issuer', providerDid, '--name', 'x', '--scope', '*']);
    expect(run.code).toBe(2);
  });

  it('reads --from and --until as every date is read: a day that does not exist, or a time without an offset, is a usage error', async () => {
    const before = await readFile(join(dir, 'registry.json'), 'utf8');
    for (const [flag, value] of [['--from', '2026-02-30'], ['--until', '2027-01-01T09:00'], ['--from', 'next week']]) {
      const run = await inDir(['trust', 'add', 'registry.json', '--key', 'operator.key.json', '--issuer', providerDid, '--name', 'x', '--scope', '*', flag as string, value as string]);
      expect(run.code, value).toBe(2);
      expect(run.stderr).toContain(`${flag} must be an ISO 8601 date (2016-05-01) or date-time with an offset`);
    }
    expect(await readFile(join(dir, 'registry.json'), 'utf8')).toBe(before);
  });
});

describe('files are verified before they are changed, re-signed or published (what is read is what was signed)', () => {
  it('refuses to re-sign a tampered trust registry, and re-signs a genuine one as signed', async () => {
    const registry = JSON.parse(await readFile(join(dir, 'registry.json'), 'utf8'));
    registry.credentialSubject.trustedIssuer[0].scope = ['*'];
    await writeFile(join(dir, 'laundered.json'), JSON.stringify(registry));
    const before = await readFile(join(dir, 'laundered.json'), 'utf8');
    const run = await inDir(['trust', 'add', 'laundered.json', '--key', 'operator.key.json', '--issuer', 'did:example:other', '--name', 'Other', '--scope', 'care-certificate@2025#1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/will not be re-signed.*signature_invalid/u);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readFile(join(dir, 'laundered.json'), 'utf8')).toBe(before);
  });

  it('refuses to change or publish a status list file whose bits were edited, and writes nothing', async () => {
    const file = JSON.parse(await readFile(join(dir, 'status.json'), 'utf8'));
    // Clear every revocation: the state now disagrees with the signed list credential.
    file.state.lists.revocation = file.state.lists.suspension;
    await writeFile(join(dir, 'edited-status.json'), JSON.stringify(file));
    const before = await readFile(join(dir, 'edited-status.json'), 'utf8');
    const publish = await inDir(['status', 'publish', 'edited-status.json', '--out-dir', 'edited-public']);
    expect(publish.code).toBe(1);
    expect(publish.stderr).toMatch(/revocation list credential holds other status bits.*CREDENTIAL_INVALID/u);
    await expect(readFile(join(dir, 'edited-public/revocation.json'), 'utf8')).rejects.toThrow();
    const revoke = await inDir(['status', 'revoke', 'edited-status.json', '--key', 'provider.key.json', '--credential', 'c10.json']);
    expect(revoke.code).toBe(1);
    expect(await readFile(join(dir, 'edited-status.json'), 'utf8')).toBe(before);
  });

  it('refuses a forged credential in status revoke, so nobody can point the issuer at another worker\'s index', async () => {
    const forged = JSON.parse(await readFile(join(dir, 'c10.json'), 'utf8'));
    const victim = JSON.parse(await readFile(join(dir, 'c12.json'), 'utf8'));
    forged.credentialStatus = victim.credentialStatus;
    await writeFile(join(dir, 'forged.json'), JSON.stringify(forged));
    const run = await inDir(['status', 'revoke', 'status.json', '--key', 'provider.key.json', '--credential', 'forged.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not genuine \(proof: signature_invalid/u);
    expect((await checksOf(['verify', 'c12.json', '--status-lists', '.'])).code).toBe(0);
  });

  it('signs the lists again with --key, so that verifiers\' freshness limit accepts them', async () => {
    const run = await inDir(['status', 'publish', 'status.json', '--out-dir', 'fresh', '--key', 'provider.key.json', '--json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(await readFile(join(dir, 'fresh/revocation.json'), 'utf8'));
    expect(Date.now() - Date.parse(list.validFrom)).toBeLessThan(60_000);
    expect((await checksOf(['verify', 'c13.json', '--status-lists', 'fresh'])).results[0]?.status).toBe('revoked');
    // A verifier a year on refuses the same list as stale, and the credential with it (fail closed).
    const later = await checksOf(['verify', 'c10.json', '--status-lists', 'fresh', '--now', new Date(Date.now() + 366 * 86_400_000).toISOString()]);
    expect(later.results[0]?.checks.find((check) => check.check === 'status')?.code).toBe('status_list_stale');
  });
});
