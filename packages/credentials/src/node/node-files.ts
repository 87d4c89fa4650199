// Reading input files in Node without trusting what a path names: a `*.json` that is a FIFO, a
// socket, a device or a symbolic link to /dev/zero is refused, never waited on or read forever,
// and no file is read past its limit, whatever stat said its size was. Node only: the browser
// entry never imports this.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CarepassError } from '@carepass/frameworks';

/** Largest file read when no limit is given: 32 MiB, far more than any credential, framework or status list. */
export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** Options for {@link readRegularFile} and {@link readRegularFileSync}. */
export interface ReadRegularFileOptions {
  /** Largest file accepted, in bytes; default {@link DEFAULT_MAX_FILE_BYTES}. */
  maxBytes?: number;
  /** The folder a relative path resolves against; default the process's working directory. Messages name the path as given. */
  cwd?: string;
  /** What the caller wanted, for the message about a folder (`is a directory, expected a JSON file`); default `a file`. */
  expected?: string;
}

/** What {@link describeNonRegularFile} looks at: a `Stats` from `stat` or `fstat`, or a `Dirent`. */
export type FileKind = Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

// O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one (it is then
// refused by fstat). O_NOCTTY: opening a terminal never makes it the process's controlling one.
// Windows has neither flag, nor FIFOs or terminals that open as files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** First read for a file whose size stat cannot tell (files in /proc say 0): grown as needed, up to the limit. */
const FIRST_CHUNK_BYTES = 64 * 1024;

/**
 * Says why something is not a regular file, as the end of a message (`is a directory, expected a
 * file`, `is not a regular file (a FIFO)`), or gives undefined for a regular file.
 *
 * @param expected What was wanted instead of a folder; default `a file`.
 */
export function describeNonRegularFile(kind: FileKind, expected = 'a file'): string | undefined {
  if (kind.isFile()) return undefined;
  if (kind.isDirectory()) return `is a directory, expected ${expected}`;
  const what = kind.isFIFO() ? 'a FIFO' : kind.isSocket() ? 'a socket' : kind.isCharacterDevice() ? 'a character device' : kind.isBlockDevice() ? 'a block device' : 'an unknown kind of file';
  return `is not a regular file (${what})`;
}

interface Settings {
  absolute: string;
  maxBytes: number;
  expected: string;
}

function settingsOf(path: string, options: ReadRegularFileOptions): Settings {
  if (typeof path !== 'string' || path === '') throw new CarepassError('INVALID_ARGUMENT', 'path must be a non-empty string');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new CarepassError('INVALID_ARGUMENT', 'options.maxBytes must be a positive integer');
  return { absolute: resolve(options.cwd ?? process.cwd(), path), maxBytes, expected: options.expected ?? 'a file' };
}

function unreadable(path: string, reason: string, cause?: unknown): CarepassError {
  return new CarepassError('INPUT_UNREADABLE', `${path}: ${reason}`, cause === undefined ? {} : { cause });
}

/** The coded error for a failed stat, open or read. */
function failure(path: string, error: unknown, expected: string): CarepassError {
  if (error instanceof CarepassError) return error;
  const code = (error as { code?: string }).code;
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? `is a directory, expected ${expected}`
          : code === 'ENXIO' || code === 'ENODEV'
            ? 'is not a regular file'
            : code === 'ELOOP'
              ? 'too many symbolic links'
              : 'cannot be read';
  return unreadable(path, reason, error);
}

/** Refuses what is not a regular file, or a regular file already over the limit (a size stat gives for a regular file is a fair early refusal, never a bound). */
function checkStats(path: string, stats: Stats, { maxBytes, expected }: Settings): void {
  const problem = describeNonRegularFile(stats, expected);
  if (problem) throw unreadable(path, problem);
  if (stats.size > maxBytes) throw unreadable(path, `${stats.size} bytes is over the ${maxBytes}-byte limit`);
}

/** A buffer for the next read: the first fits the file as stat sized it (plus one byte, to see the end), later ones double; none goes past the limit plus one byte. */
function nextBuffer(previous: Buffer | undefined, length: number, size: number, maxBytes: number): Buffer {
  const wanted = previous === undefined ? Math.max(size + 1, FIRST_CHUNK_BYTES) : previous.length * 2;
  const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, wanted));
  previous?.copy(buffer, 0, 0, length);
  return buffer;
}

function decode(path: string, buffer: Buffer, length: number): string {
  try {
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    // Only a limit set past V8's longest string gets here.
    throw unreadable(path, 'is too large to read as text', error);
  }
}

/** What {@link readRegularFileWithStats} gives: the text and the `fstat` of the file it was read from. */
export interface RegularFileContent {
  /** The file's content, decoded as UTF-8 (a byte order mark is kept). */
  text: string;
  /** The `fstat` of the opened file: its mode and owner are those of the bytes read, not of whatever the path names now. */
  stats: Stats;
}

/**
 * Reads a regular file as UTF-8 text, with the `fstat` of the file read (for checks on its mode,
 * as key files need). See {@link readRegularFile}.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` as {@link readRegularFile} does.
 */
export async function readRegularFileWithStats(path: string, options: ReadRegularFileOptions = {}): Promise<RegularFileContent> {
  const { buffer, length, stats } = await readRegularBytes(path, options);
  return { text: decode(path, buffer, length), stats };
}

/**
 * Reads a regular file as bytes (a badge image), with the same refusals and limit as
 * {@link readRegularFile}.
 * @throws {@link CarepassError} `INPUT_UNREADABLE` or `INVALID_ARGUMENT`, as {@link readRegularFile}.
 */
export async function readRegularFileBytes(path: string, options: ReadRegularFileOptions = {}): Promise<Uint8Array> {
  const { buffer, length } = await readRegularBytes(path, options);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

async function readRegularBytes(path: string, options: ReadRegularFileOptions): Promise<{ buffer: Buffer; length: number; stats: Stats }> {
  const settings = settingsOf(path, options);
  let handle: FileHandle | undefined;
  try {
    // A first look by path refuses a FIFO, socket or device without opening it (opening some
    // devices does something); the check that counts is fstat on what was opened.
    checkStats(path, await stat(settings.absolute), settings);
    handle = await open(settings.absolute, OPEN_FLAGS);
    const stats = await handle.stat();
    checkStats(path, stats, settings);
    let buffer = nextBuffer(undefined, 0, stats.size, settings.maxBytes);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = nextBuffer(buffer, length, stats.size, settings.maxBytes);
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      // Counted on bytes read, not on stat: a file that grows while it is read stops here.
      if (length > settings.maxBytes) throw unreadable(path, `is over the ${settings.maxBytes}-byte limit`);
    }
    return { buffer, length, stats };
  } catch (error) {
    throw failure(path, error, settings.expected);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Reads a regular file as UTF-8 text, and nothing else: a folder, FIFO, socket or device (a
 * symbolic link to one included) is refused without waiting on it, and reading stops as soon as
 * more than `maxBytes` bytes have been read, whatever stat said the file's size was. Symbolic
 * links to regular files are followed.
 *
 * @param path The file, absolute or relative to `options.cwd`; messages name it as given.
 * @returns The file's content, decoded as UTF-8 (a byte order mark is kept).
 * @throws {@link CarepassError} `INPUT_UNREADABLE` with a message `<path>: <reason>`: `no such
 * file`, `permission denied`, `is a directory, expected …`, `is not a regular file (a FIFO)`, `N
 * bytes is over the M-byte limit`, `is over the M-byte limit` (it grew while being read);
 * `INVALID_ARGUMENT` for an empty path or a `maxBytes` that is not a positive integer.
 *
 * @example
 * ```ts
 * import { readRegularFile } from '@carepass/credentials';
 * const text = await readRegularFile('credentials/worker.json', { maxBytes: 1024 * 1024 });
 * ```
 */
export async function readRegularFile(path: string, options: ReadRegularFileOptions = {}): Promise<string> {
  return (await readRegularFileWithStats(path, options)).text;
}

/**
 * {@link readRegularFile} without leaving the calling thread: for many small files, several times
 * faster than trips through libuv's thread pool. Blocks the thread while it reads.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` or `INVALID_ARGUMENT`, as {@link readRegularFile}.
 */
export function readRegularFileSync(path: string, options: ReadRegularFileOptions = {}): string {
  const settings = settingsOf(path, options);
  let descriptor: number | undefined;
  try {
    checkStats(path, statSync(settings.absolute), settings);
    descriptor = openSync(settings.absolute, OPEN_FLAGS);
    const stats = fstatSync(descriptor);
    checkStats(path, stats, settings);
    let buffer = nextBuffer(undefined, 0, stats.size, settings.maxBytes);
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = nextBuffer(buffer, length, stats.size, settings.maxBytes);
      const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > settings.maxBytes) throw unreadable(path, `is over the ${settings.maxBytes}-byte limit`);
    }
    return decode(path, buffer, length);
  } catch (error) {
    throw failure(path, error, settings.expected);
  } finally {
    if (descriptor !== undefined) {
      try {
        closeSync(descriptor);
      } catch {
        // Nothing useful to do about a descriptor that will not close.
      }
    }
  }
}
