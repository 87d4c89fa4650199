import { CarepassError } from '@carepass/frameworks';
import { decodeStatusBitstring, encodeStatusBitstring, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './bitstring.js';
import { VC_V2_CONTEXT } from './contexts.js';
import type { DocumentLoader } from './document-loader.js';
import type { IssuerKey } from './keys.js';
import { signCredential, type SignedCredential } from './sign.js';
import { type ExtraCheck, verifyCredential, type VerificationStatus, type VerifyCredentialResult } from './verify.js';

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
export function statusListCredentialId(state: Pick<StatusListState, 'id'>, purpose: StatusPurpose): string {
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

/** The `credentialStatus` entries (revocation and suspension) for an allocated index. */
export function statusEntriesFor(state: StatusListState, index: number): Record<string, unknown>[] {
  return PURPOSES.map((purpose) => ({
    id: `${statusListCredentialId(state, purpose)}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: statusListCredentialId(state, purpose),
  }));
}

/** The index a credential's status entries point at in a given list, if any. */
export function statusIndexOf(credential: Record<string, unknown>, state: Pick<StatusListState, 'id'>): number | undefined {
  const entries = Array.isArray(credential.credentialStatus) ? credential.credentialStatus : [credential.credentialStatus];
  for (const entry of entries) {
    const record = entry as Record<string, unknown> | undefined;
    if (record && PURPOSES.some((purpose) => record.statusListCredential === statusListCredentialId(state, purpose))) return Number(record.statusListIndex);
  }
  return undefined;
}

/** Signs the status list credentials (one per purpose) for publication. */
export async function issueStatusListCredentials(
  state: StatusListState,
  options: { key: IssuerKey; validFrom?: string; validUntil?: string; created?: string | Date; documentLoader?: DocumentLoader },
): Promise<Record<StatusPurpose, SignedCredential>> {
  if (options.key.controller !== state.issuer) throw new CarepassError('INVALID_ARGUMENT', `the status list belongs to ${state.issuer}, not to the key's controller ${options.key.controller}`);
  const validFrom = options.validFrom ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const out = {} as Record<StatusPurpose, SignedCredential>;
  for (const purpose of PURPOSES) {
    const id = statusListCredentialId(state, purpose);
    const credential = {
      '@context': [VC_V2_CONTEXT],
      id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: state.issuer,
      validFrom,
      ...(options.validUntil ? { validUntil: options.validUntil } : {}),
      credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: state.lists[purpose] },
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
}

type Json = Record<string, unknown>;

/**
 * A status check for {@link verifyCredential}: for every `BitstringStatusListEntry` it gets the
 * status list credential through `resolve`, verifies it (signature, validity, same issuer as the
 * credential), and reads the bit. Codes: `revoked`, `suspended`, `status_set` (message lists),
 * `status_unavailable`, `status_list_invalid`, `status_list_issuer_mismatch`, `status_entry_invalid`.
 */
export function createStatusChecker(options: CreateStatusCheckerOptions): ExtraCheck {
  const failClosed = options.failClosed ?? true;
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
    const entries = (Array.isArray(credential.credentialStatus) ? credential.credentialStatus : [credential.credentialStatus]) as unknown[];
    const notes: string[] = [];
    for (const [position, raw] of entries.entries()) {
      const entry = raw as Json;
      const path = Array.isArray(credential.credentialStatus) ? `$.credentialStatus[${position}]` : '$.credentialStatus';
      if (entry?.type !== 'BitstringStatusListEntry') continue;
      const index = Number(entry.statusListIndex);
      const size = entry.statusSize === undefined ? 1 : Number(entry.statusSize);
      if (typeof entry.statusListIndex !== 'string' || !/^\d+$/.test(entry.statusListIndex) || typeof entry.statusListCredential !== 'string' || typeof entry.statusPurpose !== 'string' || !Number.isInteger(size) || size < 1) {
        return { ok: false, code: 'status_entry_invalid', message: 'a BitstringStatusListEntry needs statusPurpose, a base-10 statusListIndex string and a statusListCredential URL', path };
      }
      let list: object | undefined;
      try {
        list = await options.resolve(entry.statusListCredential);
      } catch {
        list = undefined;
      }
      if (list === undefined) {
        if (failClosed) return { ok: false, code: 'status_unavailable', message: `the status list ${entry.statusListCredential} could not be had, so the credential is refused (fail closed)`, path, status: 'status-unavailable' as VerificationStatus };
        notes.push(`status list ${entry.statusListCredential} unavailable (accepted: fail open)`);
        continue;
      }
      const listResult = await verifyList(list, now, documentLoader);
      const listJson = list as Json;
      const subject = listJson.credentialSubject as Json | undefined;
      const types = Array.isArray(listJson.type) ? listJson.type : [listJson.type];
      if (!listResult.verified || !types.includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList') {
        const reason = listResult.checks.find((check) => !check.ok);
        return { ok: false, code: 'status_list_invalid', message: `the status list ${entry.statusListCredential} does not verify${reason ? ` (${reason.code}: ${reason.message})` : ' (not a BitstringStatusListCredential)'}`, path, status: 'invalid' as VerificationStatus };
      }
      if (listResult.credential.issuer?.id !== issuer) {
        return { ok: false, code: 'status_list_issuer_mismatch', message: `the status list is issued by ${listResult.credential.issuer?.id}, not by the credential's issuer ${issuer}`, path, status: 'invalid' as VerificationStatus };
      }
      if (subject.statusPurpose !== entry.statusPurpose) {
        return { ok: false, code: 'status_entry_invalid', message: `the entry's purpose "${entry.statusPurpose}" does not match the list's "${String(subject.statusPurpose)}"`, path };
      }
      let value: number;
      try {
        value = readStatus(await bitsOf(subject.encodedList as string), index, size);
      } catch (error) {
        return { ok: false, code: 'status_list_invalid', message: (error as Error).message, path, status: 'invalid' as VerificationStatus };
      }
      if (value !== 0) {
        if (entry.statusPurpose === 'revocation') return { ok: false, code: 'revoked', message: 'the issuer has revoked this credential', path, status: 'revoked' as VerificationStatus };
        if (entry.statusPurpose === 'suspension') return { ok: false, code: 'suspended', message: 'the issuer has suspended this credential', path, status: 'suspended' as VerificationStatus };
        const messages = Array.isArray(entry.statusMessage) ? (entry.statusMessage as Json[]) : [];
        const message = messages.find((candidate) => Number.parseInt(String(candidate.status), 16) === value)?.message;
        notes.push(`${entry.statusPurpose} status 0x${value.toString(16)}${message ? ` (${String(message)})` : ''}`);
      }
    }
    return { ok: true, code: 'ok', message: notes.length > 0 ? notes.join('; ') : 'not revoked or suspended' };
  };
}

/** A resolver over status list credentials (or Carepass status list files holding them) already in memory, by id. */
export function statusListsFromDocuments(documents: readonly object[]): StatusListResolver {
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
