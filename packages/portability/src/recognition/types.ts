// The recognition engine's public types. Nothing here imports from its sibling modules, so every
// rule module can depend on it without a cycle.
import type { DateInput, Framework, FrameworkRegistry } from '@carepass/frameworks';
import type { Crosswalk } from '../crosswalk/crosswalk.js';
import type { PathStep } from '../crosswalk/graph.js';
import type { Evidence, EvidenceInput, EvidenceRejection } from '../evidence.js';
import type { RecognitionPolicy, RecognitionPolicyInput } from '../policy.js';
import type { RenewalRule, TrainingTopicList } from '../training-topics.js';

/**
 * What recognition decided for a target node, from best to worst: `recognised`;
 * `recognised-pending-observation` (evidenced, but the new employer must observe it in practice);
 * `refresh-due` (evidenced, but too long ago); `partial` (part evidenced: top-up needed); `gap`.
 */
export type RecognitionStatus = 'recognised' | 'recognised-pending-observation' | 'refresh-due' | 'partial' | 'gap';

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
export interface AssessEvidenceOptions {
  /** Credentials that failed verification, to list in the report. */
  rejectedEvidence?: readonly RejectedEvidence[];
  /** Overrides the policy's as-of date for this assessment. */
  asOf?: DateInput;
}

/** @deprecated Renamed AssessEvidenceOptions (options are named for what they do); this name goes in the next release. */
export type AssessOptions = AssessEvidenceOptions;

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
  assess(evidence: readonly EvidenceInput[], options?: AssessEvidenceOptions): RecognitionReport;
  /**
   * The same decisions as {@link RecognitionEngine.assess}, returned as counts and standard
   * statuses only, without explanations or a plan: for dashboards over many workers.
   * @throws {@link CarepassError} `INVALID_ARGUMENT` when an evidence item is malformed.
   */
  summarise(evidence: readonly EvidenceInput[], options?: AssessEvidenceOptions): RecognitionSummary;
}

/** The compact form of a {@link RecognitionReport}: what {@link RecognitionEngine.summarise} returns. */
export interface RecognitionSummary {
  target: RecognitionReport['target'];
  asOf: string;
  summary: RecognitionReport['summary'];
  /** Each top-level node (standard) with its status and its criteria by status. */
  standards: { code: string; title: string; status: RecognitionStatus; counts: StatusCounts }[];
}

/**
 * What a worker still has to do, most urgent first: `refresher` (lapsed learning, e.g. basic life
 * support), `whole-standard` (nothing evidenced), `top-up` (the missing criteria of a standard),
 * `observation` (recognised knowledge to be observed in practice), and `micro-qualification`
 * (a suggestion that would cover some of the above; its hours are not added to the plan).
 */
export type TrainingPlanKind = 'refresher' | 'whole-standard' | 'top-up' | 'observation' | 'micro-qualification';

/** One step of a training plan. */
export interface TrainingPlanItem {
  /** 1-based position in the plan. */
  order: number;
  kind: TrainingPlanKind;
  /** The standard it belongs to (absent for suggestions). */
  standard?: string;
  /** `slug@version` of a suggested micro-qualification. */
  ref?: string;
  /** For an observation: the observed activity's id (a mealtime, a personal care routine), when one covers these criteria. */
  activity?: string;
  /** `estimate` when the hours are Carepass's estimate (the policy's defaults, an activity's estimated duration), `framework` when published. */
  hoursBasis?: 'estimate' | 'framework';
  /** What to do, for people. */
  title: string;
  /** Target codes it covers. */
  competencies: string[];
  /** Notional hours. */
  hours: number;
  /** Why it is in the plan. */
  reason: string;
}
