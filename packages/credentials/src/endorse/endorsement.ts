// Open Badges 3.0 endorsements: an EndorsementCredential in which one party (a standards body such
// as Skills for Care) endorses another (a training provider) or an achievement. Issuing them,
// finding those attached to a credential, and verifying what they say about it. Browser-safe.
import { CarepassError, checkJsonLimits, type DateInput, parseDateInput } from '@carepass/frameworks';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { IssuerKey } from '../keys/keys.js';
import { issuerProfile, type IssuerProfileInput, signIssued } from '../issue/issue.js';
import type { Cryptosuite, SignedCredential } from '../issue/sign.js';
import { asArray, isObject } from '../json.js';
import type { VerificationStatus, VerifyCredentialOptions, VerifyCredentialResult } from '../verify/result.js';
import { verifyCredential } from '../verify/verify.js';

/** What an endorsement says: who or what is endorsed, and the endorser's words. */
export interface IssueEndorsementRequest {
  /** What is endorsed: an issuer's id (its DID or URL), an achievement's id, or a credential's id. */
  subject: string;
  /** The endorser's statement (`endorsementComment`), e.g. `Endorsed training provider for the Care Certificate`. */
  comment: string;
  /** A name for the endorsement; default `Endorsement of <subject>`. */
  name?: string;
  /** The credential's id; default a random `urn:uuid:`. */
  id?: string;
  /** Start of validity; default now. */
  validFrom?: DateInput;
  /** End of validity, e.g. when the endorsement is due for review. */
  validUntil?: DateInput;
}

/** Options for {@link issueEndorsement}. */
export interface IssueEndorsementOptions {
  /** The endorser's signing key; the endorser is its controller. */
  key: IssuerKey;
  /** The endorser's public profile. */
  issuer?: IssuerProfileInput;
  /** Cryptosuite; default eddsa-rdfc-2022. */
  suite?: Cryptosuite;
  /** The proof's `created` time; default now. */
  created?: DateInput;
  /** The clock; default now. */
  now?: DateInput;
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
}

const stamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/u, 'Z');

/**
 * Builds the unsigned Open Badges 3.0 `EndorsementCredential` of a request (sign it with
 * {@link signCredential} or {@link signCredentialJwt}; {@link issueEndorsement} does both steps).
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for a subject that is not a URL or an empty comment.
 */
export function createEndorsementCredential(request: IssueEndorsementRequest, options: Pick<IssueEndorsementOptions, 'issuer' | 'now'> & { endorserId: string }): Record<string, unknown> {
  if (!isObject(request)) throw new CarepassError('INVALID_ARGUMENT', 'the request must be an object: { subject, comment }');
  const tooBig = checkJsonLimits(request);
  if (tooBig) throw new CarepassError('INVALID_ARGUMENT', `the request is too large: ${tooBig.path}: ${tooBig.message}`);
  if (typeof request.subject !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/u.test(request.subject)) throw new CarepassError('INVALID_ARGUMENT', '$.subject must be the id (a DID or URL) of the issuer, achievement or credential endorsed');
  if (typeof request.comment !== 'string' || request.comment.trim() === '') throw new CarepassError('INVALID_ARGUMENT', '$.comment must say what the endorsement is for');
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const validFrom = request.validFrom === undefined ? now : parseDateInput(request.validFrom, 'validFrom');
  const validUntil = request.validUntil === undefined ? undefined : parseDateInput(request.validUntil, 'validUntil');
  if (validUntil && validUntil <= validFrom) throw new CarepassError('INVALID_ARGUMENT', '$.validUntil must be after validFrom');
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: request.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: request.name ?? `Endorsement of ${request.subject}`,
    issuer: issuerProfile(options.endorserId, options.issuer),
    validFrom: stamp(validFrom),
    ...(validUntil ? { validUntil: stamp(validUntil) } : {}),
    credentialSubject: { id: request.subject, type: ['EndorsementSubject'], endorsementComment: request.comment },
  };
}

/**
 * Issues a signed Open Badges 3.0 `EndorsementCredential`: the key's controller endorses an issuer
 * (a training provider), an achievement or a credential. Verify it as any credential, and see what
 * it says about a credential with {@link verifyEndorsements}.
 *
 * @throws {@link CarepassError} as {@link createEndorsementCredential} and {@link signCredential}.
 * @example
 * ```ts
 * const endorsement = await issueEndorsement({ subject: providerDid, comment: 'Endorsed training provider for the Care Certificate' }, { key: skillsBodyKey, issuer: { name: 'Example Standards Body' } });
 * ```
 */
export async function issueEndorsement(request: IssueEndorsementRequest, options: IssueEndorsementOptions): Promise<SignedCredential> {
  if (!options?.key) throw new CarepassError('INVALID_ARGUMENT', 'options.key is required');
  const unsigned = createEndorsementCredential(request, { ...options, endorserId: options.key.controller });
  return signIssued(unsigned, options);
}

/**
 * The endorsements attached to a credential as Open Badges 3.0 places them: `endorsement` (and
 * `endorsementJwt`) on the credential, its issuer profile and its achievement. Each is returned as
 * it is, to be verified on its own ({@link verifyEndorsements}): an endorsement's claims count only
 * once its own proof has verified.
 */
export function findEndorsements(credential: unknown): unknown[] {
  if (!isObject(credential)) return [];
  const holders: unknown[] = [credential, credential.issuer];
  for (const subject of asArray(credential.credentialSubject)) if (isObject(subject)) holders.push(subject.achievement);
  const found: unknown[] = [];
  for (const holder of holders) {
    if (!isObject(holder)) continue;
    found.push(...asArray(holder.endorsement), ...asArray(holder.endorsementJwt).filter((jwt) => typeof jwt === 'string'));
  }
  return found;
}

/** What one endorsement says about a credential, once verified. */
export interface EndorsementReport {
  /** Where it came from: attached to the credential, or presented with it. */
  source: 'attached' | 'presented';
  /** Whether the endorsement itself verified (its proof, issuer, validity, status). */
  verified: boolean;
  /** Its verdict (`valid`, `expired`, `invalid`, `revoked`…). */
  status: VerificationStatus;
  /** The first check that failed, if any. */
  problem?: { check: string; code: string; message: string };
  /** The endorser (the endorsement's issuer), read from its signed view. */
  endorser?: { id: string; name?: string };
  /** What it endorses (its credentialSubject id). */
  subject?: string;
  /** What that is to this credential: its issuer, its achievement, the credential itself, or something else. */
  about: 'issuer' | 'achievement' | 'credential' | 'other';
  /** The endorser's words. */
  comment?: string;
  /** Its validity window. */
  validFrom?: string;
  validUntil?: string;
}

/**
 * Verifies the endorsements attached to a credential ({@link findEndorsements} of its JSON) and
 * those presented with it, and says what each endorses: the credential's issuer, its achievement,
 * the credential, or something else. A failing endorsement is reported, never counted, and does not
 * change the credential's own result. Pass the options the credential was verified with (status
 * lists, trust) to hold endorsements to the same rules.
 */
export async function verifyEndorsements(credential: unknown, result: VerifyCredentialResult, options: VerifyCredentialOptions & { presented?: readonly unknown[] } = {}): Promise<EndorsementReport[]> {
  const { presented = [], ...verifyOptions } = options;
  const targets = { issuer: result.credential.issuer?.id, achievement: result.credential.achievement?.id, credential: result.credential.id };
  const inputs: { endorsement: unknown; source: EndorsementReport['source'] }[] = [
    ...findEndorsements(credential).map((endorsement) => ({ endorsement, source: 'attached' as const })),
    ...presented.map((endorsement) => ({ endorsement, source: 'presented' as const })),
  ];
  const reports: EndorsementReport[] = [];
  for (const { endorsement, source } of inputs) {
    const checked = await verifyCredential(endorsement, verifyOptions);
    const signed = checked.document;
    const isEndorsement = checked.credential.types.includes('EndorsementCredential');
    const subject = isObject(signed) ? asArray(signed.credentialSubject)[0] : undefined;
    const subjectId = isObject(subject) && typeof subject.id === 'string' ? subject.id : undefined;
    const about = subjectId === undefined ? 'other' : subjectId === targets.issuer ? 'issuer' : subjectId === targets.achievement ? 'achievement' : subjectId === targets.credential ? 'credential' : 'other';
    const failed = checked.checks.find((check) => !check.ok);
    const notEndorsement = !isEndorsement && checked.verified;
    reports.push({
      source,
      verified: checked.verified && !notEndorsement,
      status: notEndorsement ? 'invalid' : checked.status,
      ...(failed ? { problem: { check: failed.check, code: failed.code, message: failed.message } } : notEndorsement ? { problem: { check: 'data-model', code: 'type_missing', message: 'not an EndorsementCredential' } } : {}),
      ...(checked.credential.issuer ? { endorser: checked.credential.issuer } : {}),
      ...(subjectId ? { subject: subjectId } : {}),
      about,
      ...(isObject(subject) && typeof subject.endorsementComment === 'string' ? { comment: subject.endorsementComment } : {}),
      ...(checked.credential.validFrom ? { validFrom: checked.credential.validFrom } : {}),
      ...(checked.credential.validUntil ? { validUntil: checked.credential.validUntil } : {}),
    });
  }
  return reports;
}
