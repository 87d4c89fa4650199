// A support: one way some evidence reaches a node (directly, or along crosswalk routes), with
// everything the decision rules need to know about it. Supports are built here and nowhere else.
import type { AssessmentMethod } from '@carepass/frameworks';
import type { GraphNode, GroupMapping, PathStep, Route } from '../crosswalk/graph.js';
import { addMonths } from '../dates.js';
import type { Evidence } from '../evidence.js';
import type { RecognitionPolicy } from '../policy.js';
import { round } from './status.js';

/** A way some evidence reaches a node. */
export interface Support {
  evidence: Evidence[];
  origin: GraphNode;
  observed: boolean;
  achievedAt: number;
  validUntil?: number | undefined;
  sourceRenewalMonths?: number | undefined;
  maxAgeMonths?: number | undefined;
  requiredAssessment: AssessmentMethod[][];
  coverage: number;
  steps: PathStep[];
  trustFactor: number;
  /** Coverage × trust × basis of the mappings: the confidence of anything it decides. */
  confidence: number;
  /** Earliest time it stops being current, leaving out the target's own renewal period. */
  lapsesAt: number;
}

/** A support before {@link finishSupport} has worked out what its decisions share. */
export type SupportDraft = Omit<Support, 'confidence' | 'lapsesAt'> & Partial<Pick<Support, 'confidence' | 'lapsesAt'>>;

/** Assessment methods that include watching the worker in practice. */
export const OBSERVED_METHODS: ReadonlySet<AssessmentMethod> = new Set<AssessmentMethod>(['workplace-observation', 'knowledge-and-observation']);
const BASIS_FACTOR = { official: 1, inferred: 0.9 } as const;
/** How much an item's issuer is trusted, as a factor of the confidence of what it decides. */
export const TRUST_FACTOR = { trusted: 1, 'not-checked': 0.9, untrusted: 0.6, 'out-of-scope': 0.6 } as const;

/** Fills in what a support's decisions share: their confidence and when the support lapses. */
export function finishSupport(support: SupportDraft, policy: RecognitionPolicy): Support {
  let basis = 1;
  for (const step of support.steps) basis *= BASIS_FACTOR[step.basis];
  let lapsesAt = support.validUntil ?? Number.POSITIVE_INFINITY;
  if (support.sourceRenewalMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, support.sourceRenewalMonths));
  if (support.maxAgeMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, support.maxAgeMonths));
  if (policy.maxEvidenceAgeMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, policy.maxEvidenceAgeMonths));
  support.confidence = round(support.coverage * support.trustFactor * basis);
  support.lapsesAt = lapsesAt;
  return support as Support;
}

/** The support one evidence item gives the node it names. */
export function directSupport(item: Evidence, origin: GraphNode, achievedAt: number, validUntil: number | undefined, policy: RecognitionPolicy): Support {
  return finishSupport(
    {
      evidence: [item],
      origin,
      observed: item.assessmentMethod === undefined ? true : OBSERVED_METHODS.has(item.assessmentMethod),
      achievedAt,
      validUntil,
      requiredAssessment: [],
      coverage: 1,
      steps: [],
      trustFactor: TRUST_FACTOR[item.trust],
    },
    policy,
  );
}

/**
 * Writes into `out` the support that following `route` from `support` gives, and returns it
 * (`out` may be a scratch support reused across routes). `declared` is how the evidence says it
 * was assessed, if it says.
 */
export function extendSupport(out: Support, support: Support, route: Route, declared: AssessmentMethod | undefined, policy: RecognitionPolicy): Support {
  const fresh = support.steps.length === 0 && route.steps.length > 0;
  const origin = fresh ? (route.originNode as GraphNode) : support.origin;
  out.evidence = support.evidence;
  out.origin = origin;
  // Evidence that says how it was assessed is taken at its word; otherwise the source
  // competency was assessed as its framework requires (observed if it asks for observation).
  out.observed = fresh ? (declared === undefined ? route.originObserved === true : OBSERVED_METHODS.has(declared)) : support.observed;
  out.achievedAt = support.achievedAt;
  out.validUntil = support.validUntil;
  out.sourceRenewalMonths = fresh ? minDefined(support.sourceRenewalMonths, origin.renewalMonths) : support.sourceRenewalMonths;
  out.maxAgeMonths = minDefined(support.maxAgeMonths, route.maxAgeMonths);
  out.requiredAssessment = support.requiredAssessment.length === 0 ? route.requiredAssessment : route.requiredAssessment.length === 0 ? support.requiredAssessment : [...support.requiredAssessment, ...route.requiredAssessment];
  out.coverage = support.coverage * route.coverage;
  out.steps = support.steps.length === 0 ? route.steps : route.steps.length === 0 ? support.steps : [...support.steps, ...route.steps];
  out.trustFactor = support.trustFactor;
  return finishSupport(out, policy);
}

/**
 * The support a mapping that needs several source competencies together gives, from one way of
 * evidencing each member: as weak as its weakest member, and as old as its oldest.
 */
export function combineSupports(members: readonly Support[], group: GroupMapping, policy: RecognitionPolicy): Support {
  const first = members[0] as Support;
  return finishSupport(
    {
      evidence: [...new Map(members.flatMap((member) => member.evidence).map((entry) => [entry.id, entry])).values()],
      origin: first.origin,
      observed: members.every((member) => member.observed),
      achievedAt: Math.min(...members.map((member) => member.achievedAt)),
      validUntil: members.reduce<number | undefined>((earliest, member) => minDefined(earliest, member.validUntil), undefined),
      sourceRenewalMonths: members.reduce<number | undefined>((least, member) => minDefined(least, member.sourceRenewalMonths), undefined),
      maxAgeMonths: members.reduce<number | undefined>((least, member) => minDefined(least, member.maxAgeMonths), group.maxAgeMonths),
      requiredAssessment: [...members.flatMap((member) => member.requiredAssessment), ...(group.requiredAssessment ? [group.requiredAssessment] : [])],
      coverage: Math.min(...members.map((member) => member.coverage)) * group.step.coverage,
      steps: [...dedupeSteps(members.flatMap((member) => member.steps)), group.step],
      trustFactor: Math.min(...members.map((member) => member.trustFactor)),
    },
    policy,
  );
}

/** An empty support with every field present, so all supports share one shape. */
export function newSupport(): Support {
  return {
    evidence: [],
    origin: undefined as unknown as GraphNode,
    observed: false,
    achievedAt: 0,
    validUntil: undefined,
    sourceRenewalMonths: undefined,
    maxAgeMonths: undefined,
    requiredAssessment: [],
    coverage: 0,
    steps: [],
    trustFactor: 0,
    confidence: 0,
    lapsesAt: 0,
  };
}

/** A shallow copy (its lists are shared, never changed in place), written out so every support keeps one shape. */
export function copySupport(support: Support): Support {
  return {
    evidence: support.evidence,
    origin: support.origin,
    observed: support.observed,
    achievedAt: support.achievedAt,
    validUntil: support.validUntil,
    sourceRenewalMonths: support.sourceRenewalMonths,
    maxAgeMonths: support.maxAgeMonths,
    requiredAssessment: support.requiredAssessment,
    coverage: support.coverage,
    steps: support.steps,
    trustFactor: support.trustFactor,
    confidence: support.confidence,
    lapsesAt: support.lapsesAt,
  };
}

/**
 * The tie-break between two ways of giving a criterion the same status: more confident, then more
 * recent, then the smaller evidence ids, then the shorter path. Positive when the first is better.
 */
export function compareTies(confidence: number, achievedAt: number, ids: string, steps: number, otherConfidence: number, otherAchievedAt: number, otherIds: string, otherSteps: number): number {
  if (confidence !== otherConfidence) return confidence - otherConfidence;
  if (achievedAt !== otherAchievedAt) return achievedAt - otherAchievedAt;
  if (ids !== otherIds) return ids < otherIds ? 1 : -1;
  return otherSteps - steps;
}

/** The ids of a support's evidence, as the tie-break compares them. */
export function evidenceIds(support: Support): string {
  return support.evidence.map((entry) => entry.id).join(' ');
}

/** Whether `left` is a better support than `right` for the same status (see {@link compareTies}). */
export function betterSupport(left: Support, right: Support): boolean {
  return compareTies(left.confidence, left.achievedAt, evidenceIds(left), left.steps.length, right.confidence, right.achievedAt, evidenceIds(right), right.steps.length) > 0;
}

function minDefined(left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined) return right;
  if (right === undefined) return left;
  return Math.min(left, right);
}

function dedupeSteps(steps: PathStep[]): PathStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.crosswalk}|${step.sourceCodes.join('+')}|${step.targetCode}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
