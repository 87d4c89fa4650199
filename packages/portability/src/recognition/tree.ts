// Walking the decision tree of a report.
import { emptyCounts } from './status.js';
import type { CriterionDecision, NodeDecision } from './types.js';

/** Whether a decision is for a node with children (it has counts) rather than a criterion. */
export function isNodeDecision(decision: NodeDecision | CriterionDecision): decision is NodeDecision {
  return 'counts' in decision;
}

/** A top-level decision as a node: a target whose top-level nodes are leaves (CSTF subjects) shows each as a node of one criterion. */
export function asNodeDecision(decision: NodeDecision | CriterionDecision): NodeDecision {
  if (isNodeDecision(decision)) return decision;
  const counts = emptyCounts();
  counts[decision.status] = 1;
  counts.total = 1;
  return {
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
