// A CLR 2.0 ClrCredential holds whole signed credentials (one per achievement of a transcript).
// Each is verified on its own, with the options the CLR is verified with, and reported with it.
import { asArray, isObject } from '../json.js';
import type { VerifyCredentialResult } from './result.js';

/** The largest number of credentials one CLR may hold before it is refused unread. */
export const MAX_HELD_CREDENTIALS = 10_000;

/**
 * For a verified-or-not ClrCredential, verifies each credential it holds (read from the JSON as
 * received: each carries its own proof, and the CLR's proof covers them all) and adds the
 * `credentials` check and results. Any other credential is returned as it is.
 */
export async function verifyHeldCredentials(readInput: () => unknown, result: VerifyCredentialResult, verify: (credential: unknown) => Promise<VerifyCredentialResult>): Promise<VerifyCredentialResult> {
  if (!result.document || !result.credential.types.includes('ClrCredential')) return result;
  // Read only for a CLR: for a JWT that means decoding it again, which other credentials never need.
  const input = readInput();
  if (!isObject(input)) return result;
  const subject = asArray(input.credentialSubject)[0];
  const held = isObject(subject) ? asArray(subject.verifiableCredential) : [];
  if (held.length > MAX_HELD_CREDENTIALS) {
    result.checks.push({ check: 'credentials', ok: false, code: 'limit_exceeded', message: `the CLR holds ${held.length} credentials, more than ${MAX_HELD_CREDENTIALS}`, path: '$.credentialSubject.verifiableCredential' });
    return { ...result, verified: false, status: result.verified ? 'invalid' : result.status } as VerifyCredentialResult;
  }
  const credentials: VerifyCredentialResult[] = [];
  for (const credential of held) credentials.push(await verify(credential));
  // Each credential counts on its own merits: one that has expired is still a genuine record of
  // what was achieved; one that is not genuine (or revoked, or untrusted) makes the CLR fail.
  const refused = credentials.map((entry, index) => ({ entry, index })).filter(({ entry }) => !entry.verified && entry.status !== 'expired');
  const expired = credentials.filter((entry) => entry.status === 'expired').length;
  const first = refused[0];
  const note = expired > 0 ? `; ${expired} expired (still a record of what was achieved)` : '';
  result.checks.push(
    first
      ? { check: 'credentials', ok: false, code: 'held_credential_refused', message: `${refused.length} of the ${credentials.length} credentials it holds ${refused.length === 1 ? 'was' : 'were'} refused, the first (${first.index + 1}) as ${first.entry.status}: ${first.entry.checks.find((check) => !check.ok)?.message ?? ''}${note}`, path: `$.credentialSubject.verifiableCredential[${first.index}]` }
      : { check: 'credentials', ok: true, code: 'ok', message: `all ${credentials.length} credentials it holds verified${note}` },
  );
  if (first && result.verified) return { ...result, verified: false, status: 'invalid', credentials } as VerifyCredentialResult;
  return { ...result, credentials };
}
