// What a batch verification runs for each credential, built once per thread from options that are
// plain data, so the same code serves the calling thread and every worker thread.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CarepassError, type DateInput, isCarepassError, type JsonLimits, parseDateInput } from '@carepass/frameworks';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { extractBakedCredential } from '../baking/baking.js';
import { parseCredentialText } from '../node/json-files.js';
import { DEFAULT_MAX_FILE_BYTES, readRegularFile, readRegularFileBytes, type ReadRegularFileOptions, readRegularFileSync } from '../node/node-files.js';
import { createStatusChecker, createStatusListResolver } from '../status/status-list.js';
import { createTrustChecker } from '../trust/trust.js';
import { verifyCredential, type VerifyCredentialOptions, type VerifyCredentialResult } from '../verify/verify.js';

/**
 * Options for {@link verifyCredentials} and {@link verifyCredentialFiles}. They are plain data, not
 * functions, because they are copied to worker threads: pass DID documents, status lists and trust
 * registries themselves rather than a document loader or check functions.
 */
export interface VerifyCredentialBatchOptions {
  /**
   * The time to check validity at. Default: the moment each batch starts, so every credential of a
   * batch is judged by one clock.
   */
  now?: DateInput;
  /** Clock skew tolerated at each end of the validity window, in seconds; default 300. */
  clockSkewSeconds?: number;
  /** Refuse credentials whose status cannot be had (default true: fail closed). */
  failClosed?: boolean;
  /** The proof purpose expected; default `assertionMethod`. */
  expectedProofPurpose?: string;
  /** Issuer binding, as {@link VerifyCredentialOptions.issuerBinding}; default true, and always on with trust registries. */
  issuerBinding?: boolean;
  /** Size and depth limits checked before anything else. */
  limits?: Partial<JsonLimits>;
  /** DID documents (did:web and others) by DID, resolved offline. */
  didDocuments?: Readonly<Record<string, object>>;
  /** Extra JSON-LD documents (a publisher's own context) by URL. */
  documents?: Readonly<Record<string, object>>;
  /** Status list credentials, or Carepass status list files, to check `credentialStatus` against. */
  statusLists?: readonly object[];
  /** Trust registries: when given, a credential passes only if its issuer is trusted for what it attests. */
  trustRegistries?: readonly object[];
  /** Registry operators accepted; default any operator whose registry verifies. */
  trustOperators?: readonly string[];
  /** Endorsements that make issuers trusted through an endorser the registries name (see `createTrustChecker`). */
  trustEndorsements?: readonly unknown[];
  /** VC-JWT: the algorithms accepted, as {@link VerifyCredentialOptions.jwtAlgorithms}. */
  jwtAlgorithms?: VerifyCredentialOptions['jwtAlgorithms'];
  /** VC-JWT: issuers' public keys (JWKs) by issuer id, as {@link VerifyCredentialOptions.jwtKeys}. */
  jwtKeys?: VerifyCredentialOptions['jwtKeys'];
  /**
   * Threads that verify, the calling thread included: `threads - 1` worker threads are started and
   * the calling thread verifies alongside them. Default: one per core, except that a batch of fewer
   * than {@link SMALL_BATCH} credentials is verified in the calling thread alone (starting workers
   * would cost more than it saves). 0 or 1: the calling thread alone.
   */
  threads?: number;
  /** Largest file {@link verifyCredentialFiles} reads, in bytes; default 32 MiB. */
  maxFileBytes?: number;
  /** The folder relative file paths resolve against; default the process's working directory. Results name files as given. */
  cwd?: string;
}

/** @deprecated Renamed VerifyCredentialBatchOptions (it differed from VerifyCredentialOptions by one letter while taking different things); this name goes in the next release. */
export type VerifyCredentialsOptions = VerifyCredentialBatchOptions;

/** A batch smaller than this is verified in the calling thread unless `threads` says otherwise. */
export const SMALL_BATCH = 128;

/** The result for one file of {@link verifyCredentialFiles}: the file's path and its verification. */
export type VerifyCredentialFileResult = {
  file: string;
  /** For a baked badge image: its format and the credential found in it (JSON, or a compact JWT). */
  baked?: { format: 'png' | 'svg'; credential: unknown };
} & VerifyCredentialResult;

/** The options a worker receives: {@link VerifyCredentialBatchOptions} with a fixed clock as a number. */
export interface BatchSettings extends Omit<VerifyCredentialBatchOptions, 'now' | 'threads'> {
  nowMs?: number;
}

const OPTION_KEYS = new Set(['now', 'clockSkewSeconds', 'failClosed', 'expectedProofPurpose', 'issuerBinding', 'limits', 'didDocuments', 'documents', 'statusLists', 'trustRegistries', 'trustOperators', 'trustEndorsements', 'jwtAlgorithms', 'jwtKeys', 'threads', 'maxFileBytes', 'cwd']);

/** Checks the options and fixes the clock; coded errors for anything a worker could not receive. */
export function batchSettings(options: VerifyCredentialBatchOptions): BatchSettings {
  if (typeof options !== 'object' || options === null) throw new CarepassError('INVALID_ARGUMENT', 'options must be an object');
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEYS.has(key)) {
      const hint = key === 'documentLoader' ? ' (pass didDocuments and documents instead)' : key === 'checkStatus' ? ' (pass statusLists instead)' : key === 'checkTrust' ? ' (pass trustRegistries instead)' : '';
      throw new CarepassError('INVALID_ARGUMENT', `options.${key} is not an option of batch verification${hint}: its options are plain data copied to worker threads`);
    }
    if (typeof value === 'function') throw new CarepassError('INVALID_ARGUMENT', `options.${key} must be data, not a function`);
  }
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 0 || options.threads > 256)) throw new CarepassError('INVALID_ARGUMENT', 'options.threads must be an integer from 0 to 256');
  for (const key of ['statusLists', 'trustRegistries', 'trustOperators'] as const) {
    if (options[key] !== undefined && !Array.isArray(options[key])) throw new CarepassError('INVALID_ARGUMENT', `options.${key} must be an array`);
  }
  for (const key of ['didDocuments', 'documents'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new CarepassError('INVALID_ARGUMENT', `options.${key} must be an object keyed by ${key === 'didDocuments' ? 'DID' : 'URL'}`);
  }
  if (options.cwd !== undefined && typeof options.cwd !== 'string') throw new CarepassError('INVALID_ARGUMENT', 'options.cwd must be a folder path');
  if (options.maxFileBytes !== undefined && (!Number.isInteger(options.maxFileBytes) || options.maxFileBytes < 1)) throw new CarepassError('INVALID_ARGUMENT', 'options.maxFileBytes must be a positive integer');
  const { now, threads: _threads, ...rest } = options;
  return { ...rest, ...(now === undefined ? {} : { nowMs: parseDateInput(now, 'options.now').getTime() }) };
}

/** One thread's verifier: the loader and checks are built once and reused for every credential. */
export interface PreparedVerifier {
  credential(input: unknown, now: Date): Promise<VerifyCredentialResult>;
  file(path: string, now: Date): Promise<VerifyCredentialFileResult>;
}

const unreadable = (file: string, message: string): VerifyCredentialFileResult => ({
  file,
  verified: false,
  status: 'invalid',
  checks: [{ check: 'parse', ok: false, code: 'unreadable', message }],
  credential: { types: [], alignments: [], proofs: [] },
});

/** Files up to this size are read synchronously: for small files that is several times faster than a trip through libuv's pool. */
const SYNC_READ_BYTES = 1024 * 1024;

/** Reads a credential file: its parsed JSON, or why it cannot be had (the message names the file). */
async function readCredentialFile(path: string, cwd: string, maxBytes: number): Promise<{ value: unknown; baked?: { format: 'png' | 'svg' } } | { problem: string }> {
  // A baked badge (Open Badges 3.0): the credential inside the PNG or SVG image.
  if (/\.(png|svg)$/iu.test(path)) {
    try {
      const baked = extractBakedCredential(await readRegularFileBytes(path, { cwd, maxBytes, expected: 'a PNG or SVG image' }));
      return baked ? { value: baked.credential, baked: { format: baked.format } } : { problem: `${path}: the image carries no baked credential` };
    } catch (error) {
      if (isCarepassError(error)) return { problem: error.message.startsWith(path) ? error.message : `${path}: ${error.message}` };
      throw error;
    }
  }
  const read: ReadRegularFileOptions = { cwd, maxBytes, expected: /\.jwt$/iu.test(path) ? 'a JWT file' : 'a JSON file' };
  let text: string;
  try {
    // stat's size only picks the way to read; the reader refuses what is not a regular file and
    // counts the bytes it reads against the limit either way.
    const size = fileSizeHint(resolve(cwd, path));
    text = size !== undefined && size <= SYNC_READ_BYTES ? readRegularFileSync(path, read) : await readRegularFile(path, read);
  } catch (error) {
    if (isCarepassError(error)) return { problem: error.message };
    throw error;
  }
  try {
    // A VC-JWT is verified as its text; JSON limits are checked by verification itself.
    return { value: parseCredentialText(text, path, false) };
  } catch (error) {
    if (isCarepassError(error)) return { problem: error.message };
    throw error;
  }
}

/** The size of a regular file by its path, or undefined for anything else (the reader says why). */
function fileSizeHint(absolute: string): number | undefined {
  try {
    const info = statSync(absolute);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the verifier a thread uses for a batch. */
export async function prepareVerifier(settings: BatchSettings): Promise<PreparedVerifier> {
  const documentLoader = createDocumentLoader({ ...(settings.didDocuments ? { didDocuments: settings.didDocuments } : {}), ...(settings.documents ? { documents: settings.documents } : {}) });
  const failClosed = settings.failClosed ?? true;
  const options: VerifyCredentialOptions = {
    documentLoader,
    failClosed,
    ...(settings.clockSkewSeconds !== undefined ? { clockSkewSeconds: settings.clockSkewSeconds } : {}),
    ...(settings.expectedProofPurpose !== undefined ? { expectedProofPurpose: settings.expectedProofPurpose } : {}),
    ...(settings.issuerBinding !== undefined ? { issuerBinding: settings.issuerBinding } : {}),
    ...(settings.limits !== undefined ? { limits: settings.limits } : {}),
    ...(settings.jwtAlgorithms !== undefined ? { jwtAlgorithms: settings.jwtAlgorithms } : {}),
    ...(settings.jwtKeys !== undefined ? { jwtKeys: settings.jwtKeys } : {}),
  };
  if (settings.statusLists) options.checkStatus = createStatusChecker({ resolve: createStatusListResolver(settings.statusLists), failClosed });
  if (settings.trustRegistries) {
    // Registries are verified once, when the verifier is built (by the batch's clock, if fixed).
    options.checkTrust = await createTrustChecker({ registries: settings.trustRegistries, now: new Date(settings.nowMs ?? Date.now()), documentLoader, ...(settings.trustOperators ? { operators: settings.trustOperators } : {}), ...(settings.trustEndorsements ? { endorsements: settings.trustEndorsements } : {}) });
  }
  const maxBytes = settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cwd = settings.cwd ?? process.cwd();
  return {
    credential: (input, now) => verifyCredential(input, { ...options, now }),
    async file(path, now) {
      const read = await readCredentialFile(path, cwd, maxBytes);
      if ('problem' in read) return unreadable(path, read.problem);
      return { file: path, ...(read.baked ? { baked: { format: read.baked.format, credential: read.value } } : {}), ...(await verifyCredential(read.value, { ...options, now })) };
    },
  };
}
