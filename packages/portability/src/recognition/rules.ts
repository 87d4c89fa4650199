// The decision rule: what status one support gives one criterion at a date, and why. The engine
// asks it in two ways, fast (the rank only, while searching for the best support) and explained
// (the reasons and lapse date, for the winner), and both go through the one function below.
import type { AssessmentMethod } from '@carepass/frameworks';
import { addMonths } from '../dates.js';
import type { RecognitionPolicy } from '../policy.js';
import { STATUS_RANK } from './status.js';
import { OBSERVED_METHODS, type Support } from './support.js';
import type { LeafInfo } from './target.js';
import type { DecisionReason } from './types.js';

/** Why a support gave the status it did: filled in by {@link rateSupport} when asked for. */
export interface SupportVerdict {
  reasons: DecisionReason[];
  /** When the support stopped being current (for `refresh-due`). */
  lapsedOn?: number;
}

/** Whether evidence assessed this way (`observed`, `method`) meets one required assessment method. */
export function satisfies(observed: boolean, method: AssessmentMethod | undefined, required: AssessmentMethod): boolean {
  switch (required) {
    case 'workplace-observation':
    case 'knowledge-and-observation':
      return observed;
    case 'practical-demonstration':
      return observed || method === 'practical-demonstration';
    default:
      return true;
  }
}

/**
 * The status a support gives a target criterion at `asOf`, as its rank in `RECOGNITION_STATUSES`
 * (-1 when it gives nothing at all: partial evidence that has also lapsed).
 *
 * - The assessment each crosswalk step requires must be met; observation that is still owed
 *   makes it pending observation rather than not met.
 * - Coverage below the policy's minimum is `partial`.
 * - Evidence past any time limit (its own expiry, the renewal period of the criterion or of the
 *   evidenced competency, a mapping's or the policy's maximum age) is `refresh-due`.
 * - A criterion that must be observed is pending observation when the policy asks for
 *   re-observation, or when the evidence came through a crosswalk without being observed.
 *
 * With `verdict`, the reasons and the lapse date are written into it.
 */
export function rateSupport(support: Support, leaf: LeafInfo, asOf: number, policy: RecognitionPolicy, verdict?: SupportVerdict): number {
  const reasons = verdict?.reasons;
  reasons?.push(support.steps.length === 0 ? 'direct' : 'crosswalk');
  let assessmentMet = true;
  let observationOwed = false;
  if (support.requiredAssessment.length > 0) {
    const method = support.evidence.length === 1 ? (support.evidence[0]?.assessmentMethod ?? support.origin.method) : support.origin.method;
    for (const alternatives of support.requiredAssessment) {
      if (alternatives.some((required) => satisfies(support.observed, method, required))) continue;
      if (alternatives.some((required) => OBSERVED_METHODS.has(required))) observationOwed = true;
      else assessmentMet = false;
    }
  }
  if (!assessmentMet) reasons?.push('assessment-not-met');
  const full = assessmentMet && support.coverage >= policy.minimumCoverage - 1e-9;
  if (!full && assessmentMet) reasons?.push('below-minimum-coverage');
  const current = verdict ? lapse(support, leaf, asOf, policy, verdict) === undefined : support.lapsesAt > asOf && (leaf.renewalMonths === undefined || addMonths(support.achievedAt, leaf.renewalMonths) > asOf);
  if (!full) return current ? STATUS_RANK.partial : -1;
  if (!current) return STATUS_RANK['refresh-due'];
  if (observationOwed) reasons?.push('not-observed');
  let pending = observationOwed;
  if (leaf.requiresObservation && policy.requireReobservation) {
    reasons?.push('reobservation-required');
    pending = true;
  } else if (leaf.requiresObservation && !support.observed && support.steps.length > 0) {
    if (!observationOwed) reasons?.push('not-observed');
    pending = true;
  }
  return pending ? STATUS_RANK['recognised-pending-observation'] : STATUS_RANK.recognised;
}

/**
 * When the support stopped being current at `asOf` (the earliest limit passed), recording in the
 * verdict which kinds of limit were passed; undefined while it is current. Gives the same answer
 * as the support's precomputed `lapsesAt` with the criterion's own renewal period.
 */
function lapse(support: Support, leaf: LeafInfo, asOf: number, policy: RecognitionPolicy, verdict: SupportVerdict): number | undefined {
  let lapsedOn: number | undefined;
  const passed = (time: number, reason: DecisionReason): void => {
    if (time <= asOf && (lapsedOn === undefined || time < lapsedOn)) {
      lapsedOn = time;
      if (!verdict.reasons.includes(reason)) verdict.reasons.push(reason);
    }
  };
  if (support.validUntil !== undefined) passed(support.validUntil, 'evidence-expired');
  for (const months of [leaf.renewalMonths, support.sourceRenewalMonths]) if (months !== undefined) passed(addMonths(support.achievedAt, months), 'renewal-lapsed');
  for (const months of [support.maxAgeMonths, policy.maxEvidenceAgeMonths]) if (months !== undefined) passed(addMonths(support.achievedAt, months), 'evidence-too-old');
  if (lapsedOn !== undefined) verdict.lapsedOn = lapsedOn;
  return lapsedOn;
}
