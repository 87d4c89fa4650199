import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

// carepass endorse, and endorsements through verify and trust: a standards body endorses a
// training provider; a registry that names the standards body as an endorser trusts the provider.
let dir: string;
let providerDid: string;
let bodyDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);
const resultsOf = async (args: string[]) => {
  const run = await inDir([...args, '--json']);
  return { code: run.code, results: JSON.parse(run.stdout) as { status: string; checks: { check: string; code: string }[]; endorsements?: { about: string; verified: boolean; comment?: string; source: string }[] }[] };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-endorse-'));
  providerDid = (await inDir(['keys', 'generate', '--out', 'provider.key.json'])).stdout.trim();
  bodyDid = (await inDir(['keys', 'generate', '--out', 'body.key.json'])).stdout.trim();
  await inDir(['keys', 'generate', '--out', 'operator.key.json']);
  expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', '12', '--subject', 'did:example:worker', '--out', 'c12.json'])).code).toBe(0);
});

describe('carepass endorse', () => {
  it('writes a signed EndorsementCredential of an issuer (by DID or key file) or an achievement, as JSON or JWT', async () => {
    const byDid = await inDir(['endorse', '--key', 'body.key.json', '--issuer', providerDid, '--comment', 'Endorsed training provider for the Care Certificate', '--endorser-name', 'Example Standards Body', '--valid-until', '2099-01-01', '--out', 'endorsement.json']);
    expect(byDid.code, byDid.stderr).toBe(0);
    const endorsement = JSON.parse(await readFile(join(dir, 'endorsement.json'), 'utf8'));
    expect(endorsement).toMatchObject({ type: ['VerifiableCredential', 'EndorsementCredential'], issuer: { id: bodyDid, name: 'Example Standards Body' }, credentialSubject: { id: providerDid, endorsementComment: 'Endorsed training provider for the Care Certificate' } });
    const byKeyFile = await inDir(['endorse', '--key', 'body.key.json', '--issuer', 'provider.key.json', '--comment', 'Endorsed', '--format', 'jwt']);
    expect(byKeyFile.code).toBe(0);
    expect(JSON.parse(Buffer.from(byKeyFile.stdout.split('.')[1] as string, 'base64url').toString()).credentialSubject.id).toBe(providerDid);
    const achievement = await inDir(['endorse', '--key', 'body.key.json', '--achievement', 'care-certificate@2025#12', '--comment', 'Meets the national standard', '--out', 'of-achievement.json']);
    expect(achievement.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'of-achievement.json'), 'utf8')).credentialSubject.id).toBe('https://w3id.org/carepass/frameworks/care-certificate/2025/12');
    expect((await resultsOf(['verify', 'endorsement.json', 'of-achievement.json'])).code).toBe(0);
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await inDir(['endorse', '--key', 'body.key.json', '--comment', 'x'])).code).toBe(2);
    expect((await inDir(['endorse', '--key', 'body.key.json', '--issuer', providerDid, '--achievement', 'care-certificate@2025#12', '--comment', 'x'])).code).toBe(2);
    expect((await inDir(['endorse', '--key', 'body.key.json', '--issuer', providerDid])).code).toBe(2);
    expect((await inDir(['endorse', '--key', 'body.key.json', '--achievement', 'no such thing', '--comment', 'x'])).code).toBe(2);
  });

  it('verify reports the endorsements given with a credential, and trust follows an endorser the registry names', async () => {
    const reported = await resultsOf(['verify', 'c12.json', '--endorsement', 'endorsement.json', '--endorsement', 'of-achievement.json']);
    expect(reported.code).toBe(0);
    expect(reported.results[0]?.endorsements?.map((report) => [report.about, report.verified, report.comment])).toEqual([
      ['issuer', true, 'Endorsed training provider for the Care Certificate'],
      ['achievement', true, 'Meets the national standard'],
    ]);
    expect((await inDir(['trust', 'create', '--key', 'operator.key.json', '--out', 'registry.json', '--name', 'National register'])).code).toBe(0);
    expect((await inDir(['trust', 'add', 'registry.json', '--key', 'operator.key.json', '--issuer', bodyDid, '--name', 'Example Standards Body', '--scope', 'care-certificate@2025', '--endorser'])).code).toBe(0);
    const untrusted = await resultsOf(['verify', 'c12.json', '--trust', 'registry.json']);
    expect([untrusted.code, untrusted.results[0]?.status]).toEqual([1, 'untrusted']);
    const trusted = await resultsOf(['verify', 'c12.json', '--trust', 'registry.json', '--endorsement', 'endorsement.json']);
    expect([trusted.code, trusted.results[0]?.status]).toEqual([0, 'valid']);
    const recognise = await inDir(['recognise', '--target', 'care-certificate@2025', '--trust', 'registry.json', '--endorsement', 'endorsement.json', 'c12.json', '--json']);
    expect(recognise.code, recognise.stderr).toBe(0);
    expect((JSON.parse(recognise.stdout) as { rejectedEvidence: unknown[] }).rejectedEvidence).toEqual([]);
  });
});
