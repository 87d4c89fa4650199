import { CarepassError, type DateInput, formatDateTimeStamp } from '@carepass/frameworks';
import { decodeStatusBitstring, encodeStatusBitstring, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './bitstring.js';
import { VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { IssuerKey } from '../keys/keys.js';
import { signCredential, type SignedCredential } from '../issue/sign.js';
import { type ExtraCheck, verifyCredential, type VerificationStatus, type VerifyCredentialResult } from '../verify/verify.js';
import { asArray, isObject, type JsonObject as Json, typesOf } from '../json.js';

/** The default freshness limit of {@link createStatusChecker}: a status list signed more than 31 days ago is refused. */
export const DEFAULT_MAX_STATUS_LIST_AGE_SECONDS = 31 * 24 * 60 * 60;

/** The purposes a Carepass status list tracks: permanent revocation and reversible suspension. */
export type StatusPurpose = 'revocation' | 'suspension';
const PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

/**
 * An issuer's status lists and their allocation state: which indexes have been handed out and the
 * status bits for each purpose. Plain JSON, so it can be stored anywhere; persist it **before**
 * using an index it allocated, so an index is never handed out twice.
 */
export interface StatusListState {
  /** Always `CarepassStatusListState`. */
  type: 'CarepassStatusListState';
  /** Base URL of the lists; the list credentials are `<base>/revocation` and `<base>/suspension`. */
  id: string;
  /** The issuer DID that signs the lists (and the credentials that point at them). */
  issuer: string;
  /** Entries per list. */
  length: number;
  /** How many indexes have been allocated. */
  allocatedCount: number;
  /** Bitstring of allocated indexes (`encodedList` form). */
  allocated: string;
  /** Status bitstrings per purpose (`encodedList` form). */
  lists: Record<StatusPurpose, string>;
}

/** The status list credential URL for a purpose. */
export function getStatusListCredentialId(state: Pick<StatusListState, 'id'>, purpose: StatusPurpose): string {
  return `${state.id.replace(/\/+$/, '')}/${purpose}`;
}

/**
 * Creates an empty status list state for an issuer: `length` entries (at least 131,072, so that a
 * credential's position says nothing about it).
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for a short list or a base that is not a URL.
 */
export async function createStatusListState(options: { id: string; issuer: string; length?: number }): Promise<StatusListState> {
  const length = options.length ?? MIN_STATUS_LIST_BITS;
  if (!Number.isInteger(length) || length < MIN_STATUS_LIST_BITS || length % 8 !== 0) throw new CarepassError('INVALID_ARGUMENT', `a status list needs at least ${MIN_STATUS_LIST_BITS} entries, in whole bytes`);
  if (!/^https?:\/\/[^\s]+$/.test(options.id)) throw new CarepassError('INVALID_ARGUMENT', `the status list base "${options.id}" must be an http(s) URL`);
  const empty = await encodeStatusBitstring(new Uint8Array(length / 8));
  return { type: 'CarepassStatusListState', id: options.id, issuer: options.issuer, length, allocatedCount: 0, allocated: empty, lists: { revocation: empty, suspension: empty } };
}

/**
 * Allocates a random unused index (random so that list position leaks nothing about issue order).
 * Returns the index and the new state; the input is not changed.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when the list is full.
 */
export async function allocateStatusIndex(state: StatusListState, options: { random?: () => number } = {}): Promise<{ index: number; state: StatusListState }> {
  if (state.allocatedCount >= state.length) throw new CarepassError('INVALID_ARGUMENT', 'the status list is full; create another');
  const allocated = await decodeStatusBitstring(state.allocated);
  const random = options.random ?? (() => globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32);
  let index = Math.floor(random() * state.length);
  // Probe forward from a random start: uniform enough, and always ends while the list has room.
  while (readStatus(allocated, index) === 1) index = (index + 1) % state.length;
  return { index, state: { ...state, allocatedCount: state.allocatedCount + 1, allocated: await encodeStatusBitstring(writeStatus(allocated, index, true)) } };
}

/**
 * Sets or clears a status. Revocation is permanent: clearing a revoked index is refused.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for an index never allocated, or un-revoking.
 */
export async function setCredentialStatus(state: StatusListState, index: number, purpose: StatusPurpose, on: boolean): Promise<StatusListState> {
  if (!Number.isInteger(index) || index < 0 || index >= state.length) throw new CarepassError('INVALID_ARGUMENT', `index ${index} is outside the list`);
  if (readStatus(await decodeStatusBitstring(state.allocated), index) !== 1) throw new CarepassError('INVALID_ARGUMENT', `index ${index} was never allocated by this list`);
  const bits = await decodeStatusBitstring(state.lists[purpose]);
  if (purpose === 'revocation' && !on && readStatus(bits, index) === 1) throw new CarepassError('INVALID_ARGUMENT', 'revocation is permanent; suspend instead if it may be lifted');
  return { ...state, lists: { ...state.lists, [purpose]: await encodeStatusBitstring(writeStatus(bits, index, on)) } };
}

/**
 * The `credentialStatus` entries for an allocated index: revocation and suspension by default (VC
 * 2.0 allows a list of entries). `purposes: ['revocation']` gives the one entry that 1EdTech's Open
 * Badges 3.0 JSON Schema allows (it takes a single `credentialStatus` object: write `entries[0]`),
 * at the cost of suspension, which then cannot reach the credential.
 */
export function createStatusEntries(state: StatusListState, index: number, options: { purposes?: readonly StatusPurpose[] } = {}): Record<string, unknown>[] {
  const purposes = options.purposes ?? PURPOSES;
  if (purposes.length === 0 || purposes.some((purpose) => !PURPOSES.includes(purpose))) throw new CarepassError('INVALID_ARGUMENT', `options.purposes must name one or more of ${PURPOSES.join(', ')}`);
  return purposes.map((purpose) => ({
    id: `${getStatusListCredentialId(state, purpose)}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: getStatusListCredentialId(state, purpose),
  }));
}

/**
 * The index a credential's status entries point at in a given list, if any. Pass the credential
 * as its signed graph says it (`verifyCredential(…).document`), not JSON as received: the CLI's
 * `status revoke` verifies the credential first, so a rewritten copy cannot point it at another
 * worker's index.
 */
export function findStatusIndex(credential: Record<string, unknown>, state: Pick<StatusListState, 'id'>): number | undefined {
  for (const entry of asArray(credential.credentialStatus)) {
    if (isObject(entry) && typeof entry.statusListIndex === 'string' && /^\d+$/.test(entry.statusListIndex) && PURPOSES.some((purpose) => entry.statusListCredential === getStatusListCredentialId(state, purpose))) return Number(entry.statusListIndex);
  }
  return undefined;
}

/**
 * Signs the status list credentials (one per purpose) for publication. Each carries a `ttl`
 * (milliseconds; default 31 days, {@link DEFAULT_MAX_STATUS_LIST_AGE_SECONDS}): verifiers refuse
 * it once that time has passed since `validFrom`, so publish the lists again before then. Pass
 * `ttl: null` to leave it out.
 */
export async function issueStatusListCredentials(
  state: StatusListState,
  options: { key: IssuerKey; validFrom?: DateInput; validUntil?: DateInput; ttl?: number | null; created?: DateInput; documentLoader?: DocumentLoader },
): Promise<Record<StatusPurpose, SignedCredential>> {
  const ttl = options.ttl === undefined ? DEFAULT_MAX_STATUS_LIST_AGE_SECONDS * 1000 : options.ttl;
  if (ttl !== null && (!Number.isSafeInteger(ttl) || ttl <= 0)) throw new CarepassError('INVALID_ARGUMENT', 'ttl must be a whole number of milliseconds above 0, or null');
  if (options.key.controller !== state.issuer) throw new CarepassError('INVALID_ARGUMENT', `the status list belongs to ${state.issuer}, not to the key's controller ${options.key.controller}`);
  const validFrom = options.validFrom === undefined ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : formatDateTimeStamp(options.validFrom, 'validFrom');
  const validUntil = options.validUntil === undefined ? undefined : formatDateTimeStamp(options.validUntil, 'validUntil');
  const out = {} as Record<StatusPurpose, SignedCredential>;
  for (const purpose of PURPOSES) {
    const id = getStatusListCredentialId(state, purpose);
    const credential = {
      '@context': [VC_V2_CONTEXT],
      id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: state.issuer,
      validFrom,
      ...(validUntil ? { validUntil } : {}),
      credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: state.lists[purpose], ...(ttl === null ? {} : { ttl }) },
    };
    out[purpose] = await signCredential(credential, {
      key: options.key,
      ...(options.created !== undefined ? { created: options.created } : {}),
      ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}),
    });
  }
  return out;
}

/** Finds a status list credential by its URL: a map, a folder reader, or a fetcher with a cache. */
export type StatusListResolver = (url: string) => Promise<object | undefined>;

/** Options for {@link createStatusChecker}. */
export interface CreateStatusCheckerOptions {
  /** Where status list credentials come from. */
  resolve: StatusListResolver;
  /** Refuse credentials whose status cannot be had (default true: fail closed). */
  failClosed?: boolean;
  /**
   * The oldest status list accepted, in seconds since the list was signed (its `validFrom`).
   * Default {@link DEFAULT_MAX_STATUS_LIST_AGE_SECONDS} (31 days): an issuer must republish its
   * lists at least monthly, or verifiers stop trusting them. A list's own `validUntil` and `ttl`
   * are applied as well; `Infinity` turns this limit off.
   */
  maxListAgeSeconds?: number;
}

/**
 * A status check for {@link verifyCredential}: for every status entry of the credential (as its
 * signed graph says it) it gets the status list credential through `resolve`, verifies it
 * (signature, validity, freshness, same issuer as the credential), and reads the bit. Types are
 * compared as sets. An entry of a type other than `BitstringStatusListEntry`, or a status written
 * any other way, cannot be checked and fails closed. Codes: `revoked`, `suspended`, `status_set`
 * (message lists), `status_unavailable`, `status_list_stale`, `status_list_invalid`,
 * `status_list_issuer_mismatch`, `status_entry_invalid`.
 */
export function createStatusChecker(options: CreateStatusCheckerOptions): ExtraCheck {
  const failClosed = options.failClosed ?? true;
  const maxAgeMs = (options.maxListAgeSeconds ?? DEFAULT_MAX_STATUS_LIST_AGE_SECONDS) * 1000;
  if (!(maxAgeMs >= 0)) throw new CarepassError('INVALID_ARGUMENT', 'maxListAgeSeconds must be a number of seconds, 0 or more');
  // A list is verified and decoded once per clock, loader and content, not once per credential: a
  // batch of thousands of credentials on one list checks its signature once. The cache compares
  // the list's whole JSON, so a list changed in place is verified again.
  const checked = new WeakMap<object, { json: string; nowMs: number; documentLoader: DocumentLoader; result: Promise<VerifyCredentialResult> }>();
  const verifyList = (list: object, now: Date, documentLoader: DocumentLoader): Promise<VerifyCredentialResult> => {
    let json: string;
    try {
      json = JSON.stringify(list);
    } catch {
      return verifyCredential(list, { now, documentLoader });
    }
    const known = checked.get(list);
    if (known && known.json === json && known.nowMs === now.getTime() && known.documentLoader === documentLoader) return known.result;
    const result = verifyCredential(list, { now, documentLoader });
    checked.set(list, { json, nowMs: now.getTime(), documentLoader, result });
    return result;
  };
  const decoded = new Map<string, Promise<Uint8Array>>();
  const bitsOf = (encodedList: string): Promise<Uint8Array> => {
    let bits = decoded.get(encodedList);
    if (!bits) {
      bits = decodeStatusBitstring(encodedList);
      bits.catch(() => decoded.delete(encodedList));
      if (decoded.size >= 64) decoded.delete(decoded.keys().next().value as string);
      decoded.set(encodedList, bits);
    }
    return bits;
  };
  return async (credential, { now, documentLoader, issuer }) => {
    const entries = asArray(credential.credentialStatus);
    const notes: string[] = [];
    const unavailable = (message: string, path: string) => ({ ok: false, code: 'status_unavailable' as const, message: `${message}, so the credential is refused (fail closed)`, path, status: 'status-unavailable' as VerificationStatus });
    for (const [position, entry] of entries.entries()) {
      const path = entries.length > 1 ? `$.credentialStatus[${position}]` : '$.credentialStatus';
      if (!typesOf(entry).includes('BitstringStatusListEntry')) {
        const described = isObject(entry) ? `of type ${JSON.stringify(typesOf(entry))}` : `written as ${JSON.stringify(entry)}`;
        if (failClosed) return unavailable(`a status entry ${described} cannot be checked (only BitstringStatusListEntry is understood)`, path);
        notes.push(`a status entry ${described} was not checked (accepted: fail open)`);
        continue;
      }
      const record = entry as Json;
      const index = Number(record.statusListIndex);
      const size = record.statusSize === undefined ? 1 : Number(record.statusSize);
      if (typeof record.statusListIndex !== 'string' || !/^\d+$/.test(record.statusListIndex) || typeof record.statusListCredential !== 'string' || typeof record.statusPurpose !== 'string' || !Number.isInteger(size) || size < 1) {
        return { ok: false, code: 'status_entry_invalid', message: 'a BitstringStatusListEntry needs one statusPurpose, a base-10 statusListIndex string and one statusListCredential URL', path };
      }
      let list: object | undefined;
      try {
        list = await options.resolve(record.statusListCredential);
      } catch {
        list = undefined;
      }
      if (list === undefined) {
        if (failClosed) return unavailable(`the status list ${record.statusListCredential} could not be had`, path);
        notes.push(`status list ${record.statusListCredential} unavailable (accepted: fail open)`);
        continue;
      }
      const listResult = await verifyList(list, now, documentLoader);
      // Everything about the list is read from its signed graph, like the credential's.
      const listView = listResult.document ?? {};
      const subject = asArray(listView.credentialSubject);
      const listSubject = subject.length === 1 && isObject(subject[0]) ? subject[0] : undefined;
      const proofOk = listResult.checks.some((check) => check.check === 'proof' && check.ok);
      const expired = listResult.checks.find((check) => check.check === 'validity' && !check.ok);
      if (proofOk && expired && listResult.checks.every((check) => check.ok || check.check === 'validity')) {
        return unavailable(`the status list ${record.statusListCredential} is out of date (${expired.message})`, path);
      }
      if (!listResult.verified || !typesOf(listView).includes('BitstringStatusListCredential') || !listSubject || !typesOf(listSubject).includes('BitstringStatusList')) {
        const reason = listResult.checks.find((check) => !check.ok);
        return { ok: false, code: 'status_list_invalid', message: `the status list ${record.statusListCredential} does not verify${reason ? ` (${reason.code}: ${reason.message})` : ' (not one BitstringStatusListCredential with one BitstringStatusList)'}`, path, status: 'invalid' as VerificationStatus };
      }
      if (listView.id !== record.statusListCredential) {
        return { ok: false, code: 'status_list_invalid', message: `the status list found for ${record.statusListCredential} is ${String(listView.id)}`, path, status: 'invalid' as VerificationStatus };
      }
      if (listResult.credential.issuer?.id !== issuer) {
        return { ok: false, code: 'status_list_issuer_mismatch', message: `the status list is issued by ${listResult.credential.issuer?.id}, not by the credential's issuer ${issuer}`, path, status: 'invalid' as VerificationStatus };
      }
      const signedAt = Date.parse(String(listView.validFrom ?? listResult.credential.proofs[0]?.created ?? ''));
      const ttl = listSubject.ttl === undefined ? undefined : Number(listSubject.ttl);
      if (Number.isNaN(signedAt)) return unavailable(`the status list ${record.statusListCredential} does not say when it was made (validFrom)`, path);
      if (now.getTime() - signedAt > maxAgeMs || (ttl !== undefined && ttl >= 0 && now.getTime() > signedAt + ttl)) {
        const limit = ttl !== undefined && now.getTime() > signedAt + ttl ? `its ttl of ${ttl} ms` : `the limit of ${Math.round(maxAgeMs / 86_400_000)} days`;
        return { ok: false, code: 'status_list_stale', message: `the status list ${record.statusListCredential} was signed on ${new Date(signedAt).toISOString()}, older than ${limit}; the issuer must publish it again, so the credential is refused (fail closed)`, path, status: 'status-unavailable' as VerificationStatus };
      }
      if (!asArray(listSubject.statusPurpose).includes(record.statusPurpose)) {
        return { ok: false, code: 'status_entry_invalid', message: `the entry's purpose "${record.statusPurpose}" does not match the list's ${JSON.stringify(listSubject.statusPurpose)}`, path };
      }
      let value: number;
      try {
        if (typeof listSubject.encodedList !== 'string') throw new Error('the list has no single encodedList');
        value = readStatus(await bitsOf(listSubject.encodedList), index, size);
      } catch (error) {
        return { ok: false, code: 'status_list_invalid', message: (error as Error).message, path, status: 'invalid' as VerificationStatus };
      }
      if (value !== 0) {
        if (record.statusPurpose === 'revocation') return { ok: false, code: 'revoked', message: 'the issuer has revoked this credential', path, status: 'revoked' as VerificationStatus };
        if (record.statusPurpose === 'suspension') return { ok: false, code: 'suspended', message: 'the issuer has suspended this credential', path, status: 'suspended' as VerificationStatus };
        const messages = asArray(record.statusMessage).filter(isObject);
        const message = messages.find((candidate) => Number.parseInt(String(candidate.status), 16) === value)?.message;
        notes.push(`${record.statusPurpose} status 0x${value.toString(16)}${message ? ` (${String(message)})` : ''}`);
      }
    }
    return { ok: true, code: 'ok', message: notes.length > 0 ? notes.join('; ') : 'not revoked or suspended' };
  };
}

/** A resolver over status list credentials (or Carepass status list files holding them) already in memory, by id. */
export function createStatusListResolver(documents: readonly object[]): StatusListResolver {
  const byId = new Map<string, object>();
  for (const document of Array.isArray(documents) ? documents : []) {
    if (typeof document !== 'object' || document === null) continue;
    const record = document as Json;
    if (record.type === 'CarepassStatusListFile' && typeof record.credentials === 'object' && record.credentials !== null) {
      for (const credential of Object.values(record.credentials as Record<string, Json>)) if (typeof credential.id === 'string') byId.set(credential.id, credential);
    } else if (typeof record.id === 'string') byId.set(record.id, document);
  }
  return async (url) => byId.get(url);
}

/** @deprecated Renamed {@link createStatusEntries} (verb-first); this alias goes in the next minor release. */
export const statusEntriesFor = createStatusEntries;

/** @deprecated Renamed {@link findStatusIndex} (verb-first); this alias goes in the next minor release. */
export const statusIndexOf = findStatusIndex;

/** @deprecated Renamed {@link getStatusListCredentialId} (verb-first); this alias goes in the next minor release. */
export const statusListCredentialId = getStatusListCredentialId;

/** @deprecated Renamed {@link createStatusListResolver} (verb-first); this alias goes in the next minor release. */
export const statusListsFromDocuments = createStatusListResolver;
