import { open, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CarepassError, convertZodIssues, type JsonLimits } from '@carepass/frameworks';
import { z } from 'zod';
import { isObject } from '../json.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { IssuerKey } from '../keys/keys.js';
import { readJsonFile, writeFileAtomic } from './json-files.js';
import { DEFAULT_MAX_FILE_BYTES } from './node-files.js';
import type { SignedCredential } from '../issue/sign.js';
import { verifyCredential } from '../verify/verify.js';
import type { VerificationCode } from '../verify/codes.js';
import {
  allocateStatusIndex,
  createStatusListState,
  issueStatusListCredentials,
  setCredentialStatus,
  getStatusListCredentialId,
  type StatusListResolver,
  type StatusListState,
  type StatusPurpose,
  createStatusListResolver,
} from '../status/status-list.js';

const SignedListSchema = z.looseObject({ proof: z.unknown() }).refine((value) => value.proof !== undefined, 'must be a signed status list credential');

/** A Carepass status list file, as {@link readStatusListFile} checks it: its state and the two signed list credentials. */
export const StatusListFileSchema = z.strictObject({
  /** Always `CarepassStatusListFile`. */
  type: z.literal('CarepassStatusListFile'),
  /** Allocation state and status bits. */
  state: z.strictObject({
    type: z.literal('CarepassStatusListState'),
    id: z.string().min(1),
    issuer: z.string().min(1),
    length: z.number().int().positive(),
    allocatedCount: z.number().int().nonnegative(),
    allocated: z.string(),
    lists: z.strictObject({ revocation: z.string(), suspension: z.string() }),
  }),
  /** The signed status list credentials, one per purpose, as last published: no other keys (files are named after them). */
  credentials: z.strictObject({ revocation: SignedListSchema, suspension: SignedListSchema }),
});

/** A Carepass status list file: the allocation state and the signed list credentials to publish. */
export interface StatusListFile {
  /** Always `CarepassStatusListFile`. */
  type: 'CarepassStatusListFile';
  /** Allocation state and status bits. */
  state: StatusListState;
  /** The signed status list credentials, one per purpose, as last published. */
  credentials: Record<StatusPurpose, SignedCredential>;
}

function writeWhole(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { what: 'the status list file' });
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` while holding the file's lock: one writer at a time in this process and across processes. */
async function withLock<T>(path: string, task: () => Promise<T>): Promise<T> {
  const absolute = resolve(path);
  const previous = queues.get(absolute) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    const lock = `${absolute}.lock`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const handle = await open(lock, 'wx');
        await handle.close();
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
        // A lock older than 30 s was left by a process that died: take it over.
        const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
        if (age > 30_000) await rm(lock, { force: true });
        else if (Date.now() > deadline) throw new CarepassError('INPUT_UNREADABLE', `${path} is locked by another writer`);
        else await new Promise((done) => setTimeout(done, 20));
      }
    }
    try {
      return await task();
    } finally {
      await rm(lock, { force: true });
    }
  });
  queues.set(absolute, run);
  return run as Promise<T>;
}

// A status list's encodedList is one long string (a list of millions of entries, compressed, runs
// to megabytes), so strings are bounded by the file size limit rather than the default 1,000,000
// characters; depth, array, key and value counts keep their defaults.
const STATUS_LIST_JSON_LIMITS: Partial<JsonLimits> = { maxStringLength: DEFAULT_MAX_FILE_BYTES };

const PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/** Reads a JSON file within the size and JSON limits. @throws {@link CarepassError} `INPUT_UNREADABLE`. */
function readJsonDocument(path: string): Promise<unknown> {
  return readJsonFile(path, { limits: STATUS_LIST_JSON_LIMITS });
}

/** A property name from a file, quoted on one line and short, for a message. */
function quoted(name: string): string {
  const text = JSON.stringify(name).replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/**
 * Reads a status list file. Its `credentials` must hold the `revocation` and `suspension` list
 * credentials and nothing else: callers name files and URLs after those purposes.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` when it cannot be read (see
 * {@link readRegularFile}), is over the size or JSON limits, or is not a status list file.
 */
export async function readStatusListFile(path: string): Promise<StatusListFile> {
  const parsed = await readJsonDocument(path);
  if (!isObject(parsed) || parsed.type !== 'CarepassStatusListFile') throw new CarepassError('INPUT_UNREADABLE', `${path}: not a Carepass status list file (made by carepass status create)`);
  // A purpose names the files a list is published to: an unknown one is refused by name, short and quoted.
  const credentials = parsed.credentials;
  for (const purpose of isObject(credentials) ? Object.keys(credentials) : []) {
    if (!(PURPOSES as readonly string[]).includes(purpose)) throw new CarepassError('INPUT_UNREADABLE', `${path}: credentials has ${quoted(purpose)}, which is not a status purpose (revocation or suspension)`);
  }
  const checked = StatusListFileSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = convertZodIssues(checked.error.issues)[0];
    throw new CarepassError('INPUT_UNREADABLE', `${path}: not a Carepass status list file: ${issue?.path ?? '$'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed as unknown as StatusListFile;
}

/** What {@link verifyStatusListFile} found. */
export type VerifyStatusListFileResult = { ok: true } | { ok: false; code: VerificationCode; message: string };

/**
 * Checks a status list file before it is changed, re-signed or published: both list credentials
 * verify (signature, made by the file's issuer), and what they say, read from their signed graphs,
 * is what the file's state says (ids, purposes, status bits). A file whose state or list
 * credentials were edited is refused (`status_file_tampered`), so the issuer's next signature
 * never launders it. The allocation record (`state.allocated`) is the issuer's own bookkeeping, not
 * signed: keep the file private.
 */
export async function verifyStatusListFile(file: StatusListFile, options: { documentLoader?: DocumentLoader; now?: Date } = {}): Promise<VerifyStatusListFileResult> {
  for (const purpose of PURPOSES) {
    const credential = file.credentials[purpose];
    const result = await verifyCredential(credential, { ...options, ...(options.now ? { now: options.now } : {}) });
    const broken = result.checks.find((check) => !check.ok && check.check !== 'validity');
    const view = result.document;
    if (broken || !view) return { ok: false, code: 'status_file_tampered', message: `the ${purpose} list credential does not verify (${broken?.code ?? 'unreadable'}: ${broken?.message ?? 'no signed graph'})` };
    const subject = [view.credentialSubject].flat()[0] as Record<string, unknown> | undefined;
    const mismatch =
      result.credential.issuer?.id !== file.state.issuer ? `is signed by ${result.credential.issuer?.id}, not by the list's issuer ${file.state.issuer}`
      : view.id !== getStatusListCredentialId(file.state, purpose) ? `has id ${String(view.id)}, not ${getStatusListCredentialId(file.state, purpose)}`
      : subject?.statusPurpose !== purpose ? `is for ${JSON.stringify(subject?.statusPurpose ?? null)}, not ${purpose}`
      : subject.encodedList !== file.state.lists[purpose] ? 'holds other status bits than the file\'s state'
      : undefined;
    if (mismatch) return { ok: false, code: 'status_file_tampered', message: `the ${purpose} list credential ${mismatch}` };
  }
  return { ok: true };
}

async function readVerifiedStatusListFile(path: string, options: { documentLoader?: DocumentLoader } = {}): Promise<StatusListFile> {
  const file = await readStatusListFile(path);
  const verified = await verifyStatusListFile(file, options);
  if (!verified.ok) throw new CarepassError('CREDENTIAL_INVALID', `${path}: ${verified.message}; the file was changed outside Carepass, so it is not used`, { details: { code: verified.code } });
  return file;
}

/**
 * Creates a status list file for an issuer, with signed, empty revocation and suspension lists.
 * Never overwrites an existing file.
 * @throws {@link CarepassError} `FILE_EXISTS` when the file exists, `OUTPUT_UNWRITABLE` when it cannot be written.
 */
export async function createStatusListFile(path: string, options: { key: IssuerKey; id?: string; length?: number }): Promise<StatusListFile> {
  // Checked first so no list is signed for nothing; the write itself is exclusive as well.
  if (await stat(path).then(() => true, () => false)) throw new CarepassError('FILE_EXISTS', `${path} already exists; a status list is never overwritten`);
  const state = await createStatusListState({
    id: options.id ?? `https://status.carepass.invalid/lists/${globalThis.crypto.randomUUID()}`,
    issuer: options.key.controller,
    ...(options.length !== undefined ? { length: options.length } : {}),
  });
  const file: StatusListFile = { type: 'CarepassStatusListFile', state, credentials: await issueStatusListCredentials(state, { key: options.key }) };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { exclusive: true, what: 'a status list' });
  return file;
}

/**
 * Allocates an index from a status list file and saves the new allocation state **before**
 * returning it, so a crash or restart can never hand the same index out twice.
 */
export async function allocateFromStatusListFile(path: string): Promise<{ index: number; state: StatusListState }> {
  return withLock(path, async () => {
    const file = await readVerifiedStatusListFile(path);
    const { index, state } = await allocateStatusIndex(file.state);
    await writeWhole(path, { ...file, state });
    return { index, state };
  });
}

/**
 * Sets or clears a credential's status in a status list file and re-signs the list credentials.
 * The file is verified first ({@link verifyStatusListFile}).
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` for a tampered file.
 */
export async function updateStatusListFile(path: string, options: { key: IssuerKey; index: number; purpose: StatusPurpose; on: boolean }): Promise<StatusListFile> {
  return withLock(path, async () => {
    const file = await readVerifiedStatusListFile(path);
    const state = await setCredentialStatus(file.state, options.index, options.purpose, options.on);
    const updated: StatusListFile = { ...file, state, credentials: await issueStatusListCredentials(state, { key: options.key }) };
    await writeWhole(path, updated);
    return updated;
  });
}

/**
 * Reads and verifies a status list file ({@link verifyStatusListFile}) and, with a key, signs its
 * list credentials again with today's date, so that verifiers' freshness limits accept them.
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` for a tampered file.
 */
export async function publishStatusListFile(path: string, options: { key?: IssuerKey } = {}): Promise<Record<StatusPurpose, SignedCredential>> {
  return withLock(path, async () => {
    const file = await readVerifiedStatusListFile(path);
    if (!options.key) return file.credentials;
    const credentials = await issueStatusListCredentials(file.state, { key: options.key });
    await writeWhole(path, { ...file, credentials });
    return credentials;
  });
}

/**
 * A resolver over a folder: every `*.json` in it that is a status list credential, or a Carepass
 * status list file (whose credentials it serves), found by its id. Nothing is fetched.
 */
export async function readStatusListDirectory(directory: string): Promise<StatusListResolver> {
  return createStatusListResolver(await readStatusListDocuments(directory));
}

/**
 * Reads every `*.json` file of a folder that parses as JSON, in name order: the status list
 * credentials (or status list files) to pass as `statusLists` to batch verification. Entries that
 * are not regular files (folders, FIFOs, sockets, devices), files that cannot be read, are over 32
 * MiB or the JSON limits, or are not JSON, are skipped, since other files may share the folder.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` when the folder cannot be listed.
 */
export async function readStatusListDocuments(directory: string): Promise<object[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CarepassError('INPUT_UNREADABLE', `${directory}: ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : 'cannot be read'}`, { cause: error });
  }
  const documents: object[] = [];
  for (const name of names.filter((entry) => entry.endsWith('.json')).sort()) {
    try {
      const document = await readJsonDocument(join(directory, name));
      if (typeof document === 'object' && document !== null) documents.push(document);
    } catch {
      // Not a readable JSON file: not a status list.
    }
  }
  return documents;
}

/** @deprecated Renamed {@link readStatusListDirectory} (verb-first); this alias goes in the next minor release. */
export const statusListsFromDirectory = readStatusListDirectory;
