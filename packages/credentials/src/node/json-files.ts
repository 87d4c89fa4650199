// The one hardened JSON file reader and the one atomic writer every Carepass package uses.
import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CarepassError, checkJsonLimits, type JsonLimits } from '@carepass/frameworks';
import { DEFAULT_MAX_FILE_BYTES, readRegularFile } from './node-files.js';
import { isCompactJwt } from '../jwt/verify-jwt.js';

/** Options for {@link readJsonFile}. */
export interface ReadJsonFileOptions {
  /** Directory a relative path resolves against; default the process's. */
  cwd?: string;
  /** Largest file read, in bytes; default {@link DEFAULT_MAX_FILE_BYTES} (32 MiB). */
  maxBytes?: number;
  /** Limits on the parsed document (depth, array and string sizes); default `checkJsonLimits`' own. */
  limits?: Partial<JsonLimits>;
  /** What the file should be, for messages: default `a JSON file`. */
  expected?: string;
}

/**
 * Reads the text of a credential file: a compact VC-JWT (a `.jwt` file, or any file holding just the
 * JWT text) as the JWT, anything else as JSON (see {@link parseJsonText}, whose `limits` it takes).
 * @throws {@link CarepassError} `INPUT_UNREADABLE` for a `.jwt` file that is not a JWT, or text that is not JSON.
 */
export function parseCredentialText(text: string, path: string, limits?: Partial<JsonLimits> | false): unknown {
  if (isCompactJwt(text)) return text.trim();
  if (/\.jwt$/iu.test(path)) throw new CarepassError('INPUT_UNREADABLE', `${path}: not a compact JWT (three base64url parts separated by dots)`);
  return parseJsonText(text, path, limits);
}

/**
 * Parses JSON text read from `path` (a leading byte-order mark is allowed) and checks it against
 * the JSON limits, so deep nesting or huge values are refused before anything walks the document.
 * `limits: false` leaves the check to the caller (verification checks them itself).
 * @throws {@link CarepassError} `INPUT_UNREADABLE`, naming the file and, for syntax errors, the position.
 */
export function parseJsonText(text: string, path: string, limits?: Partial<JsonLimits> | false): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const reason = error instanceof RangeError ? 'nested too deeply to read' : `not valid JSON (${(error as Error).message})`;
    throw new CarepassError('INPUT_UNREADABLE', `${path}: ${reason}`, { cause: error });
  }
  if (limits === false) return value;
  const tooBig = checkJsonLimits(value, limits);
  if (tooBig) throw new CarepassError('INPUT_UNREADABLE', `${path}: ${tooBig.path}: ${tooBig.message}`);
  return value;
}

/**
 * Reads and parses a JSON file: only a regular file (or a link to one), never past `maxBytes`, then
 * {@link parseJsonText}. A FIFO, socket or device is refused at once.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` (missing, not a regular file, too large, not JSON,
 * over the JSON limits), `INVALID_ARGUMENT` for a path that is not a string.
 * @example
 * ```ts
 * import { readJsonFile } from '@carepass/credentials';
 * const registry = await readJsonFile('trust/registry.json', { maxBytes: 1024 * 1024 });
 * ```
 */
export async function readJsonFile(path: string, options: ReadJsonFileOptions = {}): Promise<unknown> {
  const text = await readRegularFile(path, { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), maxBytes: options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, expected: options.expected ?? 'a JSON file' });
  return parseJsonText(text, path, options.limits);
}

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Directory a relative path resolves against; default the process's. */
  cwd?: string;
  /** File mode of a new file; default 0o644 (use 0o600 for secrets). */
  mode?: number;
  /** Refuse to replace an existing file (`FILE_EXISTS`); default false. */
  exclusive?: boolean;
  /** Create missing parent folders; default false. */
  createFolders?: boolean;
  /** What the file is, for messages: default `the file`. */
  what?: string;
}

/**
 * Writes a file whole or not at all: to a temporary file beside it (created exclusively, with the
 * mode given), then renamed into place, so a crash or an error never leaves a partly written file.
 *
 * @throws {@link CarepassError} `FILE_EXISTS` when `exclusive` and the file exists,
 * `OUTPUT_UNWRITABLE` when it cannot be written (no such folder, no permission, disk full).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  const absolute = resolve(options.cwd ?? '.', path);
  const what = options.what ?? 'the file';
  const temporary = `${absolute}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    if (options.createFolders) await mkdir(dirname(absolute), { recursive: true });
    await writeFile(temporary, content, { mode: options.mode ?? 0o644, flag: 'wx' });
    // Exclusive: a hard link fails if the name exists, so no existing file is ever replaced.
    if (options.exclusive) await link(temporary, absolute);
    else await rename(temporary, absolute);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (options.exclusive && code === 'EEXIST') throw new CarepassError('FILE_EXISTS', `${path} already exists; ${what} is never overwritten`);
    throw new CarepassError('OUTPUT_UNWRITABLE', `${path}: cannot write ${what} (${code ?? (error as Error).message})`, { cause: error });
  } finally {
    // After a rename the temporary name is gone; after a link or a failure it is removed here.
    await rm(temporary, { force: true });
  }
}
