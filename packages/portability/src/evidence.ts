import { z } from 'zod';
import { AssessmentMethodSchema, isJsonObject as isObject } from '@carepass/frameworks';
import type { VerifyCredentialResult } from '@carepass/credentials';

/**
 * How far a piece of evidence was checked: `verified` (a credential whose proof, issuer and
 * status checked out), `self-declared` (the worker says so) or `unverified` (a claim nobody could
 * check). Only verified evidence is ever counted.
 */
export const EvidenceVerificationSchema = z.enum(['verified', 'self-declared', 'unverified']);

/**
 * What the trust registry said of the issuer: `trusted`, `untrusted` (not listed),
 * `out-of-scope` (listed, but not for this) or `not-checked` (no registry was used).
 */
export const EvidenceTrustSchema = z.enum(['trusted', 'untrusted', 'out-of-scope', 'not-checked']);

/** One piece of a worker's prior learning, as the recognition engine reads it. */
export const EvidenceSchema = z.strictObject({
  /** Stable identifier, e.g. the credential id; decisions cite it. */
  id: z.string().min(1),
  /** What it is, for people: `Care Certificate`, `Basic life support`. */
  title: z.string().min(1).optional(),
  /** Who issued or asserted it. */
  issuer: z.strictObject({ id: z.string().min(1), name: z.string().optional() }).optional(),
  verification: EvidenceVerificationSchema,
  trust: EvidenceTrustSchema.default('not-checked'),
  /** What it evidences: competency, framework or micro-qualification URIs, or `slug@version[#code]` references. */
  competencies: z.array(z.string().min(1)).min(1),
  /** When it was achieved (`YYYY-MM-DD` or a date-time). */
  achievedAt: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
  /** When it stops being current, if it says. */
  validUntil: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  /**
   * How it was assessed, when the evidence says; otherwise each competency is taken to have been
   * assessed the way its framework requires.
   */
  assessmentMethod: AssessmentMethodSchema.optional(),
  /** Where it came from, e.g. the file name. */
  source: z.string().optional(),
});
/** One piece of a worker's prior learning (input form: `trust` may be omitted). */
export type EvidenceInput = z.input<typeof EvidenceSchema>;
/** One piece of a worker's prior learning. */
export type Evidence = z.output<typeof EvidenceSchema>;

const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const INTEGRITY_CHECKS = new Set(['parse', 'data-model', 'json-ld', 'open-badges', 'proof', 'issuer', 'holder']);

/**
 * Why a credential cannot be evidence: a verdict word, kebab-case like the verification `status`
 * it mostly comes from (`unreadable` is given for files that could not be read at all).
 */
export type EvidenceRejectionCode = 'unreadable' | 'tampered' | 'invalid' | 'revoked' | 'suspended' | 'status-unavailable' | 'not-yet-valid' | 'no-competencies';

/** Why a credential cannot be used as evidence. */
export interface EvidenceRejection {
  /** Stable code: `tampered`, `invalid`, `revoked`, `suspended`, `status-unavailable`, `not-yet-valid`, `no-competencies` (and `unreadable` for a file that could not be read). */
  code: EvidenceRejectionCode;
  /** What was wrong, for people. */
  message: string;
}

/**
 * Turns a verified credential into evidence, or says why it cannot be evidence. An expired
 * credential is still evidence of what was learnt (it will be due a refresher); a credential that
 * failed its proof, data model, or status checks is rejected; an untrusted issuer is kept and
 * marked so, for the policy to decide.
 *
 * @param credential The credential as received (kept for compatibility: every claim is read from `result`, which holds the credential as its signed graph says it).
 * @param result What `verifyCredential` said of it.
 */
export function evidenceFromCredential(credential: unknown, result: VerifyCredentialResult, options: { source?: string } = {}): { evidence: Evidence } | { rejection: EvidenceRejection } {
  const failed = result.checks.filter((check) => !check.ok);
  const integrity = failed.find((check) => INTEGRITY_CHECKS.has(check.check));
  if (integrity) {
    const tampered = integrity.check === 'proof' || integrity.check === 'issuer';
    return { rejection: { code: tampered ? 'tampered' : 'invalid', message: `${integrity.check} check failed: ${integrity.message}` } };
  }
  const status = failed.find((check) => check.check === 'status');
  if (status) {
    const code: EvidenceRejectionCode = result.status === 'revoked' || result.status === 'suspended' ? result.status : 'status-unavailable';
    return { rejection: { code, message: status.message } };
  }
  const window = failed.find((check) => check.check === 'validity');
  if (window && window.code !== 'expired') return { rejection: { code: 'not-yet-valid', message: window.message } };
  const trustCheck = result.checks.find((check) => check.check === 'trust');
  const trust = !trustCheck || trustCheck.code === 'skipped' ? 'not-checked' : trustCheck.ok ? 'trusted' : result.checks.some((check) => check.check === 'trust' && check.code === 'out_of_scope') ? 'out-of-scope' : 'untrusted';

  const summary = result.credential;
  const competencies: string[] = [];
  if (summary.achievement?.id) competencies.push(summary.achievement.id);
  for (const alignment of summary.alignments) if (!competencies.includes(alignment.targetUrl)) competencies.push(alignment.targetUrl);
  if (competencies.length === 0) return { rejection: { code: 'no-competencies', message: 'the credential names no achievement or alignment, so it evidences nothing Carepass can map' } };

  // Everything is read from the credential as its signed graph says it, never from the JSON.
  const signed = result.document ?? {};
  let observed = false;
  for (const entry of asArray(signed.evidence)) {
    if (isObject(entry) && asArray(entry.genre).some((genre) => typeof genre === 'string' && /observ/i.test(genre))) observed = true;
  }
  const achievedAt = summary.awardedDate ?? summary.validFrom ?? summary.proofs[0]?.created;
  if (achievedAt === undefined || Number.isNaN(Date.parse(achievedAt))) return { rejection: { code: 'invalid', message: 'the credential has no date it was awarded or became valid' } };
  const evidence: Evidence = {
    id: summary.id ?? `credential:${options.source ?? 'unnamed'}`,
    verification: 'verified',
    trust,
    competencies,
    achievedAt,
  };
  const title = summary.achievement?.name;
  if (title) evidence.title = title;
  if (summary.issuer) evidence.issuer = summary.issuer.name === undefined ? { id: summary.issuer.id } : { id: summary.issuer.id, name: summary.issuer.name };
  if (summary.validUntil) evidence.validUntil = summary.validUntil;
  if (observed) evidence.assessmentMethod = 'workplace-observation';
  if (options.source !== undefined) evidence.source = options.source;
  return { evidence };
}
