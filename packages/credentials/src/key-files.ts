import { readFile, stat, writeFile, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { CarepassError } from '@carepass/frameworks';
import { exportIssuerKey, importIssuerKey, type IssuerKey } from './keys.js';

/**
 * Writes a secret key file with mode 0600 (owner read/write only), whole or not at all. Refuses to
 * overwrite an existing file.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when the file exists, `INPUT_UNREADABLE` when it cannot be written.
 */
export async function writeIssuerKeyFile(path: string, key: IssuerKey): Promise<void> {
  const exists = await stat(path).then(() => true, () => false);
  if (exists) throw new CarepassError('INVALID_ARGUMENT', `${path} already exists; a key file is never overwritten`);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(exportIssuerKey(key, { includeSecret: true }), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CarepassError('INPUT_UNREADABLE', `${path}: cannot write the key file (${(error as { code?: string }).code ?? 'error'})`, { cause: error });
  }
}

/**
 * Reads a secret key file, refusing one that group or others can read (as ssh does).
 *
 * @throws {@link CarepassError} `KEY_FILE_UNSAFE` for a group/world-readable file, `INPUT_UNREADABLE`
 * when it cannot be read, `KEY_INVALID` when it holds no valid key. Messages never include key material.
 */
export async function readIssuerKeyFile(path: string, options: { allowUnsafePermissions?: boolean } = {}): Promise<IssuerKey> {
  let mode: number;
  let text: string;
  try {
    mode = (await stat(path)).mode;
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CarepassError('INPUT_UNREADABLE', `${path}: cannot read the key file (${(error as { code?: string }).code ?? 'error'})`, { cause: error });
  }
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
