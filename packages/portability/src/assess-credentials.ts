import type { DateInput } from '@carepass/frameworks';
import { CarepassError, verifyCredential, type VerifyCredentialOptions, type VerifyCredentialResult } from '@carepass/credentials';
import type { RecognitionEngine, RecognitionReport, RejectedEvidence } from './recognition/types.js';
import { type Evidence, evidenceFromCredential } from './evidence.js';

/** A credential to assess, with where it came from (a file name, a row id). */
export interface CredentialToAssess {
  credential: unknown;
  source: string;
}

/**
 * Verifies credentials in one call: one result per credential, in order, as a stream or all at
 * once. In Node, `(credentials) => verifyCredentialStream(credentials, options)` from
 * `@carepass/credentials` spreads the work over worker threads, exactly as `carepass verify` does.
 */
export type VerifyCredentialsFunction = (credentials: readonly unknown[]) => AsyncIterable<VerifyCredentialResult> | Promise<readonly VerifyCredentialResult[]>;

/** How the functions that take credentials verify them: one at a time with `verify`, or all with `verifyAll`. */
export interface VerifyInputsOptions {
  /**
   * How to verify each credential (document loader, status and trust checks). Verification runs
   * at the real time (`verify.now` to override): status lists and trust registries are checked as
   * they stand today, while whether the learning is still current is judged at the as-of date.
   */
  verify?: VerifyCredentialOptions;
  /** Verifies every credential in one call instead (e.g. batch verification on worker threads); `verify` is then not used. */
  verifyAll?: VerifyCredentialsFunction;
}

/** Options for {@link assessCredentials}. */
export interface AssessCredentialsOptions extends VerifyInputsOptions {
  /** The date to assess at; default the engine's policy, else today. */
  asOf?: DateInput;
  /** Self-declared or unverified claims to show alongside (never counted). */
  claims?: readonly Evidence[];
  /** Called after each credential is verified, e.g. to draw a progress bar. */
  onVerified?: (done: number, total: number) => void;
  /** Credentials that could not even be read (a bad file), listed first in `rejectedEvidence` and counted there. */
  unreadable?: readonly RejectedEvidence[];
}

/**
 * Checks that `inputs` is a list of `{ credential, source }` (internal: shared by the functions that
 * take credentials to assess).
 * @throws {@link CarepassError} `INVALID_ARGUMENT` naming the first one that is not.
 */
export function checkCredentialsToAssess(inputs: unknown, caller: string): asserts inputs is readonly CredentialToAssess[] {
  if (!Array.isArray(inputs)) throw new CarepassError('INVALID_ARGUMENT', `${caller} needs an array of { credential, source }`);
  inputs.forEach((input: unknown, position) => {
    if (typeof input !== 'object' || input === null || !('credential' in input) || typeof (input as { source?: unknown }).source !== 'string') {
      throw new CarepassError('INVALID_ARGUMENT', `inputs[${position}] must be { credential, source } with source a string`);
    }
  });
}

/**
 * Each input with what verification said of it, in input order (internal: shared by the functions
 * that take credentials to assess).
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when `verifyAll` gives a result per credential
 * other than one.
 */
export async function* verifyInputs(inputs: readonly CredentialToAssess[], options: VerifyInputsOptions): AsyncGenerator<{ input: CredentialToAssess; result: VerifyCredentialResult }, void, undefined> {
  if (options.verifyAll) {
    const given = options.verifyAll(inputs.map((input) => input.credential));
    const results: AsyncIterable<VerifyCredentialResult> | readonly VerifyCredentialResult[] = Symbol.asyncIterator in given ? given : await given;
    let position = 0;
    for await (const result of results) {
      const input = inputs[position++];
      if (!input) break;
      yield { input, result };
    }
    if (position !== inputs.length) {
      const counted = position > inputs.length ? 'more results than the' : `${position} results for`;
      throw new CarepassError('INVALID_ARGUMENT', `verifyAll gave ${counted} ${inputs.length} credentials; it must give one for each, in order`);
    }
    return;
  }
  const now = options.verify?.now ?? new Date();
  for (const input of inputs) yield { input, result: await verifyCredential(input.credential, { ...options.verify, now }) };
}

/**
 * Verifies every credential, turns the genuine ones into evidence, and assesses them: tampered,
 * invalid, revoked or suspended credentials are listed in `rejectedEvidence` and not counted;
 * expired ones count as learning that is due a refresher. Never throws on bad credentials.
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when `inputs` is not a list of `{ credential, source }`.
 */
export async function assessCredentials(engine: RecognitionEngine, inputs: readonly CredentialToAssess[], options: AssessCredentialsOptions = {}): Promise<RecognitionReport> {
  checkCredentialsToAssess(inputs, 'assessCredentials');
  const asOf = options.asOf ?? engine.policy.asOf;
  const evidence: Evidence[] = [...(options.claims ?? [])];
  const rejected: RejectedEvidence[] = [...(options.unreadable ?? [])];
  let done = 0;
  for await (const { input, result } of verifyInputs(inputs, options)) {
    const { credential, source } = input;
    options.onVerified?.(++done, inputs.length);
    const outcome = evidenceFromCredential(credential, result, { source });
    if ('evidence' in outcome) evidence.push(outcome.evidence);
    else rejected.push({ source, ...(result.credential.id ? { id: result.credential.id } : {}), ...outcome.rejection });
  }
  return engine.assess(evidence, { rejectedEvidence: rejected, ...(asOf === undefined ? {} : { asOf }) });
}
