import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandJsonPaths, readJsonFile } from './files.js';

const posix = process.platform !== 'win32';
let dir: string;
let hasFifo = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-files-'));
  await mkdir(join(dir, 'folder'));
  await writeFile(join(dir, 'folder', 'b.json'), '{"b":1}');
  await writeFile(join(dir, 'folder', 'a.json'), '{"a":1}');
  await writeFile(join(dir, 'folder', 'notes.txt'), 'not JSON');
  await mkdir(join(dir, 'folder', 'sub.json'));
  await symlink('a.json', join(dir, 'folder', 'c-link.json'));
  if (!posix) return;
  await symlink('/dev/zero', join(dir, 'folder', 'zero.json'));
  await symlink('gone.json', join(dir, 'folder', 'dangling.json'));
  try {
    execFileSync('mkfifo', [join(dir, 'folder', 'fifo.json')]);
    hasFifo = true;
  } catch {
    hasFifo = false; // no mkfifo here
  }
});

describe('expandJsonPaths', () => {
  it('takes the regular *.json files of a folder (links to them included), in name order, and notes what it leaves out', async () => {
    const notes: string[] = [];
    const files = await expandJsonPaths(['folder', join('folder', 'b.json')], dir, (note) => notes.push(note));
    expect(files).toEqual([join('folder', 'a.json'), join('folder', 'b.json'), join('folder', 'c-link.json'), join('folder', 'b.json')]);
    expect(notes.sort()).toEqual(
      [
        `${join('folder', 'sub.json')}: is a directory, expected a JSON file`,
        ...(posix ? [`${join('folder', 'dangling.json')}: is a broken symbolic link`, `${join('folder', 'zero.json')}: is not a regular file (a character device)`] : []),
        ...(hasFifo ? [`${join('folder', 'fifo.json')}: is not a regular file (a FIFO)`] : []),
      ].sort(),
    );
  });

  it('keeps a file given by name whatever it is (reading it says why it cannot be used), and refuses a path that does not exist', async () => {
    expect(await expandJsonPaths([join('folder', 'notes.txt')], dir)).toEqual([join('folder', 'notes.txt')]);
    if (posix) expect(await expandJsonPaths([join('folder', 'zero.json')], dir)).toEqual([join('folder', 'zero.json')]);
    await expect(expandJsonPaths(['nowhere'], dir)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: 'nowhere: no such file or directory' });
  });
});

describe('readJsonFile', () => {
  it('reads a JSON file, and refuses a folder', async () => {
    expect(await readJsonFile(join('folder', 'c-link.json'), dir)).toEqual({ a: 1 });
    await expect(readJsonFile(join('folder', 'sub.json'), dir)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: `${join('folder', 'sub.json')}: is a directory, expected a JSON file` });
  });

  it.runIf(posix)('refuses a link to /dev/zero and a FIFO at once, instead of reading forever or waiting for a writer', async () => {
    await expect(readJsonFile(join('folder', 'zero.json'), dir)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: `${join('folder', 'zero.json')}: is not a regular file (a character device)` });
    if (hasFifo) await expect(readJsonFile(join('folder', 'fifo.json'), dir)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: `${join('folder', 'fifo.json')}: is not a regular file (a FIFO)` });
  }, 5000);
});
