import { checkJsonLimits, type DateInput, type JsonLimits, parseDateInput } from '@carepass/frameworks';
import { checkCredentialDataModel, checkOpenBadge, type CredentialIssue, DATE_TIME_STAMP, dataModelVersion, uncheckedRelatedResources } from './data-model.js';
import { createDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.js';
import { verifyProofSet } from '../proof/proof-set.js';
import { describeJsonLdError } from '../jsonld/safe-mode.js';
import { readSignedDocument } from './signed-view.js';
import type { VerificationCode } from './codes.js';
import { asArray, isObject, type JsonObject as Json } from '../json.js';

/** The checks a verification runs, in order. */
export type VerificationCheckName = 'parse' | 'data-model' | 'json-ld' | 'open-badges' | 'proof' | 'issuer' | 'holder' | 'validity' | 'status' | 'trust';

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

const SUITES = new Set(['eddsa-rdfc-2022', 'eddsa-jcs-2022']);

/** Field-level checks of each proof, so that each malformation gets its own code. */
function checkProofShape(credential: Json, expectedPurpose: string): CredentialIssue[] {
  const issues: CredentialIssue[] = [];
  if (!('proof' in credential)) return [{ code: 'proof_missing', path: '$.proof', message: 'the credential has no proof' }];
  const proofs = asArray(credential.proof);
  if (proofs.length === 0 || credential.proof === null) return [{ code: 'proof_missing', path: '$.proof', message: 'the proof is empty' }];
  proofs.forEach((proof, index) => {
    const path = Array.isArray(credential.proof) ? `$.proof[${index}]` : '$.proof';
    if (!isObject(proof)) {
      issues.push({ code: 'proof_invalid', path, message: 'a proof must be an object' });
      return;
    }
    // A proof's fields are read from its JSON (as every Data Integrity implementation reads them),
    // so they must be written plainly: no keyword or full-IRI keys that say the same thing twice.
    for (const key of Object.keys(proof)) {
      if ((key.startsWith('@') && key !== '@context') || key.includes(':')) issues.push({ code: 'proof_property_invalid', path: `${path}[${JSON.stringify(key)}]`, message: `the proof may not use the key ${JSON.stringify(key)}: write its fields by their names (type, cryptosuite, verificationMethod, proofPurpose, created, proofValue)` });
    }
    if (typeof proof.type !== 'string') issues.push({ code: 'proof_type_missing', path: `${path}.type`, message: 'the proof has no type' });
    else if (proof.type === 'DataIntegrityProof') {
      if (typeof proof.cryptosuite !== 'string' || !SUITES.has(proof.cryptosuite)) {
        issues.push({ code: 'cryptosuite_unsupported', path: `${path}.cryptosuite`, message: `cryptosuite ${JSON.stringify(proof.cryptosuite ?? null)} is not eddsa-rdfc-2022 or eddsa-jcs-2022` });
      }
    } else if (proof.type !== 'Ed25519Signature2020') {
      issues.push({ code: 'proof_type_unsupported', path: `${path}.type`, message: `proof type "${proof.type}" is not supported` });
    }
    if (typeof proof.verificationMethod !== 'string') issues.push({ code: 'verification_method_missing', path: `${path}.verificationMethod`, message: 'the proof has no verificationMethod' });
    if (typeof proof.proofPurpose !== 'string') issues.push({ code: 'proof_purpose_missing', path: `${path}.proofPurpose`, message: 'the proof has no proofPurpose' });
    else if (proof.proofPurpose !== expectedPurpose) issues.push({ code: 'proof_purpose_mismatch', path: `${path}.proofPurpose`, message: `proofPurpose is "${proof.proofPurpose}", expected "${expectedPurpose}"` });
    const value = proof.proofValue;
    if (typeof value !== 'string' || value === '') issues.push({ code: 'proof_value_missing', path: `${path}.proofValue`, message: 'the proof has no proofValue' });
    else if (!/^z[1-9A-HJ-NP-Za-km-z]+$/.test(value)) issues.push({ code: 'proof_value_encoding', path: `${path}.proofValue`, message: 'proofValue must be multibase base58btc (starting with "z")' });
    else if (value.length < 80 || value.length > 95) issues.push({ code: 'signature_length', path: `${path}.proofValue`, message: 'proofValue does not decode to a 64-byte Ed25519 signature' });
    for (const field of ['created', 'expires'] as const) {
      if (proof[field] !== undefined && (typeof proof[field] !== 'string' || !DATE_TIME_STAMP.test(proof[field] as string) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(proof[field] as string))) {
        issues.push({ code: 'proof_date_invalid', path: `${path}.${field}`, message: `proof.${field} must be an XML Schema dateTimeStamp` });
      }
    }
  });
  return issues;
}

/**
 * Verifies a credential and reports every check: parse, VC data model, JSON-LD safe mode, Open
 * Badges rules, proof (eddsa-rdfc-2022, eddsa-jcs-2022 or Ed25519Signature2020), that the signing
 * key belongs to the issuer, the validity window, and (when configured) status and trust. Accepts
 * VC 1.1 and 2.0. Never throws on bad data: `verified` is true only when every check passed, and
 * `status` tells invalid from expired from valid-but-untrusted.
 *
 * @example
 * ```ts
 * const result = await verifyCredential(JSON.parse(text));
 * if (!result.verified) console.log(result.status, result.checks.filter((check) => !check.ok));
 * ```
 */
export async function verifyCredential(input: unknown, options: VerifyCredentialOptions = {}): Promise<VerifyCredentialResult> {
  const checks: VerificationCheck[] = [];
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  // What every check after the JSON-LD one reads: the view of the signed graph, never the JSON.
  let signed: Json | undefined;
  // What the summary is read from: the signed view, once the graph could be read (even when the
  // JSON is then refused for claiming something else), else the JSON as received.
  let shown: unknown = input;
  const finish = (status?: VerificationStatus): VerifyCredentialResult => {
    const credential = shown !== input ? { ...summariseCredential(shown), proofs: summariseCredential(input).proofs } : summariseCredential(input);
    // Every check passing implies the JSON-LD check passed, so the signed view is there.
    if (signed && checks.every((check) => check.ok)) return { verified: true, status: 'valid', checks, credential, document: signed };
    return { verified: false, status: status === undefined || status === 'valid' ? 'invalid' : status, checks, credential, ...(signed ? { document: signed } : {}) };
  };
  const fail = (check: VerificationCheckName, issues: CredentialIssue[]) => {
    for (const issue of issues) checks.push({ check, ok: false, code: issue.code, message: issue.message, path: issue.path });
  };
  // A string is refused, not parsed: a credential is a JSON object, and the W3C suite requires that.
  if (!isObject(input)) {
    checks.push({ check: 'parse', ok: false, code: 'not_an_object', message: 'a credential must be a JSON object' });
    return finish();
  }
  const tooBig = checkJsonLimits(input, options.limits);
  if (tooBig) {
    checks.push({ check: 'parse', ok: false, code: tooBig.code, message: tooBig.message, path: tooBig.path });
    return finish();
  }
  checks.push({ check: 'parse', ok: true, code: 'ok', message: 'a JSON object' });
  const document = input;
  try {
    const modelIssues = checkCredentialDataModel(document);
    if (modelIssues.length > 0) {
      fail('data-model', modelIssues);
      return finish();
    }
    const unchecked = uncheckedRelatedResources(document);
    checks.push({ check: 'data-model', ok: true, code: 'ok', message: `follows the VC ${dataModelVersion(document)} data model${unchecked.length > 0 ? `; the digests of ${unchecked.join(', ')} (relatedResource) could not be checked offline` : ''}` });
    const unsigned = { ...document };
    delete unsigned.proof;
    const read = await readSignedDocument(unsigned, documentLoader);
    if ('issues' in read) {
      if (read.view) shown = read.view;
      fail('json-ld', read.issues);
      return finish();
    }
    signed = read.view;
    shown = signed;
    const summary = summariseCredential(signed);
    checks.push({ check: 'json-ld', ok: true, code: 'ok', message: 'every term is defined (JSON-LD safe mode), and the JSON says what the signed graph says' });
    // Open Badges' rules hold for the JSON (its JSON Schema) and for what was signed.
    const badgeIssues = [...checkOpenBadge(document), ...checkOpenBadge(signed)].filter((issue, index, all) => all.findIndex((other) => other.path === issue.path && other.message === issue.message) === index);
    if (badgeIssues.length > 0) fail('open-badges', badgeIssues);
    else if (summary.types.some((type) => type === 'OpenBadgeCredential' || type === 'AchievementCredential')) {
      checks.push({ check: 'open-badges', ok: true, code: 'ok', message: 'has what Open Badges 3.0 requires' });
    }
    const expectedPurpose = options.expectedProofPurpose ?? 'assertionMethod';
    const proofIssues = checkProofShape(document, expectedPurpose);
    if (proofIssues.length > 0) {
      fail('proof', proofIssues);
      return finish();
    }
    const proofs = await verifyProofSet(document, unsigned, { documentLoader, expectedPurpose, now, unsignedQuads: read.quads });
    if (!proofs.ok) {
      checks.push({ check: 'proof', ok: false, code: proofs.code, message: proofs.message, ...(proofs.path ? { path: proofs.path } : {}) });
      return finish();
    }
    const suites = summariseCredential(document).proofs.map((proof) => proof.cryptosuite ?? proof.type);
    checks.push({ check: 'proof', ok: true, code: 'ok', message: suites.length > 1 ? `all ${suites.length} signatures valid (${suites.join(', ')})` : `signature valid (${suites.join(', ')})` });
    const issuer = summary.issuer?.id ?? '';
    if (!proofs.controllers.includes(issuer)) {
      const controller = [...new Set(proofs.controllers)].join(', ') || 'an unknown controller';
      if (options.issuerBinding !== false || options.checkTrust) {
        checks.push({ check: 'issuer', ok: false, code: 'issuer_not_controller', message: `the signing key belongs to ${controller}, not to the issuer ${issuer}` });
        return finish();
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
    return finish(windowStatus ?? extraStatus);
  } catch (error) {
    const issue = describeJsonLdError(error);
    checks.push({ check: 'proof', ok: false, code: issue.code, message: issue.message });
    return finish();
  }
}
