import { CarepassError } from '@carepass/frameworks';
import { exportIssuerKey, importIssuerKey, type IssuerKey } from '../keys/keys.js';
import { writeFileAtomic } from './json-files.js';
import { readRegularFileWithStats } from './node-files.js';

/** Largest key file read: a key file is a few hundred bytes, so anything near this is not one. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Writes a secret key file with mode 0600 (owner read/write only), whole or not at all. Refuses to
 * overwrite an existing file.
 *
 * @throws {@link CarepassError} `FILE_EXISTS` when the file exists, `OUTPUT_UNWRITABLE` when it cannot be written.
 */
export async function writeIssuerKeyFile(path: string, key: IssuerKey): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(exportIssuerKey(key, { includeSecret: true }), null, 2)}\n`, { mode: 0o600, exclusive: true, what: 'a key file' });
}

/**
 * Reads a secret key file, refusing one that group or others can read (as ssh does). Only a
 * regular file (or a symbolic link to one) of at most 64 KiB is read.
 *
 * @throws {@link CarepassError} `KEY_FILE_UNSAFE` for a group/world-readable file, `INPUT_UNREADABLE`
 * when it cannot be read (no such file, not a regular file, too large), `KEY_INVALID` when it holds
 * no valid key. Messages never include key material.
 */
export async function readIssuerKeyFile(path: string, options: { allowUnsafePermissions?: boolean } = {}): Promise<IssuerKey> {
  // The mode checked is that of the file read (fstat), not of whatever the path names afterwards.
  const { text, stats } = await readRegularFileWithStats(path, { maxBytes: MAX_KEY_FILE_BYTES, expected: 'a key file' });
  const mode = stats.mode;
  if (!options.allowUnsafePermissions && process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new CarepassError('KEY_FILE_UNSAFE', `${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CarepassError('KEY_INVALID', `${path} is not a JSON key file`);
  }
  return importIssuerKey(json);
}
