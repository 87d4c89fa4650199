import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { DEFAULT_MAX_FILE_BYTES, describeNonRegularFile, readRegularFile, readRegularFileSync } from './node-files.js';
import { readStatusListDocuments } from './status-list-files.js';

// Real files of every kind in a temporary folder: the reader must refuse each one that is not a
// regular file at once (a FIFO must not block, /dev/zero must not be read forever) and never read
// past its limit.

let dir: string;
let server: Server | undefined;
const posix = process.platform !== 'win32';
let hasFifo = false;

/** What a read was refused with: its code and message (or a failure, if it was not refused). */
async function refusal(read: () => Promise<unknown> | unknown): Promise<{ code: string; message: string }> {
  try {
    await read();
  } catch (error) {
    if (isCarepassError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the read was not refused');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-node-files-'));
  await writeFile(join(dir, 'plain.json'), '{"ok":true}');
  await symlink(join(dir, 'plain.json'), join(dir, 'link.json'));
  await mkdir(join(dir, 'folder.json'));
  await writeFile(join(dir, 'big.json'), 'x'.repeat(2048));
  if (posix) {
    await symlink('/dev/zero', join(dir, 'zero.json'));
    await symlink(join(dir, 'nowhere'), join(dir, 'broken.json'));
    try {
      execFileSync('mkfifo', [join(dir, 'fifo.json')]);
      hasFifo = true;
    } catch {
      hasFifo = false; // no mkfifo here: the FIFO cases are skipped
    }
    server = createServer();
    await new Promise<void>((listening) => server?.listen(join(dir, 'socket.json'), listening));
  }
});

afterAll(async () => {
  await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
});

describe('readRegularFile', () => {
  it('reads a regular file, and one through a symbolic link, relative to cwd or absolute', async () => {
    expect(await readRegularFile('plain.json', { cwd: dir })).toBe('{"ok":true}');
    expect(await readRegularFile(join(dir, 'link.json'))).toBe('{"ok":true}');
    expect(readRegularFileSync('link.json', { cwd: dir })).toBe('{"ok":true}');
    await writeFile(join(dir, 'empty.json'), '');
    expect(await readRegularFile('empty.json', { cwd: dir })).toBe('');
    expect(readRegularFileSync('empty.json', { cwd: dir })).toBe('');
  });

  it('reads a file as large as the limit, and one larger than the first chunk', async () => {
    expect(await readRegularFile('big.json', { cwd: dir, maxBytes: 2048 })).toHaveLength(2048);
    expect(readRegularFileSync('big.json', { cwd: dir, maxBytes: 2048 })).toHaveLength(2048);
    await writeFile(join(dir, 'chunks.json'), 'y'.repeat(200_000));
    expect(await readRegularFile('chunks.json', { cwd: dir })).toHaveLength(200_000);
    expect(readRegularFileSync('chunks.json', { cwd: dir })).toHaveLength(200_000);
  });

  it.each([
    ['async', (path: string, maxBytes?: number) => readRegularFile(path, { cwd: dir, ...(maxBytes ? { maxBytes } : {}) })],
    ['sync', (path: string, maxBytes?: number) => readRegularFileSync(path, { cwd: dir, ...(maxBytes ? { maxBytes } : {}) })],
  ] as const)('%s: refuses a file over the limit, a folder and a missing file, with a coded error naming the file', async (_label, read) => {
    expect(await refusal(() => read('big.json', 2047))).toEqual({ code: 'INPUT_UNREADABLE', message: 'big.json: 2048 bytes is over the 2047-byte limit' });
    expect(await refusal(() => read('folder.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'folder.json: is a directory, expected a file' });
    expect(await refusal(() => read('missing.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'missing.json: no such file' });
    expect(await refusal(() => read('plain.json/inside.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'plain.json/inside.json: no such file' });
  });

  it('says what was expected instead of a folder', async () => {
    expect((await refusal(() => readRegularFile('folder.json', { cwd: dir, expected: 'a JSON file' }))).message).toBe('folder.json: is a directory, expected a JSON file');
  });

  it.runIf(posix).each([
    ['async', (path: string) => readRegularFile(path, { cwd: dir })],
    ['sync', (path: string) => readRegularFileSync(path, { cwd: dir })],
  ] as const)('%s: refuses a symbolic link to /dev/zero, a socket and a broken link at once', async (_label, read) => {
    const started = Date.now();
    expect(await refusal(() => read('zero.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'zero.json: is not a regular file (a character device)' });
    expect(await refusal(() => read('socket.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'socket.json: is not a regular file (a socket)' });
    expect(await refusal(() => read('broken.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'broken.json: no such file' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.runIf(posix).each([
    ['async', (path: string) => readRegularFile(path, { cwd: dir })],
    ['sync', (path: string) => readRegularFileSync(path, { cwd: dir })],
  ] as const)('%s: refuses a FIFO without waiting for a writer', async (_label, read) => {
    if (!hasFifo) return;
    const started = Date.now();
    expect(await refusal(() => read('fifo.json'))).toEqual({ code: 'INPUT_UNREADABLE', message: 'fifo.json: is not a regular file (a FIFO)' });
    expect(Date.now() - started).toBeLessThan(2000);
  }, 5000);

  it.runIf(posix && process.getuid?.() !== 0)('refuses a file it may not read', async () => {
    await writeFile(join(dir, 'secret.json'), '{}');
    await chmod(join(dir, 'secret.json'), 0o000);
    expect(await refusal(() => readRegularFile('secret.json', { cwd: dir }))).toEqual({ code: 'INPUT_UNREADABLE', message: 'secret.json: permission denied' });
    expect(await refusal(() => readRegularFileSync('secret.json', { cwd: dir }))).toEqual({ code: 'INPUT_UNREADABLE', message: 'secret.json: permission denied' });
  });

  it.runIf(existsSync('/proc/self/status'))('counts the bytes it reads, not the size stat gives (files in /proc say 0 bytes)', async () => {
    // /proc/self/status is a regular file that stat sizes at 0 bytes but holds about a kilobyte.
    expect(await refusal(() => readRegularFile('/proc/self/status', { maxBytes: 16 }))).toEqual({ code: 'INPUT_UNREADABLE', message: '/proc/self/status: is over the 16-byte limit' });
    expect(await refusal(() => readRegularFileSync('/proc/self/status', { maxBytes: 16 }))).toEqual({ code: 'INPUT_UNREADABLE', message: '/proc/self/status: is over the 16-byte limit' });
    expect((await readRegularFile('/proc/self/status')).length).toBeGreaterThan(16);
  });

  it('stops at the limit when a file grows while it is read', async () => {
    const path = join(dir, 'growing.json');
    await writeFile(path, 'a'.repeat(100));
    // Grow the file between the size check and the reads, as a writer racing the reader would:
    // the read is scheduled first, the append lands before its chunks are read.
    const growing = (async () => {
      for (let round = 0; round < 20; round++) await appendFile(path, 'b'.repeat(100_000));
    })();
    const outcome = await readRegularFile(path, { maxBytes: 150_000 }).then(
      (text) => ({ length: text.length }),
      (error: unknown) => ({ code: isCarepassError(error) ? error.code : 'other', message: (error as Error).message }),
    );
    await growing;
    // Either the read finished before the file passed the limit, or it stopped at the limit.
    if ('length' in outcome) expect(outcome.length).toBeLessThanOrEqual(150_000);
    else expect(outcome).toMatchObject({ code: 'INPUT_UNREADABLE', message: expect.stringMatching(/growing\.json: (\d+ bytes is over|is over) the 150000-byte limit$/) });
    expect(await refusal(() => readRegularFile(path, { maxBytes: 150_000 }))).toMatchObject({ code: 'INPUT_UNREADABLE' });
  });

  it('refuses misuse: an empty path, or a limit that is not a positive integer', async () => {
    expect(await refusal(() => readRegularFile(''))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await refusal(() => readRegularFile('plain.json', { cwd: dir, maxBytes: 0 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await refusal(() => readRegularFileSync('plain.json', { cwd: dir, maxBytes: 1.5 }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(DEFAULT_MAX_FILE_BYTES).toBe(32 * 1024 * 1024);
  });
});

describe('describeNonRegularFile', () => {
  it('names each kind of file that is not a regular one', () => {
    const kind = (which: string) => ({ isFile: () => which === 'file', isDirectory: () => which === 'dir', isFIFO: () => which === 'fifo', isSocket: () => which === 'socket', isCharacterDevice: () => which === 'char', isBlockDevice: () => which === 'block' });
    expect(describeNonRegularFile(kind('file'))).toBeUndefined();
    expect(describeNonRegularFile(kind('dir'), 'a JSON file')).toBe('is a directory, expected a JSON file');
    expect(['fifo', 'socket', 'char', 'block'].map((which) => describeNonRegularFile(kind(which)))).toEqual([
      'is not a regular file (a FIFO)',
      'is not a regular file (a socket)',
      'is not a regular file (a character device)',
      'is not a regular file (a block device)',
    ]);
  });
});

describe('readStatusListDocuments', () => {
  it('skips whatever in the folder is not a regular JSON file, without blocking on a FIFO', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'carepass-status-folder-'));
    await writeFile(join(folder, 'a-list.json'), '{"id":"https://status.example/1"}');
    await symlink(join(folder, 'a-list.json'), join(folder, 'b-link.json'));
    await writeFile(join(folder, 'c-broken.json'), '{"id":');
    await writeFile(join(folder, 'd-deep.json'), `${'['.repeat(100)}${']'.repeat(100)}`);
    await mkdir(join(folder, 'e-folder.json'));
    if (posix) await symlink('/dev/zero', join(folder, 'f-zero.json'));
    if (hasFifo) execFileSync('mkfifo', [join(folder, 'g-fifo.json')]);
    expect(await readStatusListDocuments(folder)).toEqual([{ id: 'https://status.example/1' }, { id: 'https://status.example/1' }]);
    expect(await refusal(() => readStatusListDocuments(join(folder, 'a-list.json')))).toMatchObject({ code: 'INPUT_UNREADABLE' });
  }, 5000);
});
