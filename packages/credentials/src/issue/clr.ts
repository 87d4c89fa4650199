// CLR 2.0 (Comprehensive Learner Record): a whole framework (the Care Certificate) as one signed
// ClrCredential holding one signed AchievementCredential per standard, with the framework's own
// achievement and the associations between them. How a training provider hands over a transcript
// in one file.
import { builtInRegistry, CarepassError, type DateInput, parseDateInput } from '@carepass/frameworks';
import { CLR_V2_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { JsonObject } from '../json.js';
import type { CredentialSubjectInput, EvidenceInput } from './issue-request.js';
import { frameworkAchievement, hashIdentity, issueCredential, type IssueCredentialOptions, issuerProfile, signIssued } from './issue.js';
import type { SignedCredential } from './sign.js';

/** What a CLR records: a framework, the worker, and the dates. */
export interface IssueClrCredentialRequest {
  /** The framework, `slug[@version]`: every one of its standards gets its own credential in the CLR. */
  framework: string;
  /** The worker: a DID or URI, or an email kept only as a salted hash. */
  subject: CredentialSubjectInput;
  /** When the record (and each credential in it) becomes valid; default now. */
  validFrom?: DateInput;
  /** When the standards were awarded; default validFrom. */
  awardedDate?: DateInput;
  /** Evidence shared by every standard (e.g. the assessor's sign-off). */
  evidence?: EvidenceInput[];
  /** The CLR's name; default `<framework title>: learner record`. */
  name?: string;
}

const stamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/u, 'Z');

/**
 * Issues a signed CLR 2.0 `ClrCredential` for a whole framework: one signed Open Badges 3.0
 * `AchievementCredential` per standard (each verifies on its own, and `carepass recognise` counts
 * each on its own merits), the framework's achievement, and an `isParentOf` association from it to
 * each standard's achievement. The CLR and every credential in it are signed with the same key and
 * options. {@link verifyCredential} verifies the CLR and each credential it holds.
 *
 * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` for an unknown framework, and as {@link issueCredential}.
 * @example
 * ```ts
 * const clr = await issueClrCredential({ framework: 'care-certificate@2025', subject: { id: workerDid } }, { key, issuer: { name: 'Sunrise Home Care' } });
 * ```
 */
export async function issueClrCredential(request: IssueClrCredentialRequest, options: IssueCredentialOptions): Promise<SignedCredential> {
  if (typeof request !== 'object' || request === null || typeof request.framework !== 'string') throw new CarepassError('INVALID_ARGUMENT', 'the request must be an object: { framework, subject }');
  if (!options?.key) throw new CarepassError('INVALID_ARGUMENT', 'options.key is required');
  const registry = options.registry ?? builtInRegistry();
  const framework = registry.getFramework(request.framework);
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const validFrom = stamp(request.validFrom === undefined ? now : parseDateInput(request.validFrom, 'validFrom'));
  const awardedDate = request.awardedDate === undefined ? validFrom : stamp(parseDateInput(request.awardedDate, 'awardedDate'));
  const credentials: SignedCredential[] = [];
  for (const standard of framework.competencies) {
    credentials.push(
      await issueCredential(
        { competency: `${framework.slug}@${framework.version}#${standard.code}`, subject: request.subject, validFrom, awardedDate, ...(request.evidence ? { evidence: request.evidence } : {}) },
        { ...options, now },
      ),
    );
  }
  const standards = credentials.map((credential) => (credential.credentialSubject as { achievement: JsonObject }).achievement);
  const certificate = frameworkAchievement(framework);
  const subject: JsonObject = { type: ['ClrSubject'] };
  if ('id' in request.subject) subject.id = request.subject.id;
  else subject.identifier = [{ type: 'IdentityObject', identityHash: await hashIdentity(request.subject.email, request.subject.salt), identityType: 'emailAddress', hashed: true, salt: request.subject.salt }];
  subject.verifiableCredential = credentials;
  subject.achievement = [certificate, ...standards];
  subject.association = standards.map((achievement) => ({ type: 'Association', associationType: 'isParentOf', sourceId: framework.id, targetId: achievement.id }));
  const clr: JsonObject = {
    '@context': [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: request.name ?? `${framework.title}: learner record`,
    issuer: issuerProfile(options.key.controller, options.issuer),
    validFrom,
    credentialSubject: subject,
  };
  return signIssued(clr, options);
}
