// What a verification returns, and the checks that follow the proof, shared by every proof format
// (Data Integrity in verify.ts, VC-JWT in ../jwt/verify-jwt.ts).
import type { DateInput, JsonLimits } from '@carepass/frameworks';
import { dataModelVersion } from './data-model.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { VerificationCode } from './codes.js';
import type { JwtAlgorithm } from '../keys/jwk.js';
import { asArray, isObject, type JsonObject as Json } from '../json.js';
/** The checks a verification runs, in order. */
export type VerificationCheckName = 'parse' | 'data-model' | 'json-ld' | 'open-badges' | 'proof' | 'issuer' | 'holder' | 'validity' | 'status' | 'trust' | 'credentials';

/** The outcome of one check: `ok`, a stable `code` (`ok`, `skipped` or what failed) and a sentence. */
export interface VerificationCheck {
  /** Which check. */
  check: VerificationCheckName;
  /** Whether it passed (a skipped check counts as passed). */
  ok: boolean;
  /** Stable code: `ok`, `skipped`, or the failure, e.g. `signature_invalid`, `expired` (every one is listed, with its meaning, in `VERIFICATION_CODE_HELP`). */
  code: VerificationCode;
  /** What was found, for people. */
  message: string;
  /** JSON path of the offending value, where there is one. */
  path?: string;
}

/** Overall verdict, telling invalid from expired from valid-but-untrusted. */
export type VerificationStatus = 'valid' | 'invalid' | 'expired' | 'not-yet-valid' | 'revoked' | 'suspended' | 'status-unavailable' | 'untrusted' | 'out-of-scope' | 'registry-invalid';

/**
 * What a verifier can show about a credential. In a {@link VerifyCredentialResult} it is read from
 * the credential's signed graph (`result.document`) once that could be read; trust it only when the
 * result is `verified`.
 */
export interface CredentialSummary {
  id?: string;
  types: string[];
  version?: '1.1' | '2.0';
  issuer?: { id: string; name?: string };
  subject?: string;
  achievement?: { id?: string; name?: string; achievementType?: string };
  alignments: { targetUrl: string; targetCode?: string; targetFramework?: string; targetName?: string }[];
  validFrom?: string;
  validUntil?: string;
  /** When the achievement was awarded (Open Badges `awardedDate`), if the credential says. */
  awardedDate?: string;
  proofs: { type?: string; cryptosuite?: string; verificationMethod?: string; created?: string }[];
}

/** What every {@link VerifyCredentialResult} has, verified or not. */
export interface VerifyCredentialResultBase {
  /** Every check that ran, in order. */
  checks: VerificationCheck[];
  /**
   * What the credential says about itself, read from its signed graph once that could be read
   * (from the JSON before then). Trust it only when `verified`.
   */
  credential: CredentialSummary;
  /**
   * For a CLR 2.0 `ClrCredential`: the verification of each credential it holds, in order (the
   * `credentials` check sums them up).
   */
  credentials?: VerifyCredentialResult[];
}

/** A credential that passed every check: its status is `valid` and its signed view is there. */
export interface VerifiedCredentialResult extends VerifyCredentialResultBase {
  /** Every check passed. */
  verified: true;
  /** The overall verdict. */
  status: 'valid';
  /**
   * The credential as its signed graph says it, in the compact shape of the bundled contexts:
   * what the status, trust and recognition checks read, never the JSON as received.
   */
  document: Record<string, unknown>;
}

/** A credential that failed a check: `status` says which kind of failure. */
export interface RefusedCredentialResult extends VerifyCredentialResultBase {
  /** At least one check failed. */
  verified: false;
  /** The overall verdict: why it was refused. */
  status: Exclude<VerificationStatus, 'valid'>;
  /**
   * The credential as its signed graph says it, present once the JSON-LD check passed (so also for
   * expired, revoked or untrusted credentials); trust it only when the proof check passed.
   */
  document?: Record<string, unknown>;
}

/**
 * The result of {@link verifyCredential}: never thrown, always structured. `verified` is the
 * discriminant: narrowing on it gives `status: 'valid'` and a `document`, or the refusal's status.
 */
export type VerifyCredentialResult = VerifiedCredentialResult | RefusedCredentialResult;

/**
 * A pluggable check (status, trust): return its outcome for a credential whose proof verified. It
 * is given the credential as its signed graph says it (see {@link VerifiedCredentialResult.document}),
 * never the JSON as received.
 */
export type ExtraCheck = (credential: Record<string, unknown>, context: { now: Date; documentLoader: DocumentLoader; issuer: string }) => Promise<Omit<VerificationCheck, 'check'> & { status?: VerificationStatus }>;

/** Options for {@link verifyCredential}. */
export interface VerifyCredentialOptions {
  /** Document loader; default: the offline loader (bundled contexts, did:key). */
  documentLoader?: DocumentLoader;
  /** The time to check validity at; default now. */
  now?: DateInput;
  /** Clock skew tolerated at each end of the validity window, in seconds; default 300. */
  clockSkewSeconds?: number;
  /** Checks `credentialStatus` (revocation); without it the status check is skipped. */
  checkStatus?: ExtraCheck;
  /** Checks whether the issuer is trusted for what it attests; without it the trust check is skipped. */
  checkTrust?: ExtraCheck;
  /**
   * Refuse a credential that has a `credentialStatus` when its status cannot be had (no
   * `checkStatus` given, or the list unavailable). Default true: fail closed.
   */
  failClosed?: boolean;
  /** The proof purpose expected; default `assertionMethod`. */
  expectedProofPurpose?: string;
  /** Size and depth limits checked before anything else; defaults fit any real credential. */
  limits?: Partial<JsonLimits>;
  /**
   * Issuer binding: at least one proof must be made with a key the issuer controls. VC Data Model
   * 2.0 and Data Integrity do not require it (a proof may be made by another party for its own
   * purpose), but everything Carepass decides rests on who the issuer is, so it is on by default.
   * With `false` the `issuer` check still says who signed, and does not fail the credential; do
   * not combine that with `checkTrust`, which trusts the issuer the credential names.
   */
  issuerBinding?: boolean;
  /** VC-JWT: the algorithms accepted; default EdDSA, ES256 and RS256 (never `none` or HMAC). */
  jwtAlgorithms?: readonly JwtAlgorithm[];
  /**
   * VC-JWT: public keys (JWKs) of issuers that sign with keys not in a DID, by issuer id, as the
   * issuer publishes them (its JWKS). A JWT whose `kid` (or whose JWK thumbprint) matches one of its
   * issuer's keys is verified with that key, and the key counts as the issuer's.
   */
  jwtKeys?: Readonly<Record<string, readonly object[]>>;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads what a credential says about itself, defensively, from whatever object it is given. Give it
 * `verifyCredential(…).document` (the signed view), not JSON as received: a Data Integrity proof
 * signs the graph, and JSON that is read naively can be rewritten without breaking it.
 */
export function summariseCredential(credential: unknown): CredentialSummary {
  const summary: CredentialSummary = { types: [], alignments: [], proofs: [] };
  if (!isObject(credential)) return summary;
  const id = str(credential.id);
  if (id) summary.id = id;
  summary.types = asArray(credential.type).filter((type): type is string => typeof type === 'string');
  const version = dataModelVersion(credential);
  if (version) summary.version = version;
  const issuer = credential.issuer;
  const issuerId = isObject(issuer) ? str(issuer.id) : str(issuer);
  if (issuerId) summary.issuer = { id: issuerId, ...(isObject(issuer) && typeof issuer.name === 'string' ? { name: issuer.name } : {}) };
  const subject = asArray(credential.credentialSubject)[0];
  if (isObject(subject)) {
    const identifier = asArray(subject.identifier)[0];
    const subjectId = str(subject.id) ?? (isObject(identifier) ? str(identifier.identityHash) : undefined);
    if (subjectId) summary.subject = subjectId;
    const achievement = subject.achievement;
    if (isObject(achievement)) {
      summary.achievement = {};
      for (const field of ['id', 'name', 'achievementType'] as const) {
        const value = str(achievement[field]);
        if (value) summary.achievement[field] = value;
      }
      for (const alignment of asArray(achievement.alignment)) {
        if (!isObject(alignment) || typeof alignment.targetUrl !== 'string') continue;
        const entry: CredentialSummary['alignments'][number] = { targetUrl: alignment.targetUrl };
        for (const field of ['targetCode', 'targetFramework', 'targetName'] as const) {
          const value = str(alignment[field]);
          if (value) entry[field] = value;
        }
        summary.alignments.push(entry);
      }
    }
  }
  const validFrom = str(credential.validFrom) ?? str(credential.issuanceDate);
  const validUntil = str(credential.validUntil) ?? str(credential.expirationDate);
  if (validFrom) summary.validFrom = validFrom;
  if (validUntil) summary.validUntil = validUntil;
  const awardedDate = str(credential.awardedDate);
  if (awardedDate) summary.awardedDate = awardedDate;
  for (const proof of asArray(credential.proof)) {
    if (!isObject(proof)) continue;
    const entry: CredentialSummary['proofs'][number] = {};
    for (const field of ['type', 'cryptosuite', 'verificationMethod', 'created'] as const) {
      const value = str(proof[field]);
      if (value) entry[field] = value;
    }
    summary.proofs.push(entry);
  }
  return summary;
}

/** What {@link checkAfterProof} reads: the verification so far, for a credential whose proof verified. */
export interface AfterProofInput {
  /** The checks so far; this adds issuer, validity, status and trust. */
  checks: VerificationCheck[];
  /** The credential as its signed form says it. */
  signed: Json;
  /** The summary of `signed`. */
  summary: CredentialSummary;
  /** The DIDs that control the keys the proofs were made with. */
  controllers: readonly string[];
  now: Date;
  documentLoader: DocumentLoader;
  options: VerifyCredentialOptions;
}

/**
 * The checks that follow a verified proof, whatever its format: that a signing key belongs to the
 * issuer (issuer binding), the validity window, then status and trust. Returns the verdict for a
 * failure (undefined when every check passed).
 */
export async function checkAfterProof(input: AfterProofInput): Promise<VerificationStatus | undefined> {
  const { checks, signed, summary, now, documentLoader, options } = input;
  const proofs = { controllers: input.controllers };
  const issuer = summary.issuer?.id ?? '';
  if (!proofs.controllers.includes(issuer)) {
    const controller = [...new Set(proofs.controllers)].join(', ') || 'an unknown controller';
    if (options.issuerBinding !== false || options.checkTrust) {
      checks.push({ check: 'issuer', ok: false, code: 'issuer_not_controller', message: `the signing key belongs to ${controller}, not to the issuer ${issuer}` });
      return 'invalid';
    }
    checks.push({ check: 'issuer', ok: true, code: 'not_required', message: `signed by ${controller}, not by the issuer ${issuer}; issuer binding was not required` });
  } else {
    checks.push({ check: 'issuer', ok: true, code: 'ok', message: `signed with a key of the issuer ${issuer}` });
  }
  let windowStatus: VerificationStatus | undefined;
  const skew = (options.clockSkewSeconds ?? 300) * 1000;
  const { validFrom, validUntil } = summary;
  if (validFrom !== undefined && now.getTime() + skew < Date.parse(validFrom)) {
    checks.push({ check: 'validity', ok: false, code: 'not_yet_valid', message: `valid only from ${validFrom}` });
    windowStatus = 'not-yet-valid';
  } else if (validUntil !== undefined && now.getTime() - skew > Date.parse(validUntil)) {
    checks.push({ check: 'validity', ok: false, code: 'expired', message: `expired on ${validUntil}` });
    windowStatus = 'expired';
  } else {
    checks.push({ check: 'validity', ok: true, code: 'ok', message: validUntil ? `valid until ${validUntil}` : 'no expiry' });
  }
  let extraStatus: VerificationStatus | undefined;
  for (const [name, checker] of [
    ['status', options.checkStatus],
    ['trust', options.checkTrust],
  ] as const) {
    if (name === 'status' && signed.credentialStatus === undefined && checker === undefined) continue;
    if (!checker) {
      if (name === 'status' && options.failClosed !== false) {
        checks.push({ check: name, ok: false, code: 'status_unavailable', message: 'the credential has a status entry but no status lists were given, so it is refused (fail closed)' });
        extraStatus ??= 'status-unavailable';
      } else {
        checks.push({ check: name, ok: true, code: 'skipped', message: `no ${name === 'status' ? 'status list resolver' : 'trust registry'} was given, so ${name} was not checked` });
      }
      continue;
    }
    const outcome = await checker(signed, { now, documentLoader, issuer });
    const { status, ...rest } = outcome;
    checks.push({ check: name, ...rest });
    if (!rest.ok && status) extraStatus ??= status;
  }
  return windowStatus ?? extraStatus;
}
