// The full report: every criterion decided and explained, rolled up to its learning outcome and
// standard, with the evidence used and a training plan.
import { isoDate } from '../dates.js';
import { explainCriterion, explainNode } from '../render/explain.js';
import type { RecognitionPolicy } from '../policy.js';
import type { Decisions } from './decide.js';
import { planHours, startHoursTally } from './hours.js';
import { buildTrainingPlan } from './plan.js';
import { rateSupport, type SupportVerdict } from './rules.js';
import { emptyCounts, RECOGNITION_STATUSES, rollUpCounts, round } from './status.js';
import type { Support } from './support.js';
import { summaryBlock } from './summary.js';
import type { LeafInfo, TargetIndex } from './target.js';
import { asNodeDecision, collectLeaves } from './tree.js';
import type { AssessEvidenceOptions, CriterionDecision, NodeDecision, RecognitionReport, RecognitionStatus } from './types.js';

/** The winning support of a criterion, with the status it gives and why. */
interface Candidate {
  reasons: SupportVerdict['reasons'];
  lapsedOn: number | undefined;
  status: RecognitionStatus;
  support: Support;
}

type IndexEntry = TargetIndex['index']['competencies'][number];

/** Builds the full report from what the search decided. */
export function buildReport(target: TargetIndex, decisions: Decisions, options: AssessEvidenceOptions): RecognitionReport {
  const { policy, leafInfo, index } = target;
  const { asOf, supportAt, claims, reports } = decisions;
  // The winners, now with their reasons.
  const best = new Map<string, Candidate>();
  for (const leaf of target.leaves) {
    const support = supportAt(leaf.index);
    if (!support) continue;
    const verdict: SupportVerdict = { reasons: [] };
    const rank = rateSupport(support, leaf, asOf, policy, verdict);
    // Written out, not spread: one object shape keeps this loop fast.
    if (rank >= 0) best.set(leaf.node.uri, { reasons: verdict.reasons, lapsedOn: verdict.lapsedOn, status: RECOGNITION_STATUSES[rank] as RecognitionStatus, support });
  }

  // Leaf decisions, then roll-up, in document order.
  const decides = new Map<string, number>();
  const leafDecision = (info: LeafInfo): CriterionDecision => {
    const { uri } = info.node;
    const candidate = best.get(uri);
    const claimed = claims.get(uri);
    const decision: CriterionDecision = {
      code: info.node.code,
      title: info.node.title,
      kind: info.kind,
      uri,
      status: candidate?.status ?? 'gap',
      confidence: candidate?.support.confidence ?? 1,
      coverage: round(candidate?.support.coverage ?? 0),
      evidence: candidate?.support.evidence.map((entry) => entry.id) ?? [],
      path: candidate?.support.steps ?? [],
      reasons: candidate?.reasons ?? [],
      hours: info.hours,
      explanation: '',
    };
    if (candidate?.lapsedOn !== undefined && candidate.status === 'refresh-due') decision.lapsedOn = isoDate(candidate.lapsedOn);
    const rule = target.renewalRules.get(uri);
    if (rule && decision.reasons.includes('renewal-lapsed')) decision.renewal = rule;
    if (claimed && decision.status !== 'recognised') decision.claims = [...claimed].sort();
    for (const id of decision.evidence) decides.set(id, (decides.get(id) ?? 0) + 1);
    decision.explanation = explainCriterion(decision, { evidence: candidate?.support.evidence ?? [], renewalMonths: info.renewalMonths, policy });
    return decision;
  };
  const criteriaCounts = emptyCounts();
  const build = (entry: IndexEntry, depth: number, below: CriterionDecision[]): NodeDecision | CriterionDecision => {
    const info = leafInfo.get(entry.uri);
    if (info) {
      const decision = leafDecision(info);
      criteriaCounts[decision.status]++;
      criteriaCounts.total++;
      below.push(decision);
      return decision;
    }
    const leaves: CriterionDecision[] = [];
    const children = (entry.competency.children ?? []).map((child) => build(index.byCode.get(child.code) as IndexEntry, depth + 1, leaves));
    below.push(...leaves);
    const decision = rollUp(entry, leaves, policy);
    if (depth === 0) decision.outcomes = children;
    else if (depth === 1) decision.criteria = children;
    else decision.children = children;
    return decision;
  };
  const standards = target.target.competencies.map((top) => asNodeDecision(build(index.byCode.get(top.code) as IndexEntry, 0, [])));
  const standardCounts = emptyCounts();
  for (const standard of standards) {
    standardCounts[standard.status]++;
    standardCounts.total++;
  }
  for (const report of reports) report.decides = decides.get(report.id) ?? 0;
  const plan = buildTrainingPlan(standards, {
    policy,
    microQualifications: target.microQualificationCover,
    registry: target.registry,
    leafStatus: (uri) => best.get(uri)?.status ?? 'gap',
    observationActivities: target.observationActivities,
    routes: target.routes,
  });
  // What is left: each criterion's share, except observations, which take their activity's time.
  const tally = startHoursTally(target);
  for (const standard of standards) {
    tally.standard(standard.code);
    for (const leaf of collectLeaves([standard])) tally.criterion(leaf.code, leaf.status, leaf.hours, leaf.coverage);
  }
  const rejected = [...(options.rejectedEvidence ?? [])];
  return {
    target: { ref: target.ref, id: target.target.id, title: target.target.title },
    asOf: isoDate(asOf),
    policy: withoutAsOf(policy),
    summary: summaryBlock(target, standardCounts, criteriaCounts, tally.total(), reports, rejected.length),
    standards,
    plan,
    evidence: reports,
    rejectedEvidence: rejected,
  };
}

/** A node's decision from the decisions of the criteria below it. */
function rollUp(entry: IndexEntry, leaves: readonly CriterionDecision[], policy: RecognitionPolicy): NodeDecision {
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
  return decision;
}

function withoutAsOf(policy: RecognitionPolicy): Omit<RecognitionPolicy, 'asOf'> {
  const { asOf: _asOf, ...rest } = policy;
  return rest;
}
