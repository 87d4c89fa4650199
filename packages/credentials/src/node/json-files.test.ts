import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { parseJsonText, readJsonFile, writeFileAtomic } from './json-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-json-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
  } catch (error) {
    return isCarepassError(error) ? error.code : 'not a CarepassError';
  }
  return undefined;
};

describe('the JSON file reader', () => {
  it('reads JSON with a byte-order mark, and refuses what is too large, too deep or not JSON, naming the file', async () => {
    await writeFile(join(dir, 'bom.json'), '\ufeff{"a":1}');
    await expect(readJsonFile('bom.json', { cwd: dir })).resolves.toEqual({ a: 1 });
    await writeFile(join(dir, 'big.json'), JSON.stringify({ text: 'x'.repeat(2000) }));
    expect(await codeOf(readJsonFile(join(dir, 'big.json'), { maxBytes: 1000 }))).toBe('INPUT_UNREADABLE');
    await writeFile(join(dir, 'deep.json'), `${'['.repeat(200)}${']'.repeat(200)}`);
    await expect(readJsonFile(join(dir, 'deep.json'), { limits: { maxDepth: 50 } })).rejects.toThrow(/deep\.json: .*deep/u);
    await writeFile(join(dir, 'broken.json'), '{"a":');
    await expect(readJsonFile(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: not valid JSON/u);
    expect(await codeOf(readJsonFile(join(dir, 'missing.json')))).toBe('INPUT_UNREADABLE');
    expect(parseJsonText(`${'['.repeat(200)}${']'.repeat(200)}`, 'x.json', false)).toBeInstanceOf(Array);
  });
});

describe('the atomic writer', () => {
  it('writes whole files with the mode asked for, creates folders when asked, and leaves no temporary file', async () => {
    await writeFileAtomic('out/nested/a.json', '{}\n', { cwd: dir, createFolders: true, mode: 0o600 });
    expect(await readFile(join(dir, 'out/nested/a.json'), 'utf8')).toBe('{}\n');
    expect((await stat(join(dir, 'out/nested/a.json'))).mode & 0o777).toBe(0o600);
    await writeFileAtomic(join(dir, 'out/nested/a.json'), '{"b":2}\n');
    expect(await readFile(join(dir, 'out/nested/a.json'), 'utf8')).toBe('{"b":2}\n');
    expect(await readdir(join(dir, 'out/nested'))).toEqual(['a.json']);
  });

  it('never replaces a file when exclusive, and says why it cannot write', async () => {
    await writeFile(join(dir, 'key.json'), 'original');
    expect(await codeOf(writeFileAtomic(join(dir, 'key.json'), 'new', { exclusive: true, what: 'a key file' }))).toBe('FILE_EXISTS');
    expect(await readFile(join(dir, 'key.json'), 'utf8')).toBe('original');
    expect(await codeOf(writeFileAtomic(join(dir, 'no-such-folder/x.json'), 'x'))).toBe('OUTPUT_UNWRITABLE');
    if (process.getuid?.() !== 0) {
      await chmod(dir, 0o500);
      expect(await codeOf(writeFileAtomic(join(dir, 'locked.json'), 'x'))).toBe('OUTPUT_UNWRITABLE');
      await chmod(dir, 0o700);
    }
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
