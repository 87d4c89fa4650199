import { type AssessmentMethod, builtInRegistry, CarepassError, type Framework, type FrameworkRegistry, indexFramework, type Publication } from '@carepass/frameworks';
import { builtInCrosswalks } from './built-ins.js';
import { type Crosswalk, safeParseCrosswalk } from './crosswalk.js';
import { type Evidence, type EvidenceInput, EvidenceSchema, type EvidenceRejection } from './evidence.js';
import { explainCriterion, explainNode } from './explain.js';
import { buildRecognitionGraph, type GraphNode, microQualificationCrosswalks, type PathStep, type RecognitionGraph, type Route } from './graph.js';
import { buildTrainingPlan, type TrainingPlanItem } from './plan.js';
import { type RecognitionPolicy, type RecognitionPolicyInput, RecognitionPolicySchema } from './policy.js';
import { builtInObservationActivities, groupObservations } from './observation-activities.js';
import { addMonths, isoDate, parseAsOf } from './dates.js';
import { applyTopicRenewals, builtInTrainingTopics, type RenewalRule, routesFor, type TrainingTopicList } from './training-topics.js';

/**
 * What recognition decided for a target node, from best to worst: `recognised`;
 * `recognised-pending-observation` (evidenced, but the new employer must observe it in practice);
 * `refresh-due` (evidenced, but too long ago); `partial` (part evidenced: top-up needed); `gap`.
 */
export type RecognitionStatus = 'recognised' | 'recognised-pending-observation' | 'refresh-due' | 'partial' | 'gap';

/** Statuses from worst to best: a status never goes down this list when evidence is added. */
export const RECOGNITION_STATUSES: readonly RecognitionStatus[] = ['gap', 'partial', 'refresh-due', 'recognised-pending-observation', 'recognised'];
const RANK: Record<RecognitionStatus, number> = { gap: 0, partial: 1, 'refresh-due': 2, 'recognised-pending-observation': 3, recognised: 4 };

/** Compares two statuses: negative when `left` is worse than `right`. */
export function compareStatuses(left: RecognitionStatus, right: RecognitionStatus): number {
  return RANK[left] - RANK[right];
}

/** Why a candidate counted the way it did. */
export type DecisionReason = 'direct' | 'crosswalk' | 'below-minimum-coverage' | 'assessment-not-met' | 'renewal-lapsed' | 'evidence-expired' | 'evidence-too-old' | 'reobservation-required' | 'not-observed';

/** What every decision says about the target node it is for. */
export interface DecisionBase {
  /** The node's code in the target framework, e.g. `10.1a`. */
  code: string;
  /** Its title. */
  title: string;
  /** Its kind: standard, learning-outcome, assessment-criterion, unit… */
  kind: string;
  /** Its URI. */
  uri: string;
  /** What was decided. */
  status: RecognitionStatus;
}

/** The decision for a leaf of the target framework (an assessment criterion, usually). */
export interface CriterionDecision extends DecisionBase {
  /** 0–1: how sure the decision is (coverage × basis of the mappings × trust in the issuer); 1 for a gap nothing touches. */
  confidence: number;
  /** Coverage of the route behind the decision (0 for a gap). */
  coverage: number;
  /** Ids of the evidence behind the decision. */
  evidence: string[];
  /** Crosswalk hops from the evidence to this criterion (empty when the evidence names it directly). */
  path: PathStep[];
  /** What shaped the decision. */
  reasons: DecisionReason[];
  /** For `refresh-due`: the date the evidence stopped being current. */
  lapsedOn?: string;
  /**
   * The refresh period that applies to it and where it comes from: the employer's `policy`, the
   * target `framework`'s data, or a training `topic` (with its id and the sources that publish the
   * period).
   */
  renewal?: RenewalRule;
  /** Ids of self-declared or unverified claims that reach it (never counted). */
  claims?: string[];
  /** Notional hours of the criterion. */
  hours: number;
  /** The decision as a sentence for a care manager. */
  explanation: string;
}

/** Counts of target nodes by status. */
export type StatusCounts = Record<RecognitionStatus, number> & { total: number };

/** The decision for a node with children (a standard or learning outcome), rolled up from its criteria. */
export interface NodeDecision extends DecisionBase {
  /** The lowest confidence among its criteria. */
  confidence: number;
  /** Its criteria (leaves) by status. */
  counts: StatusCounts;
  /** Codes of criteria that are partial or a gap. */
  missing: string[];
  /** Codes of criteria waiting for a workplace observation. */
  pendingObservation: string[];
  /** Codes of criteria due a refresher. */
  refreshDue: string[];
  /** Notional hours of the whole node, and of what is left to do. */
  hours: { programme: number; plan: number };
  explanation: string;
  /** Children of a standard (top-level node). */
  outcomes?: (NodeDecision | CriterionDecision)[];
  /** Children of a learning outcome (second-level node). */
  criteria?: (NodeDecision | CriterionDecision)[];
  /** Children of deeper nodes. */
  children?: (NodeDecision | CriterionDecision)[];
}

/** How one piece of evidence was used. */
export interface EvidenceReport {
  id: string;
  title?: string;
  issuer?: { id: string; name?: string };
  verification: Evidence['verification'];
  trust: Evidence['trust'];
  achievedAt: string;
  /** Whether it counted at all. */
  counted: boolean;
  /** Why it did not count. */
  reason?: string;
  /** Target criteria whose decision rests on it. */
  decides: number;
  /** Source: e.g. the file it was read from. */
  source?: string;
}

/** A credential that could not be used, and why (filled in by {@link assessCredentials}). */
export interface RejectedEvidence extends EvidenceRejection {
  /** The file or position it came from. */
  source: string;
  /** The credential's id, if it had one. */
  id?: string;
}

/** The assessment of one worker against one target framework. */
export interface RecognitionReport {
  target: { ref: string; id: string; title: string };
  /** The date assessed at, `YYYY-MM-DD`. */
  asOf: string;
  policy: Omit<RecognitionPolicy, 'asOf'>;
  summary: {
    standards: StatusCounts;
    criteria: StatusCounts;
    /**
     * Notional hours: the full programme, what is left, and what recognition saves. `basis` is
     * `estimate` when any figure comes from the policy's defaults rather than published hours
     * (`note` says which), and `framework` when every figure is the framework's own.
     */
    hours: { programme: number; plan: number; saved: number; basis: 'estimate' | 'framework'; note: string };
    evidence: { counted: number; notCounted: number; rejected: number };
    /** One line for people. */
    headline: string;
  };
  standards: NodeDecision[];
  plan: TrainingPlanItem[];
  evidence: EvidenceReport[];
  rejectedEvidence: RejectedEvidence[];
}

/** Options for {@link createRecognitionEngine}. */
export interface CreateRecognitionEngineOptions {
  /** The target framework, `slug[@version]` or its URI. */
  target: string;
  /** Where frameworks and micro-qualifications are looked up; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** Crosswalks to use; default the built-in ones. Micro-qualification alignments are always added. */
  crosswalks?: readonly Crosswalk[];
  /** The employer's rules; defaults as documented on {@link RecognitionPolicySchema}. */
  policy?: RecognitionPolicyInput;
  /**
   * Core and mandatory training topics whose sourced refresh periods apply to the competencies
   * they name, where the framework itself sets no period; default the built-in topics for adult
   * social care in England. `null` applies none.
   */
  topics?: TrainingTopicList | null;
}

/** Options for one assessment. */
export interface AssessOptions {
  /** Credentials that failed verification, to list in the report. */
  rejectedEvidence?: readonly RejectedEvidence[];
  /** Overrides the policy's as-of date for this assessment. */
  asOf?: string | Date;
}

/** A recognition engine for one target framework, with its routes indexed; reuse it across workers. */
export interface RecognitionEngine {
  /** The target framework. */
  target: Framework;
  /** The policy with defaults applied. */
  policy: RecognitionPolicy;
  /**
   * Assesses a worker's evidence against the target. Pure and deterministic: the same evidence
   * (in any order) gives the same report.
   * @throws {@link CarepassError} `INVALID_ARGUMENT` when an evidence item is malformed (with its JSON path).
   */
  assess(evidence: readonly EvidenceInput[], options?: AssessOptions): RecognitionReport;
  /**
   * The same decisions as {@link RecognitionEngine.assess}, returned as counts and standard
   * statuses only, without explanations or a plan: for dashboards over many workers.
   * @throws {@link CarepassError} `INVALID_ARGUMENT` when an evidence item is malformed.
   */
  summarise(evidence: readonly EvidenceInput[], options?: AssessOptions): RecognitionSummary;
}

/** The compact form of a {@link RecognitionReport}: what {@link RecognitionEngine.summarise} returns. */
export interface RecognitionSummary {
  target: RecognitionReport['target'];
  asOf: string;
  summary: RecognitionReport['summary'];
  /** Each top-level node (standard) with its status and its criteria by status. */
  standards: { code: string; title: string; status: RecognitionStatus; counts: StatusCounts }[];
}

/** A way some evidence reaches a node. */
interface Support {
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

interface Candidate {
  status: RecognitionStatus;
  confidence: number;
  support: Support;
  reasons: DecisionReason[];
  lapsedOn?: number | undefined;
}

interface LeafInfo {
  index: number;
  node: GraphNode;
  kind: string;
  renewalMonths?: number | undefined;
  hours: number;
  requiresObservation: boolean;
}

const OBSERVED_METHODS = new Set<AssessmentMethod>(['workplace-observation', 'knowledge-and-observation']);
const BASIS_FACTOR = { official: 1, inferred: 0.9 } as const;
const TRUST_FACTOR = { trusted: 1, 'not-checked': 0.9, untrusted: 0.6, 'out-of-scope': 0.6 } as const;
const MAX_GROUP_COMBINATIONS = 16;
const MAX_CACHED_PLANS = 10_000;
/** Most evidence items one assessment takes: far more than any worker holds. */
const MAX_EVIDENCE = 10_000;
const round = (value: number, places = 2): number => Math.round(value * 10 ** places) / 10 ** places;

function satisfies(observed: boolean, method: AssessmentMethod | undefined, required: AssessmentMethod): boolean {
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

function emptyCounts(): StatusCounts {
  return { total: 0, recognised: 0, 'recognised-pending-observation': 0, 'refresh-due': 0, partial: 0, gap: 0 };
}

/** Tie-break between two supports giving the same status: more confident, then more recent, then by evidence id. */
function betterSupport(left: Support, right: Support): boolean {
  if (left.confidence !== right.confidence) return left.confidence > right.confidence;
  if (left.achievedAt !== right.achievedAt) return left.achievedAt > right.achievedAt;
  const leftIds = left.evidence.map((entry) => entry.id).join(' ');
  const rightIds = right.evidence.map((entry) => entry.id).join(' ');
  if (leftIds !== rightIds) return leftIds < rightIds;
  return left.steps.length < right.steps.length;
}

/**
 * A parent's status from its leaves: recognised when all are; a gap when none is evidenced;
 * otherwise the worst of pending observation / refresh due, or partial when anything is missing.
 */
function rollUpCounts(counts: StatusCounts): RecognitionStatus {
  if (counts.recognised === counts.total) return 'recognised';
  if (counts.gap === counts.total) return 'gap';
  if (counts.gap > 0 || counts.partial > 0) return 'partial';
  if (counts['refresh-due'] > 0) return 'refresh-due';
  return 'recognised-pending-observation';
}

/** Validates caller-supplied crosswalks, so a malformed one is a coded error naming where it is. */
function validCrosswalks(input: unknown, registry: FrameworkRegistry): Crosswalk[] {
  if (!Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'crosswalks must be an array');
  return input.map((candidate: unknown, position) => {
    const result = safeParseCrosswalk(candidate, { registry });
    if (result.ok) return result.value;
    const issue = result.issues[0];
    throw new CarepassError('CROSSWALK_INVALID', `crosswalks[${position}] is not a valid crosswalk: ${issue?.path ?? '$'}: ${issue?.message ?? 'invalid'}`, { details: { issues: result.issues } });
  });
}

/**
 * Creates a recognition engine for a target framework: indexes every publication and crosswalk
 * once, so assessing each worker is pure computation over precomputed routes.
 *
 * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` for an unknown target, `CROSSWALK_INVALID`
 * for a crosswalk that does not fit the registry, `INVALID_ARGUMENT` for a bad policy.
 * @example
 * ```ts
 * const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: '2026-11-23' } });
 * const report = engine.assess([{ id: 'cc-2016', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' }]);
 * console.log(report.summary.headline);
 * ```
 */
export function createRecognitionEngine(options: CreateRecognitionEngineOptions): RecognitionEngine {
  if (typeof options !== 'object' || options === null) throw new CarepassError('INVALID_ARGUMENT', 'createRecognitionEngine needs an options object with a target');
  const registry = options.registry ?? builtInRegistry();
  const parsedPolicy = RecognitionPolicySchema.safeParse(options.policy ?? {});
  if (!parsedPolicy.success) {
    const issue = parsedPolicy.error.issues[0];
    throw new CarepassError('INVALID_ARGUMENT', `invalid recognition policy at $.${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const policy = parsedPolicy.data;
  const target = registry.getFramework(options.target);
  const targetRef = `${target.slug}@${target.version}`;
  const crosswalks = [...(options.crosswalks === undefined ? builtInCrosswalks() : validCrosswalks(options.crosswalks, registry)), ...microQualificationCrosswalks(registry)];
  const graph: RecognitionGraph = buildRecognitionGraph({ registry, crosswalks, target: targetRef, maxChainLength: policy.maxChainLength });
  // Sourced refresh periods of training topics, where the frameworks set none (on both sides of a
  // crosswalk: the evidence's node and the target's).
  const topicRules = applyTopicRenewals(graph, options.topics === undefined ? builtInTrainingTopics() : options.topics, registry);

  // Per-leaf facts of the target, computed once.
  const renewalRules = new Map<string, RenewalRule>();
  // Observations are planned by observed activity (builtInObservationActivities), each taking its time.
  const observationActivities = builtInObservationActivities(targetRef);
  // Recognised courses that deliver a standard's content (training topics' routes), by code.
  const routes = routesFor(options.topics === undefined ? builtInTrainingTopics() : options.topics, targetRef, registry);
  const observationTime = (leaves: readonly { code: string; standard: string }[]): number => groupObservations(leaves, observationActivities, policy.observationHours).reduce((sum, group) => sum + group.hours, 0);
  // Whether any criterion's hours are the policy's default rather than the framework's own.
  let estimatedLeaves = false;
  const hoursBasis = (criteria: StatusCounts): { basis: 'estimate' | 'framework'; note: string } =>
    estimatedLeaves || criteria['recognised-pending-observation'] > 0 || criteria['refresh-due'] > 0
      ? { basis: 'estimate', note: `estimated, not published: ${policy.criterionHours} h per assessment criterion where the framework publishes no hours, ${policy.observationHours} h per workplace observation, a refresher ${Math.round(policy.refresherShare * 100)}% of the criterion's hours (the policy's defaults); do not use these figures for a business case` }
      : { basis: 'framework', note: 'the hours the framework publishes for its criteria' };
  const index = indexFramework(target);
  const leafInfo = new Map<string, LeafInfo>();
  const hoursOf = new Map<string, number>();
  for (const entry of index.competencies) {
    const node = graph.node(entry.uri) as GraphNode;
    if (node.leaves.length !== 1 || node.leaves[0] !== node.uri) continue;
    const codes = [node.code, ...[...entry.ancestors].reverse()];
    const override = codes.map((code) => policy.renewalMonths[code]).find((months) => months !== undefined);
    const months = override ?? node.renewalMonths;
    if (months !== undefined) renewalRules.set(node.uri, override !== undefined ? { months, rule: 'policy' } : (topicRules.get(node.uri) ?? { months, rule: 'framework' }));
    const ancestorHours = [...entry.ancestors].reverse().map((code) => graph.node(index.byCode.get(code)?.uri ?? ''))
      .find((ancestor) => ancestor?.notionalHours !== undefined);
    const hours = node.notionalHours ?? (ancestorHours ? (ancestorHours.notionalHours as number) / ancestorHours.leaves.length : policy.criterionHours);
    if (node.notionalHours === undefined && !ancestorHours) estimatedLeaves = true;
    leafInfo.set(node.uri, {
      index: leafInfo.size,
      node,
      kind: entry.competency.kind,
      renewalMonths: override ?? node.renewalMonths,
      hours,
      requiresObservation: node.method !== undefined && OBSERVED_METHODS.has(node.method),
    });
    hoursOf.set(node.uri, hours);
  }

  const leafList = [...leafInfo.values()];
  const leavesCache = new Map<GraphNode, LeafInfo[]>();
  const leavesOf = (node: GraphNode): LeafInfo[] => {
    let leaves = leavesCache.get(node);
    if (!leaves) {
      leaves = node.leaves.map((uri) => leafInfo.get(uri)).filter((leaf): leaf is LeafInfo => leaf !== undefined);
      leavesCache.set(node, leaves);
    }
    return leaves;
  };

  // Which target leaves each micro-qualification would evidence in full (for plan suggestions).
  const microQualificationCover = new Map<string, { publication: Publication; leaves: Set<string> }>();
  for (const summary of registry.list()) {
    if (summary.type !== 'MicroQualification' || !summary.latest) continue;
    const leaves = new Set<string>();
    for (const route of graph.routesFrom(summary.id)) {
      if (route.coverage < policy.minimumCoverage) continue;
      const reached = graph.node(route.to);
      if (reached?.publication === targetRef) for (const leaf of reached.leaves) leaves.add(leaf);
    }
    if (leaves.size > 0) microQualificationCover.set(summary.ref, { publication: registry.get(summary.ref), leaves });
  }

  const evaluate = (support: Support, leaf: LeafInfo, asOf: number): Candidate | undefined => {
    const reasons: DecisionReason[] = [support.steps.length === 0 ? 'direct' : 'crosswalk'];
    const method = support.evidence.length === 1 ? support.evidence[0]?.assessmentMethod ?? support.origin.method : support.origin.method;
    let assessmentMet = true;
    let observationOwed = false;
    for (const alternatives of support.requiredAssessment) {
      if (alternatives.some((required) => satisfies(support.observed, method, required))) continue;
      if (alternatives.some((required) => OBSERVED_METHODS.has(required))) observationOwed = true;
      else assessmentMet = false;
    }
    if (!assessmentMet) reasons.push('assessment-not-met');
    const full = assessmentMet && support.coverage >= policy.minimumCoverage - 1e-9;
    if (!full && assessmentMet) reasons.push('below-minimum-coverage');
    // When did this stop being current? The earliest of every limit that applies.
    let lapsedOn: number | undefined;
    const lapse = (time: number, reason: DecisionReason): void => {
      if (time <= asOf && (lapsedOn === undefined || time < lapsedOn)) {
        lapsedOn = time;
        if (!reasons.includes(reason)) reasons.push(reason);
      }
    };
    if (support.validUntil !== undefined) lapse(support.validUntil, 'evidence-expired');
    for (const months of [leaf.renewalMonths, support.sourceRenewalMonths]) if (months !== undefined) lapse(addMonths(support.achievedAt, months), 'renewal-lapsed');
    for (const months of [support.maxAgeMonths, policy.maxEvidenceAgeMonths]) if (months !== undefined) lapse(addMonths(support.achievedAt, months), 'evidence-too-old');
    const current = lapsedOn === undefined;
    const { confidence } = support;
    if (!full) return current ? { status: 'partial', confidence, support, reasons } : undefined;
    if (!current) return { status: 'refresh-due', confidence, support, reasons, lapsedOn };
    if (observationOwed) reasons.push('not-observed');
    if (leaf.requiresObservation && policy.requireReobservation) reasons.push('reobservation-required');
    else if (leaf.requiresObservation && !support.observed && support.steps.length > 0) reasons.push('not-observed');
    const pending = reasons.includes('reobservation-required') || reasons.includes('not-observed');
    return { status: pending ? 'recognised-pending-observation' : 'recognised', confidence, support, reasons };
  };

  /** Fills in what a support's decisions share (confidence, when it lapses). */
  const finish = (support: Omit<Support, 'confidence' | 'lapsesAt'> & Partial<Pick<Support, 'confidence' | 'lapsesAt'>>): Support => {
    let basis = 1;
    for (const step of support.steps) basis *= BASIS_FACTOR[step.basis];
    let lapsesAt = support.validUntil ?? Number.POSITIVE_INFINITY;
    if (support.sourceRenewalMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, support.sourceRenewalMonths));
    if (support.maxAgeMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, support.maxAgeMonths));
    if (policy.maxEvidenceAgeMonths !== undefined) lapsesAt = Math.min(lapsesAt, addMonths(support.achievedAt, policy.maxEvidenceAgeMonths));
    support.confidence = round(support.coverage * support.trustFactor * basis);
    support.lapsesAt = lapsesAt;
    return support as Support;
  };
  /** Writes into `out` the support that `route` gives, starting from `support`. */
  const fill = (out: Support, support: Support, route: Route, declared: AssessmentMethod | undefined): Support => {
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
    return finish(out);
  };
  const extend = (support: Support, route: Route, declared?: AssessmentMethod): Support => fill(newSupport(), support, route, declared);
  /** The status rank a support gives a leaf (-1: nothing), without building an explanation. */
  const rankOf = (support: Support, leaf: LeafInfo, asOf: number): number => {
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
    const full = assessmentMet && support.coverage >= policy.minimumCoverage - 1e-9;
    let current = support.lapsesAt > asOf;
    if (current && leaf.renewalMonths !== undefined) current = addMonths(support.achievedAt, leaf.renewalMonths) > asOf;
    if (!full) return current ? RANK.partial : -1;
    if (!current) return RANK['refresh-due'];
    const pending = observationOwed || (leaf.requiresObservation && (policy.requireReobservation || (!support.observed && support.steps.length > 0)));
    return pending ? RANK['recognised-pending-observation'] : RANK.recognised;
  };
  const memberRoutesCache = new Map<string, Route[]>();
  const memberRoutesFrom = (uri: string): Route[] => {
    let routes = memberRoutesCache.get(uri);
    if (!routes) {
      routes = graph.routesFrom(uri).filter((route) => (route.toNode as GraphNode).publication !== targetRef);
      memberRoutesCache.set(uri, routes);
    }
    return routes;
  };
  /** Every time limit (in months) that can apply to evidence of these origins, sorted. */
  const limitsCache = new Map<string, number[]>();
  const limitsFor = (key: string, origins: readonly string[]): number[] => {
    let limits = limitsCache.get(key);
    if (!limits) {
      const months = new Set<number>();
      if (policy.maxEvidenceAgeMonths !== undefined) months.add(policy.maxEvidenceAgeMonths);
      for (const uri of origins) {
        const own = graph.node(uri)?.renewalMonths;
        if (own !== undefined) months.add(own);
        for (const route of graph.routesFrom(uri)) {
          if (route.maxAgeMonths !== undefined) months.add(route.maxAgeMonths);
          const start = route.originNode?.renewalMonths;
          if (start !== undefined) months.add(start);
          for (const leaf of leavesOf(route.toNode as GraphNode)) if (leaf.renewalMonths !== undefined) months.add(leaf.renewalMonths);
        }
      }
      limits = [...months].sort((left, right) => left - right);
      limitsCache.set(key, limits);
    }
    return limits;
  };
  interface ItemPlan {
    leaves: number[];
    ranks: number[];
    supports: Support[];
  }
  const planCache = new Map<string, ItemPlan>();
  /** What one evidence item decides on its own, leaf by leaf (the best of its routes). */
  const planItem = (origins: readonly string[], bases: readonly Support[], item: Evidence, asOf: number): ItemPlan => {
    const found = new Map<number, { rank: number; support: Support }>();
    const scratch = newSupport();
    origins.forEach((uri, position) => {
      for (const route of graph.routesFrom(uri)) {
        const reached = route.toNode as GraphNode;
        if (reached.publication !== targetRef) continue;
        const probe = fill(scratch, bases[position] as Support, route, item.assessmentMethod);
        let kept: Support | undefined;
        for (const leaf of leavesOf(reached)) {
          const rank = rankOf(probe, leaf, asOf);
          if (rank < 0) continue;
          const current = found.get(leaf.index);
          if (current === undefined || rank > current.rank || (rank === current.rank && betterSupport(probe, current.support))) {
            kept ??= copySupport(probe);
            found.set(leaf.index, { rank, support: kept });
          }
        }
      }
    });
    const plan: ItemPlan = { leaves: [], ranks: [], supports: [] };
    for (const [leaf, { rank, support }] of found) {
      plan.leaves.push(leaf);
      plan.ranks.push(rank);
      plan.supports.push(support);
    }
    return plan;
  };

  /** The core: the best support for every target leaf. Shared by the full report and the summary. */
  const decide = (input: readonly EvidenceInput[], assessOptions: AssessOptions) => {
    const asOf = parseAsOf(assessOptions.asOf ?? policy.asOf);
    if (!Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'evidence must be an array');
    if (input.length > MAX_EVIDENCE) throw new CarepassError('INVALID_ARGUMENT', `${input.length} evidence items is over the limit of ${MAX_EVIDENCE} for one worker`);
    const evidence: Evidence[] = input.map((item, position) => {
      const parsed = EvidenceSchema.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CarepassError('INVALID_ARGUMENT', `evidence[${position}]${issue?.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('') ?? ''}: ${issue?.message ?? 'invalid'}`);
      }
      return parsed.data;
    });
    // Order-independence: work on the evidence sorted by id (then date).
    evidence.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : Date.parse(left.achievedAt) - Date.parse(right.achievedAt)));

    // The best support found so far for each target leaf, with what ranks it (see betterSupport).
    const size = leafList.length;
    const bestRank = new Int8Array(size);
    const bestConfidence = new Float64Array(size);
    const bestAchievedAt = new Float64Array(size);
    const bestSteps = new Int32Array(size);
    const bestIds: string[] = new Array<string>(size).fill('');
    const bestSupport: (Support | undefined)[] = new Array<Support | undefined>(size).fill(undefined);
    /** The evidence item a cached template stands for, when it is not the template's own. */
    const bestItem: (Evidence | undefined)[] = new Array<Evidence | undefined>(size).fill(undefined);
    const consider = (index: number, rank: number, support: Support, item: Evidence | undefined, achievedAt: number, ids: string): void => {
      if (bestSupport[index] !== undefined) {
        const currentRank = bestRank[index] as number;
        if (rank < currentRank) return;
        if (rank === currentRank) {
          // Same status: more confident, then more recent, then smaller evidence ids, then shorter path.
          const confidence = bestConfidence[index] as number;
          if (support.confidence !== confidence) {
            if (support.confidence < confidence) return;
          } else if (achievedAt !== bestAchievedAt[index]) {
            if (achievedAt < (bestAchievedAt[index] as number)) return;
          } else if (ids !== bestIds[index]) {
            if (ids > (bestIds[index] as string)) return;
          } else if (support.steps.length >= (bestSteps[index] as number)) return;
        }
      }
      bestRank[index] = rank;
      bestConfidence[index] = support.confidence;
      bestAchievedAt[index] = achievedAt;
      bestSteps[index] = support.steps.length;
      bestIds[index] = ids;
      bestSupport[index] = support;
      bestItem[index] = item;
    };
    const claims = new Map<string, Set<string>>();
    const memberSupports = new Map<string, Support[]>();
    const reports: EvidenceReport[] = [];

    const offer = (support: Support, reached: GraphNode): void => {
      const to = reached.uri;
      if (reached.publication !== targetRef) {
        const list = memberSupports.get(to) ?? [];
        list.push(support);
        memberSupports.set(to, list);
        return;
      }
      const ids = support.evidence.map((entry) => entry.id).join(' ');
      for (const leaf of leavesOf(reached)) {
        const rank = rankOf(support, leaf, asOf);
        if (rank >= 0) consider(leaf.index, rank, support, undefined, support.achievedAt, ids);
      }
    };

    for (const item of evidence) {
      const report: EvidenceReport = { id: item.id, verification: item.verification, trust: item.trust, achievedAt: item.achievedAt, counted: false, decides: 0 };
      if (item.title !== undefined) report.title = item.title;
      if (item.issuer !== undefined) report.issuer = item.issuer.name === undefined ? { id: item.issuer.id } : { id: item.issuer.id, name: item.issuer.name };
      if (item.source !== undefined) report.source = item.source;
      reports.push(report);
      const achievedAt = Date.parse(item.achievedAt);
      const origins = item.competencies.map((reference) => graph.resolve(reference)).filter((uri): uri is string => uri !== undefined);
      if (origins.length === 0) {
        report.reason = 'it names nothing in the frameworks Carepass knows';
        continue;
      }
      if (achievedAt > asOf) {
        report.reason = `it was achieved after the assessment date (${isoDate(asOf)})`;
        continue;
      }
      const claim = item.verification !== 'verified';
      if (claim) report.reason = `it is ${item.verification}, so it is shown as a claim and never counted`;
      else if ((item.trust === 'untrusted' || item.trust === 'out-of-scope') && !policy.acceptUntrusted) {
        report.reason = item.trust === 'untrusted' ? 'its issuer is not in the trust registry (the policy does not accept untrusted issuers)' : 'its issuer is trusted, but not for this (the policy does not accept untrusted issuers)';
        continue;
      }
      if (!claim) report.counted = true;
      const validUntil = item.validUntil === undefined ? undefined : Date.parse(item.validUntil);
      const unique = [...new Set(origins)];
      const bases = unique.map((uri) =>
        finish({
          evidence: [item],
          origin: graph.node(uri) as GraphNode,
          observed: item.assessmentMethod === undefined ? true : OBSERVED_METHODS.has(item.assessmentMethod),
          achievedAt,
          validUntil,
          requiredAssessment: [],
          coverage: 1,
          steps: [],
          trustFactor: TRUST_FACTOR[item.trust],
        }),
      );
      if (claim) {
        for (const uri of unique) {
          for (const route of graph.routesFrom(uri)) {
            const reached = route.toNode as GraphNode;
            if (reached.publication === targetRef) for (const leaf of reached.leaves) claims.set(leaf, (claims.get(leaf) ?? new Set()).add(item.id));
          }
        }
        continue;
      }
      // Routes to group members (outside the target) are followed for each item.
      unique.forEach((uri, position) => {
        for (const route of memberRoutesFrom(uri)) offer(extend(bases[position] as Support, route, item.assessmentMethod), route.toNode as GraphNode);
      });
      // Routes into the target: what one item decides depends only on where it points, how it was
      // assessed, the trust in its issuer, and which time limits it has passed, so it is computed
      // once per such signature and reused (this is what makes large cohorts fast).
      const routeSet = unique.join(' ');
      const limits = limitsFor(routeSet, unique);
      let key = `${routeSet}|${item.assessmentMethod ?? ''}|${item.trust}|${validUntil !== undefined && validUntil <= asOf ? 1 : 0}|`;
      for (const months of limits) key += addMonths(achievedAt, months) <= asOf ? '1' : '0';
      let plan = planCache.get(key);
      if (!plan) {
        plan = planItem(unique, bases, item, asOf);
        if (planCache.size >= MAX_CACHED_PLANS) planCache.clear();
        planCache.set(key, plan);
      }
      for (let position = 0; position < plan.leaves.length; position++) {
        consider(plan.leaves[position] as number, plan.ranks[position] as number, plan.supports[position] as Support, item, achievedAt, item.id);
      }
    }

    // Mappings that need several source competencies together: every combination of the ways
    // each member is evidenced (bounded), for as many rounds as a chain may be long.
    if (graph.groups.length > 0 && memberSupports.size > 0) {
      const seen = new Set<string>();
      for (let round = 0; round < policy.maxChainLength; round++) {
        let added = false;
        for (const group of graph.groups) {
          const lists = group.members.map((member) => memberSupports.get(member) ?? []);
          if (lists.some((list) => list.length === 0)) continue;
          let combinations: Support[][] = [[]];
          for (const list of lists) {
            combinations = combinations.flatMap((prefix) => list.map((support) => [...prefix, support])).slice(0, MAX_GROUP_COMBINATIONS);
          }
          for (const members of combinations) {
            const key = `${group.key}|${members.map((member) => `${member.evidence.map((entry) => entry.id).join(',')}@${member.steps.length}`).join('|')}`;
            if (seen.has(key)) continue;
            seen.add(key);
            added = true;
            const first = members[0] as Support;
            const combined: Support = finish({
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
            });
            for (const route of graph.routesFrom(group.to)) offer(extend(combined, route), route.toNode as GraphNode);
          }
        }
        if (!added) break;
      }
    }

    // A winner taken from a cached plan stands for this worker's own item: rebuild it with that
    // item when the full report needs it (the summary only needs its rank and coverage).
    const supportAt = (index: number): Support | undefined => {
      const item = bestItem[index];
      const support = bestSupport[index];
      if (item === undefined || support === undefined || support.evidence[0] === item) return support;
      const own = copySupport(support);
      own.evidence = [item];
      own.achievedAt = bestAchievedAt[index] as number;
      own.validUntil = item.validUntil === undefined ? undefined : Date.parse(item.validUntil);
      return finish(own);
    };
    return { asOf, bestRank, bestSupport, supportAt, claims, reports };
  };

  const assess = (input: readonly EvidenceInput[], assessOptions: AssessOptions = {}): RecognitionReport => {
    const { asOf, supportAt, claims, reports } = decide(input, assessOptions);
    // The winners, now with their reasons.
    const best = new Map<string, Candidate>();
    for (const leaf of leafList) {
      const support = supportAt(leaf.index);
      const candidate = support && evaluate(support, leaf, asOf);
      if (candidate) best.set(leaf.node.uri, candidate);
    }

    // Leaf decisions, then roll-up, in document order.
    const decides = new Map<string, number>();
    const leafDecision = (uri: string): CriterionDecision => {
      const info = leafInfo.get(uri) as LeafInfo;
      const candidate = best.get(uri);
      const claimed = claims.get(uri);
      const decision: CriterionDecision = {
        code: info.node.code,
        title: info.node.title,
        kind: info.kind,
        uri,
        status: candidate?.status ?? 'gap',
        confidence: candidate?.confidence ?? 1,
        coverage: round(candidate?.support.coverage ?? 0),
        evidence: candidate?.support.evidence.map((entry) => entry.id) ?? [],
        path: candidate?.support.steps ?? [],
        reasons: candidate?.reasons ?? [],
        hours: info.hours,
        explanation: '',
      };
      if (candidate?.lapsedOn !== undefined) decision.lapsedOn = isoDate(candidate.lapsedOn);
      const rule = renewalRules.get(uri);
      if (rule && decision.reasons.includes('renewal-lapsed')) decision.renewal = rule;
      if (claimed && decision.status !== 'recognised') decision.claims = [...claimed].sort();
      for (const id of decision.evidence) decides.set(id, (decides.get(id) ?? 0) + 1);
      decision.explanation = explainCriterion(decision, { evidence: candidate?.support.evidence ?? [], renewalMonths: info.renewalMonths, policy });
      return decision;
    };
    const criteriaCounts = emptyCounts();
    const build = (entry: (typeof index.competencies)[number], depth: number, below: CriterionDecision[]): NodeDecision | CriterionDecision => {
      if (leafInfo.has(entry.uri)) {
        const decision = leafDecision(entry.uri);
        criteriaCounts[decision.status]++;
        criteriaCounts.total++;
        below.push(decision);
        return decision;
      }
      const leaves: CriterionDecision[] = [];
      const children = (entry.competency.children ?? []).map((child) => build(index.byCode.get(child.code) as (typeof index.competencies)[number], depth + 1, leaves));
      below.push(...leaves);
      const counts = emptyCounts();
      const missing: string[] = [];
      const pendingObservation: string[] = [];
      const refreshDue: string[] = [];
      let confidence = 1;
      let programme = 0;
      let plan = 0;
      for (const leaf of leaves) {
        counts[leaf.status]++;
        counts.total++;
        if (leaf.status === 'gap' || leaf.status === 'partial') missing.push(leaf.code);
        else if (leaf.status === 'recognised-pending-observation') pendingObservation.push(leaf.code);
        else if (leaf.status === 'refresh-due') refreshDue.push(leaf.code);
        if (leaf.confidence < confidence) confidence = leaf.confidence;
        programme += leaf.hours;
        plan += planHours(leaf, policy);
      }
      const decision: NodeDecision = {
        code: entry.competency.code,
        title: entry.competency.title,
        kind: entry.competency.kind,
        uri: entry.uri,
        status: rollUpCounts(counts),
        confidence,
        counts,
        missing,
        pendingObservation,
        refreshDue,
        hours: { programme: round(programme), plan: round(plan) },
        explanation: '',
      };
      decision.explanation = explainNode(decision);
      if (depth === 0) decision.outcomes = children;
      else if (depth === 1) decision.criteria = children;
      else decision.children = children;
      return decision;
    };
    const standards = target.competencies.map((top) => build(index.byCode.get(top.code) as (typeof index.competencies)[number], 0, []));
    const standardDecisions = standards.map((standard) => asNodeDecision(standard));
    const standardCounts = emptyCounts();
    for (const standard of standardDecisions) {
      standardCounts[standard.status]++;
      standardCounts.total++;
    }
    for (const report of reports) report.decides = decides.get(report.id) ?? 0;
    const plan = buildTrainingPlan(standardDecisions, { policy, microQualifications: microQualificationCover, registry, leafStatus: (uri) => best.get(uri)?.status ?? 'gap', observationActivities, routes });
    const programme = round([...hoursOf.values()].reduce((sum, hours) => sum + hours, 0) + routeDelta);
    // What is left: each criterion's share, except observations, which take their activity's time.
    const toObserve: { code: string; standard: string }[] = [];
    let trained = 0;
    for (const standard of standardDecisions) {
      const route = routes.get(standard.code);
      let routed = false;
      for (const leaf of collectLeaves([standard])) {
        if (leaf.status === 'recognised-pending-observation') toObserve.push({ code: leaf.code, standard: standard.code });
        else if (route && (leaf.status === 'gap' || leaf.status === 'partial')) routed = true;
        else trained += planHours(leaf, policy);
      }
      // A standard with a recognised course takes the course's time, once.
      if (route && routed) trained += route.hours;
    }
    const planned = round(trained + observationTime(toObserve));
    const rejected = [...(assessOptions.rejectedEvidence ?? [])];
    const counted = reports.filter((report) => report.counted).length;
    return {
      target: { ref: targetRef, id: target.id, title: target.title },
      asOf: isoDate(asOf),
      policy: withoutAsOf(policy),
      summary: {
        standards: standardCounts,
        criteria: criteriaCounts,
        hours: { programme, plan: planned, saved: round(programme - planned), ...hoursBasis(criteriaCounts) },
        evidence: { counted, notCounted: reports.length - counted, rejected: rejected.length },
        headline: headline(standardCounts, programme, planned, target.title, hoursBasis(criteriaCounts).basis),
      },
      standards: standardDecisions,
      plan,
      evidence: reports,
      rejectedEvidence: rejected,
    };
  };

  // Top-level nodes and the leaves under each, for the summary path.
  const tops = target.competencies.map((top) => {
    const node = graph.node(index.byCode.get(top.code)?.uri ?? '') as GraphNode;
    return { code: top.code, title: top.title, leaves: leavesOf(node) };
  });
  // A standard delivered by a recognised course counts the course's time in the full programme.
  const routeDelta = tops.reduce((sum, { code, leaves }) => {
    const route = routes.get(code);
    return route ? sum + route.hours - leaves.reduce((total, leaf) => total + leaf.hours, 0) : sum;
  }, 0);
  const summarise = (input: readonly EvidenceInput[], assessOptions: AssessOptions = {}): RecognitionSummary => {
    const { asOf, bestRank, bestSupport, reports } = decide(input, assessOptions);
    const standardCounts = emptyCounts();
    const criteriaCounts = emptyCounts();
    let programme = 0;
    let planned = 0;
    const toObserve: { code: string; standard: string }[] = [];
    const ranks = [0, 0, 0, 0, 0];
    const standards = tops.map(({ code, title, leaves }) => {
      ranks.fill(0);
      const route = routes.get(code);
      let routed = false;
      for (const leaf of leaves) {
        const support = bestSupport[leaf.index];
        const rank = support === undefined ? 0 : (bestRank[leaf.index] as number);
        ranks[rank] = (ranks[rank] as number) + 1;
        programme += leaf.hours;
        if (rank === 3) toObserve.push({ code: leaf.node.code, standard: code });
        else if (route && rank <= 1) routed = true;
        else planned += rank === 4 ? 0 : rank === 2 ? leaf.hours * policy.refresherShare : rank === 1 ? leaf.hours * (1 - round(support?.coverage ?? 0)) : leaf.hours;
      }
      if (route && routed) planned += route.hours;
      const counts = emptyCounts();
      RECOGNITION_STATUSES.forEach((status, rank) => {
        counts[status] = ranks[rank] as number;
        criteriaCounts[status] += ranks[rank] as number;
      });
      counts.total = leaves.length;
      criteriaCounts.total += leaves.length;
      const status = rollUpCounts(counts);
      standardCounts[status]++;
      standardCounts.total++;
      return { code, title, status, counts };
    });
    planned += observationTime(toObserve);
    programme += routeDelta;
    const counted = reports.filter((report) => report.counted).length;
    return {
      target: { ref: targetRef, id: target.id, title: target.title },
      asOf: isoDate(asOf),
      summary: {
        standards: standardCounts,
        criteria: criteriaCounts,
        hours: { programme: round(programme), plan: round(planned), saved: round(round(programme) - round(planned)), ...hoursBasis(criteriaCounts) },
        evidence: { counted, notCounted: reports.length - counted, rejected: assessOptions.rejectedEvidence?.length ?? 0 },
        headline: headline(standardCounts, round(programme), round(planned), target.title, hoursBasis(criteriaCounts).basis),
      },
      standards,
    };
  };

  return { target, policy, assess, summarise };
}

function withoutAsOf(policy: RecognitionPolicy): Omit<RecognitionPolicy, 'asOf'> {
  const { asOf: _asOf, ...rest } = policy;
  return rest;
}

/** An empty support with every field present, so all supports share one shape. */
function newSupport(): Support {
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

function copySupport(support: Support): Support {
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

function isNodeDecision(decision: NodeDecision | CriterionDecision): decision is NodeDecision {
  return 'counts' in decision;
}

function asNodeDecision(decision: NodeDecision | CriterionDecision): NodeDecision {
  if (isNodeDecision(decision)) return decision;
  // A target whose top-level nodes are leaves (e.g. CSTF subjects): present each as a node of one criterion.
  const counts = emptyCounts();
  counts[decision.status] = 1;
  counts.total = 1;
  const node: NodeDecision = {
    code: decision.code,
    title: decision.title,
    kind: decision.kind,
    uri: decision.uri,
    status: decision.status,
    confidence: decision.confidence,
    counts,
    missing: decision.status === 'gap' || decision.status === 'partial' ? [decision.code] : [],
    pendingObservation: decision.status === 'recognised-pending-observation' ? [decision.code] : [],
    refreshDue: decision.status === 'refresh-due' ? [decision.code] : [],
    hours: { programme: decision.hours, plan: 0 },
    explanation: decision.explanation,
    outcomes: [decision],
  };
  return node;
}

/** Every criterion decision below a list of decisions, in document order. */
export function collectLeaves(decisions: readonly (NodeDecision | CriterionDecision)[]): CriterionDecision[] {
  const leaves: CriterionDecision[] = [];
  const stack = [...decisions].reverse();
  while (stack.length > 0) {
    const decision = stack.pop() as NodeDecision | CriterionDecision;
    if (!isNodeDecision(decision)) {
      leaves.push(decision);
      continue;
    }
    const children = decision.outcomes ?? decision.criteria ?? decision.children ?? [];
    for (let position = children.length - 1; position >= 0; position--) stack.push(children[position] as NodeDecision | CriterionDecision);
  }
  return leaves;
}

/** Notional hours still to do for a criterion under a policy. */
export function planHours(leaf: CriterionDecision, policy: RecognitionPolicy): number {
  switch (leaf.status) {
    case 'recognised':
      return 0;
    case 'recognised-pending-observation':
      return policy.observationHours;
    case 'refresh-due':
      return leaf.hours * policy.refresherShare;
    case 'partial':
      return leaf.hours * (1 - leaf.coverage);
    default:
      return leaf.hours;
  }
}

function headline(counts: StatusCounts, programme: number, planned: number, title: string, basis: 'estimate' | 'framework'): string {
  const parts = [`${counts.recognised + counts['recognised-pending-observation']} of ${counts.total} standards of ${title} recognised`];
  if (counts['recognised-pending-observation'] > 0) parts[0] += ` (${counts['recognised-pending-observation']} pending workplace observation)`;
  if (counts['refresh-due'] > 0) parts.push(`${counts['refresh-due']} due a refresher`);
  if (counts.partial > 0) parts.push(`${counts.partial} needing a top-up`);
  if (counts.gap > 0) parts.push(`${counts.gap} to do in full`);
  const saved = round(programme - planned, 1);
  return `${parts.join(', ')}; ${saved} of ${round(programme, 1)} ${basis === 'estimate' ? 'estimated ' : ''}notional hours saved.`;
}
