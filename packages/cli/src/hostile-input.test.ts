import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runBinary, runInMemory } from './test-support/run.js';

// Every CLI verb that reads a file, fed every kind of broken or hostile file in each file slot:
// it must refuse with exit 1 or 2, a short message on stderr that names the file, no stack
// trace, nothing on stdout, and no output file, whole or partial.

let dir: string;
const inDir = (args: string[]): Promise<CliRun> => runInMemory(args, dir);

/** Hostile file contents, by name. */
function hostileFiles(valid: string): [string, string | Buffer][] {
  return [
    ['empty', ''],
    ['truncated', valid.slice(0, Math.floor(valid.length / 2))],
    ['binary', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256))],
    ['deep', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['deep-object', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
    ['huge-string', JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], name: 'x'.repeat(3_000_000) })],
    ['huge-array', JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], evidence: new Array(300_000).fill({}) })],
    ['wrong-type', '42'],
    ['array', '[]'],
    ['proto', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "type": ["VerifiableCredential"]}'],
    ['nul-in-json', '{"type": "Verifiable\u0000Credential"}'],
  ];
}

/** Each verb with the file slots it reads: `@` marks the slot the hostile file goes into. */
const verbs: [string, string[]][] = [
  ['frameworks validate', ['frameworks', 'validate', '@']],
  ['frameworks validate --with', ['frameworks', 'validate', 'framework.json', '--with', '@']],
  ['frameworks export', ['frameworks', 'export', '@', '--format', 'case', '--out', 'out.json']],
  ['frameworks import', ['frameworks', 'import', '@', '--format', 'case', '--out', 'out.json']],
  ['keys did-document', ['keys', 'did-document', '--key', '@', '--out', 'out.json']],
  ['issue --key', ['issue', '--key', '@', '--framework', 'care-certificate@2025', '--code', '1', '--subject', 'did:example:worker', '--out', 'out.json']],
  ['issue --status-list', ['issue', '--key', 'issuer.key.json', '--framework', 'care-certificate@2025', '--code', '1', '--subject', 'did:example:worker', '--status-list', '@', '--out', 'out.json']],
  ['sign', ['sign', '@', '--key', 'issuer.key.json', '--out', 'out.json']],
  ['sign --key', ['sign', 'unsigned.json', '--key', '@', '--out', 'out.json']],
  ['verify', ['verify', '@']],
  ['verify --did-document', ['verify', 'credential.json', '--did-document', '@']],
  ['verify --trust', ['verify', 'credential.json', '--trust', '@']],
  ['present', ['present', '@', '--key', 'issuer.key.json', '--challenge', 'c', '--domain', 'd.example', '--out', 'out.json']],
  ['present --key', ['present', 'credential.json', '--key', '@', '--challenge', 'c', '--domain', 'd.example', '--out', 'out.json']],
  ['verify-presentation', ['verify-presentation', '@', '--challenge', 'c', '--domain', 'd.example']],
  ['status create --key', ['status', 'create', '--key', '@', '--out', 'out.json', '--url', 'https://training.example/status/1']],
  ['status revoke', ['status', 'revoke', '@', '--key', 'issuer.key.json', '--credential', 'credential.json']],
  ['status revoke --credential', ['status', 'revoke', 'status.json', '--key', 'issuer.key.json', '--credential', '@']],
  ['status publish', ['status', 'publish', '@', '--out-dir', 'out-dir']],
  ['trust create --key', ['trust', 'create', '--key', '@', '--out', 'out.json', '--name', 'Register']],
  ['trust add', ['trust', 'add', '@', '--key', 'issuer.key.json', '--issuer', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', '--name', 'Provider', '--scope', '*']],
  ['recognise', ['recognise', '@', '--target', 'care-certificate@2025', '--as-of', '2026-11-23']],
  ['recognise --trust', ['recognise', 'credential.json', '--target', 'care-certificate@2025', '--trust', '@']],
];

/**
 * What every refusal must look like: exit 2 (unusable input) with the reason on stderr, or exit 1
 * (a negative result, e.g. "invalid") with the reason in the report on stdout or on stderr.
 */
function expectCleanRefusal(run: CliRun, file: string, label: string): void {
  expect([1, 2], `${label}: exit code (stderr: ${run.stderr})`).toContain(run.code);
  const said = run.code === 2 ? run.stderr : `${run.stdout}${run.stderr}`;
  expect(said.trim(), `${label}: says why`).not.toBe('');
  if (run.code === 2) expect(run.stdout, `${label}: nothing on stdout for unusable input`).toBe('');
  for (const stream of [run.stdout, run.stderr]) {
    expect(stream, `${label}: no stack trace`).not.toMatch(/^\s+at\s/mu);
    expect(stream, `${label}: no internal error names`).not.toMatch(/TypeError|RangeError|ReferenceError|unexpected failure/u);
  }
  expect(run.stderr.length, `${label}: a short message, not a dump`).toBeLessThan(2000);
  expect(said, `${label}: names the file or the problem`).toMatch(new RegExp(`${file.replace('.', '\\.')}|invalid|not |refus|cannot|unreadable|limit|no |must`, 'iu'));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-hostile-'));
  expect((await inDir(['keys', 'generate', '--out', 'issuer.key.json'])).code).toBe(0);
  expect((await inDir(['status', 'create', '--key', 'issuer.key.json', '--out', 'status.json', '--url', 'https://training.example/status/1'])).code).toBe(0);
  expect((await inDir(['issue', '--key', 'issuer.key.json', '--framework', 'care-certificate@2025', '--code', '1', '--subject', 'did:example:worker', '--status-list', 'status.json', '--out', 'credential.json'])).code).toBe(0);
  expect((await inDir(['frameworks', 'export', 'care-certificate@2025', '--format', 'json', '--out', 'framework.json'])).code).toBe(0);
  const credential = JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8')) as Record<string, unknown>;
  delete credential.proof;
  await writeFile(join(dir, 'unsigned.json'), JSON.stringify(credential));
});

describe('hostile files to every CLI verb', () => {
  it.each(verbs)('%s refuses every hostile file cleanly and writes nothing', async (label, template) => {
    const valid = await readFile(join(dir, 'credential.json'), 'utf8');
    for (const [kind, content] of hostileFiles(valid)) {
      const file = `hostile-${kind}.json`;
      await writeFile(join(dir, file), content);
      await chmod(join(dir, file), 0o600); // key files must be private: get past that check to the parser.
      const statusBefore = await readFile(join(dir, 'status.json'), 'utf8');
      const run = await inDir(template.map((argument) => (argument === '@' ? file : argument)));
      if (kind === 'array' && label === 'recognise') {
        // An empty list of credentials is a worker with nothing to recognise: a report of gaps.
        expect(run.code, run.stderr).toBe(0);
        continue;
      }
      expectCleanRefusal(run, file, `${label} with a ${kind} file`);
      const written = await readdir(dir);
      expect(written, `${label} with a ${kind} file: no output file`).not.toContain('out.json');
      expect(written.filter((name) => name.endsWith('.tmp')), `${label} with a ${kind} file: no temporary file left behind`).toEqual([]);
      expect(written, `${label} with a ${kind} file: no output folder`).not.toContain('out-dir');
      expect(await readFile(join(dir, 'status.json'), 'utf8'), `${label} with a ${kind} file: status list untouched`).toBe(statusBefore);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });

  it('refuses a file over the size limit before reading it', async () => {
    await writeFile(join(dir, 'too-big.json'), Buffer.alloc(33 * 1024 * 1024, 0x20));
    for (const args of [['verify', 'too-big.json'], ['sign', 'too-big.json', '--key', 'issuer.key.json']]) {
      const run = await inDir(args);
      expectCleanRefusal(run, 'too-big.json', args[0] as string);
      expect(`${run.stdout}${run.stderr}`).toMatch(/too-big\.json: \d+ bytes is over the \d+-byte limit/u);
    }
  });

  it('prints one line and no stack trace from the real binary, for a hostile file and for a missing one', () => {
    for (const args of [['sign', join(dir, 'hostile-deep.json'), '--key', join(dir, 'issuer.key.json')], ['sign', join(dir, 'hostile-binary.json'), '--key', join(dir, 'issuer.key.json')], ['present', join(dir, 'hostile-wrong-type.json'), '--key', join(dir, 'issuer.key.json'), '--challenge', 'c', '--domain', 'd.example'], ['recognise', join(dir, 'nowhere.json'), '--target', 'care-certificate@2025']]) {
      const run = runBinary(args);
      expect([1, 2], run.stderr).toContain(run.code);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).not.toMatch(/^\s+at\s|unexpected failure/mu);
      expect(run.stdout).toBe('');
    }
  });
});
