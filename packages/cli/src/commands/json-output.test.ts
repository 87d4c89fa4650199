import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

let dir: string;
const inDir = (args: string[]) => runInMemory(args, dir);
const json = async (args: string[]) => {
  const run = await inDir([...args, '--json']);
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown> & unknown[];
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-json-'));
});

describe('--json wherever a verb prints data', () => {
  it('keys generate, status create/revoke/suspend/unsuspend/publish, trust create/add', async () => {
    const key = await json(['keys', 'generate', '--out', 'issuer.key.json']);
    expect(key).toEqual({ did: expect.stringMatching(/^did:key:z6Mk/u), verificationMethod: expect.stringMatching(/^did:key:z6Mk.+#z6Mk/u), file: 'issuer.key.json' });
    expect(await json(['status', 'create', '--key', 'issuer.key.json', '--out', 'status.json', '--url', 'https://training.example/status/1'])).toEqual({ id: 'https://training.example/status/1', file: 'status.json', length: 131072, issuer: key.did });
    expect((await inDir(['issue', '--key', 'issuer.key.json', '--framework', 'care-certificate@2025', '--code', '12', '--subject', 'did:example:w', '--status-list', 'status.json', '--out', 'bls.json'])).code).toBe(0);
    const credentialId = (JSON.parse(await readFile(join(dir, 'bls.json'), 'utf8')) as { id: string }).id;
    expect(await json(['status', 'suspend', 'status.json', '--key', 'issuer.key.json', '--credential', 'bls.json'])).toMatchObject({ credentialId, statusPurpose: 'suspension', status: true, statusListIndex: expect.any(Number) });
    expect(await json(['status', 'unsuspend', 'status.json', '--key', 'issuer.key.json', '--credential', 'bls.json'])).toMatchObject({ statusPurpose: 'suspension', status: false });
    expect(await json(['status', 'revoke', 'status.json', '--key', 'issuer.key.json', '--credential', 'bls.json'])).toMatchObject({ statusPurpose: 'revocation', status: true });
    expect(await json(['status', 'publish', 'status.json', '--out-dir', 'public'])).toEqual([
      { id: 'https://training.example/status/1/revocation', file: 'public/revocation.json' },
      { id: 'https://training.example/status/1/suspension', file: 'public/suspension.json' },
    ]);
    const registry = await json(['trust', 'create', '--key', 'issuer.key.json', '--out', 'registry.json', '--name', 'Register']);
    expect(registry).toMatchObject({ file: 'registry.json', name: 'Register', operator: key.did, id: expect.any(String) });
    expect(await json(['trust', 'add', 'registry.json', '--key', 'issuer.key.json', '--issuer', 'did:example:provider', '--name', 'Provider', '--scope', 'care-certificate'])).toEqual({ registry: 'Register', file: 'registry.json', issuer: 'did:example:provider', scope: ['care-certificate'], role: 'issuer' });
  });

  it('plain output stays one line for people', async () => {
    const run = await inDir(['keys', 'generate', '--out', 'second.key.json']);
    expect(run.stdout).toMatch(/^did:key:z6Mk\w+\n$/u);
  });

  it('frameworks export --format case covers micro-qualifications too', async () => {
    const cfPackage = await json(['frameworks', 'export', 'dementia-types-and-care', '--format', 'case']);
    expect((cfPackage.CFItems as unknown[]).length).toBe(3);
    expect((cfPackage.CFAssociations as { associationType: string }[]).some((association) => association.associationType === 'isRelatedTo')).toBe(true);
  });
});
