import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runBinary, runInMemory } from '@carepass/test-support';

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

// Files that are not regular files: a `*.json` that is a FIFO (reading it would wait for a writer
// forever), a symbolic link to /dev/zero (endless), a socket or a folder. Each must be refused at
// once, and a folder holding them must still verify the credentials beside them.
describe('files that are not regular files', () => {
  const posix = process.platform !== 'win32';
  let server: Server | undefined;
  let hasFifo = false;

  beforeAll(async () => {
    await mkdir(join(dir, 'mixed'));
    for (const name of ['a.json', 'c.json']) {
      expect((await inDir(['issue', '--key', 'issuer.key.json', '--framework', 'care-certificate@2025', '--code', '1', '--subject', 'did:example:worker', '--out', `mixed/${name}`])).code).toBe(0);
    }
    await symlink('a.json', join(dir, 'mixed', 'b-link.json'));
    await mkdir(join(dir, 'mixed', 'folder.json'));
    if (!posix) return;
    await symlink('/dev/zero', join(dir, 'mixed', 'zero.json'));
    await symlink('nowhere.json', join(dir, 'mixed', 'broken.json'));
    try {
      execFileSync('mkfifo', [join(dir, 'mixed', 'fifo.json')]);
      hasFifo = true;
    } catch {
      hasFifo = false; // no mkfifo here: no FIFO in the folder
    }
    server = createServer();
    await new Promise<void>((listening) => server?.listen(join(dir, 'mixed', 'socket.json'), listening));
  });

  afterAll(async () => {
    await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
  });

  it('carepass verify <folder> skips what is not a regular file, with a note each on stderr, and verifies the rest', async () => {
    const started = Date.now();
    const run = await inDir(['verify', 'mixed', '--json']);
    expect(Date.now() - started, 'no waiting on a FIFO').toBeLessThan(20_000);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { file: string; verified: boolean }[];
    expect(results.map((result) => [result.file, result.verified])).toEqual([
      [join('mixed', 'a.json'), true],
      [join('mixed', 'b-link.json'), true],
      [join('mixed', 'c.json'), true],
    ]);
    const notes = run.stderr.trim().split('\n').sort();
    expect(notes).toEqual(
      [
        `skipped ${join('mixed', 'folder.json')}: is a directory, expected a JSON file`,
        ...(posix
          ? [
              `skipped ${join('mixed', 'broken.json')}: is a broken symbolic link`,
              `skipped ${join('mixed', 'socket.json')}: is not a regular file (a socket)`,
              `skipped ${join('mixed', 'zero.json')}: is not a regular file (a character device)`,
            ]
          : []),
        ...(hasFifo ? [`skipped ${join('mixed', 'fifo.json')}: is not a regular file (a FIFO)`] : []),
      ].sort(),
    );
    // Without --json too: the same three results, and nothing counted for the skipped entries.
    const human = await inDir(['verify', 'mixed']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('3 of 3 verified');
  });

  it.runIf(posix)('a FIFO or /dev/zero link named on the command line is reported unreadable (exit 1) while the other files verify', async () => {
    const named = [join('mixed', 'zero.json'), ...(hasFifo ? [join('mixed', 'fifo.json')] : []), join('mixed', 'a.json')];
    const run = await inDir(['verify', ...named, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; verified: boolean; checks: { code: string; message: string }[] }[];
    expect(results.map((result) => result.verified)).toEqual([...named.slice(0, -1).map(() => false), true]);
    expect(results[0]?.checks[0]).toMatchObject({ code: 'unreadable', message: `${join('mixed', 'zero.json')}: is not a regular file (a character device)` });
    if (hasFifo) expect(results[1]?.checks[0]).toMatchObject({ code: 'unreadable', message: `${join('mixed', 'fifo.json')}: is not a regular file (a FIFO)` });
  });

  it.runIf(posix)('every verb that reads one JSON file refuses a FIFO, a /dev/zero link and a socket with one line and exit 2', async () => {
    const targets = ['zero.json', 'socket.json', ...(hasFifo ? ['fifo.json'] : [])].map((name) => join('mixed', name));
    for (const target of targets) {
      for (const args of [
        ['sign', target, '--key', 'issuer.key.json', '--out', 'out.json'],
        ['sign', join('mixed', 'a.json'), '--key', target, '--out', 'out.json'],
        ['verify', join('mixed', 'a.json'), '--trust', target],
        ['status', 'publish', target, '--out-dir', 'out-dir'],
        ['frameworks', 'validate', target],
      ]) {
        const run = await inDir(args);
        expectCleanRefusal(run, target, args.join(' '));
        expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
        expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
        expect(run.stderr).toContain(`${target}: is not a regular file`);
        expect(await readdir(dir)).not.toContain('out.json');
        expect(await readdir(dir)).not.toContain('out-dir');
      }
    }
  });

  it('carepass status publish derives file names: a status list file naming other purposes writes nothing, anywhere', async () => {
    const list = JSON.parse(await readFile(join(dir, 'status.json'), 'utf8')) as { credentials: Record<string, unknown> };
    const crafted = [
      ['../../escape', list.credentials.revocation],
      ['/tmp/carepass-escape', list.credentials.revocation],
      ['evil\nline', list.credentials.revocation],
      ['__proto__', list.credentials.revocation],
    ] as const;
    for (const [key, value] of crafted) {
      const file = { ...list, credentials: { ...list.credentials } };
      Object.defineProperty(file.credentials, key, { value, enumerable: true });
      await writeFile(join(dir, 'crafted.json'), JSON.stringify(file));
      const run = await inDir(['status', 'publish', 'crafted.json', '--out-dir', 'published/deep']);
      expectCleanRefusal(run, 'crafted.json', `status publish with credentials key ${JSON.stringify(key)}`);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).toContain('which is not a status purpose (revocation or suspension)');
      expect(await readdir(dir), 'nothing written in or beside --out-dir').not.toContain('published');
      expect(existsSync(join(dir, 'escape.json')), 'nothing written outside --out-dir').toBe(false);
      expect(existsSync('/tmp/carepass-escape.json')).toBe(false);
    }
    // A list credential missing, or not an object: refused the same way.
    for (const credentials of [{ revocation: list.credentials.revocation }, { ...list.credentials, suspension: 'suspension.json' }, []]) {
      await writeFile(join(dir, 'crafted.json'), JSON.stringify({ ...list, credentials }));
      const run = await inDir(['status', 'publish', 'crafted.json', '--out-dir', 'published']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(await readdir(dir)).not.toContain('published');
    }
  });

  it('carepass status publish still writes revocation.json and suspension.json, with the same --json output', async () => {
    const run = await inDir(['status', 'publish', 'status.json', '--out-dir', 'published', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { id: 'https://training.example/status/1/revocation', file: 'published/revocation.json' },
      { id: 'https://training.example/status/1/suspension', file: 'published/suspension.json' },
    ]);
    expect((await readdir(join(dir, 'published'))).sort()).toEqual(['revocation.json', 'suspension.json']);
  });
});
