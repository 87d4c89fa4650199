import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, describeNonRegularFile, type FileKind, parseCredentialText, readJsonFile as readJson, readRegularFile, writeFileAtomic as writeWhole } from '@carepass/credentials';
import { CarepassError } from '@carepass/frameworks';

/** Largest input file the CLI reads: credentials and frameworks are far smaller. */
export const MAX_INPUT_BYTES = DEFAULT_MAX_FILE_BYTES;

/**
 * Reads and parses a JSON file (the credentials package's hardened reader): errors name the file
 * and, for syntax errors, the position; only a regular file, never past {@link MAX_INPUT_BYTES}.
 * @throws CarepassError `INPUT_UNREADABLE`.
 */
export function readJsonFile(path: string, cwd: string): Promise<unknown> {
  return readJson(path, { cwd, maxBytes: MAX_INPUT_BYTES });
}

/**
 * Reads a credential file: a compact VC-JWT (a `.jwt` file, or any file holding just the JWT text)
 * as its text, anything else as JSON, with the limits of {@link readJsonFile}.
 * @throws CarepassError `INPUT_UNREADABLE`.
 */
export async function readCredentialFile(path: string, cwd: string): Promise<unknown> {
  const text = await readRegularFile(path, { cwd, maxBytes: MAX_INPUT_BYTES, expected: /\.jwt$/iu.test(path) ? 'a JWT file' : 'a JSON file' });
  return parseCredentialText(text, path);
}

/**
 * Writes a file whole or not at all (the credentials package's atomic writer), creating missing
 * folders. @throws CarepassError `OUTPUT_UNWRITABLE`.
 */
export function writeFileAtomic(path: string, content: string, options: { cwd: string; mode?: number }): Promise<void> {
  return writeWhole(path, content, { cwd: options.cwd, createFolders: true, ...(options.mode === undefined ? {} : { mode: options.mode }) });
}

/** Serialises JSON the way every CLI output is written: two-space indent, final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Expands files and directories into the JSON files to process, in the order given; a directory
 * contributes its `*.json` and `*.jwt` (VC-JWT) regular files (symbolic links to regular files included; not
 * recursively), sorted by name. Anything else in a directory named `*.json` (a folder, FIFO,
 * socket, device or broken link) is left out and passed to `onSkip`, so it neither hangs the
 * command nor counts as a credential. A path given by name is kept whatever it is: reading it
 * then says why it cannot be used.
 * @param onSkip Told `<path>: <reason>` for each entry left out of a directory.
 * @throws CarepassError `INPUT_UNREADABLE` for a path that does not exist.
 */
export async function expandJsonPaths(paths: readonly string[], cwd: string, onSkip: (note: string) => void = () => undefined): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new CarepassError('INPUT_UNREADABLE', `${path}: no such file or directory`);
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    let entries: Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      throw new CarepassError('INPUT_UNREADABLE', `${path}: ${(error as { code?: string }).code === 'EACCES' ? 'permission denied' : 'cannot be read'}`, { cause: error });
    }
    for (const dirent of entries.filter((entry) => entry.name.endsWith('.json') || entry.name.endsWith('.jwt')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = join(path, dirent.name);
      // The listing tells the kind of each entry without a stat (a folder of 100,000 credentials
      // costs nothing more); a symbolic link is followed with stat, which never opens what it
      // names, so a FIFO cannot block here. The reader checks again what it opens.
      let kind: FileKind = dirent;
      if (dirent.isSymbolicLink()) {
        try {
          kind = await stat(join(absolute, dirent.name));
        } catch (error) {
          // A broken link is not a file to process; any other failure is kept, so that reading
          // the file reports it.
          if ((error as { code?: string }).code === 'ENOENT') onSkip(`${file}: is a broken symbolic link`);
          else files.push(file);
          continue;
        }
      }
      const problem = describeNonRegularFile(kind, 'a JSON file');
      if (problem) onSkip(`${file}: ${problem}`);
      else files.push(file);
    }
  }
  return files;
}
