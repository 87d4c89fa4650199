import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CarepassError, checkJsonLimits } from '@carepass/frameworks';

/** Largest input file the CLI reads: credentials and frameworks are far smaller. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * Reads and parses a JSON file, with errors that name the file and, for syntax errors, the
 * position.
 * @throws CarepassError `INPUT_UNREADABLE`.
 */
export async function readJsonFile(path: string, cwd: string): Promise<unknown> {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) throw new CarepassError('INPUT_UNREADABLE', `${path}: is a directory, expected a JSON file`);
    if (info.size > MAX_INPUT_BYTES) throw new CarepassError('INPUT_UNREADABLE', `${path}: ${info.size} bytes is over the ${MAX_INPUT_BYTES}-byte limit`);
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof CarepassError) throw error;
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    throw new CarepassError('INPUT_UNREADABLE', `${path}: ${reason}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply to read' : `not valid JSON (${(error as Error).message})`;
    throw new CarepassError('INPUT_UNREADABLE', `${path}: ${reason}`, { cause: error });
  }
  // Deep nesting, huge arrays or strings: refused here, before any command walks the document.
  const tooBig = checkJsonLimits(value);
  if (tooBig) throw new CarepassError('INPUT_UNREADABLE', `${path}: ${tooBig.path}: ${tooBig.message}`);
  return value;
}

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed into place, so a
 * crash or error never leaves a partly written output.
 */
export async function writeFileAtomic(path: string, content: string, options: { cwd: string; mode?: number }): Promise<void> {
  const absolute = resolve(options.cwd, path);
  const temporary = `${absolute}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(temporary, content, { mode: options.mode ?? 0o644, flag: 'wx' });
    await rename(temporary, absolute);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as { code?: string }).code;
    throw new CarepassError('INPUT_UNREADABLE', `${path}: cannot write (${code ?? (error as Error).message})`, { cause: error });
  }
}

/** Serialises JSON the way every CLI output is written: two-space indent, final newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Expands files and directories into the JSON files to process, in the order given; a directory
 * contributes its `*.json` files (not recursively), sorted by name.
 * @throws CarepassError `INPUT_UNREADABLE` for a path that does not exist.
 */
export async function expandJsonPaths(paths: readonly string[], cwd: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new CarepassError('INPUT_UNREADABLE', `${path}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(absolute)).filter((name) => name.endsWith('.json')).sort();
      files.push(...entries.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}
