import type { CriterionDecision, NodeDecision } from '../recognition/types.js';
import type { Evidence } from '../evidence.js';
import type { PathStep } from '../crosswalk/graph.js';
import type { RecognitionPolicy } from '../policy.js';

const percent = (value: number): string => `${Math.round(value * 100)}%`;

function describeEvidence(evidence: readonly Evidence[]): string {
  return evidence
    .map((item) => {
      const name = item.title ? `“${item.title}”` : item.id;
      const issuer = item.issuer?.name ?? item.issuer?.id;
      return `${name}${issuer ? ` from ${issuer}` : ''} (${item.achievedAt.slice(0, 10)})`;
    })
    .join(' and ');
}

/** A crosswalk path as people read it: `care-certificate@2015 9.3 → care-certificate@2025 9.3b (close, 80%, inferred)`. */
export function describePath(path: readonly PathStep[]): string {
  return path.map((step) => `${step.from} ${step.sourceCodes.join('+')} → ${step.to} ${step.targetCode} (${step.relation}, ${percent(step.coverage)}, ${step.basis})`).join('; then ');
}

/** The sentence behind a criterion decision, for a care manager. */
export function explainCriterion(decision: CriterionDecision, context: { evidence: readonly Evidence[]; renewalMonths?: number | undefined; policy: RecognitionPolicy }): string {
  const subject = `${decision.code} “${decision.title}”`;
  const by = context.evidence.length > 0 ? describeEvidence(context.evidence) : '';
  const route = decision.path.length === 0 ? '' : ` through ${describePath(decision.path)}`;
  const claims = decision.claims?.length ? ` The worker claims it (${decision.claims.join(', ')}), but a claim is not verified evidence: assess it before counting it.` : '';
  switch (decision.status) {
    case 'recognised':
      return `${subject} is recognised: it is evidenced by ${by}${route}.`;
    case 'recognised-pending-observation': {
      const why = decision.reasons.includes('reobservation-required')
        ? 'your policy is that practice is observed again at the new workplace'
        : 'the evidence does not show it was observed in practice';
      return `${subject} is recognised from ${by}${route}, but needs a workplace observation: ${why}.`;
    }
    case 'refresh-due': {
      const rule = decision.renewal;
      const from = rule?.rule === 'topic' ? ` (the refresh period of the training topic “${rule.topic}”, as published in ${(rule.sources ?? []).join('; ')})` : rule?.rule === 'policy' ? ' (your policy)' : rule?.rule === 'framework' ? ' (the framework’s renewal period)' : '';
      const months = rule?.months ?? context.renewalMonths;
      const why = decision.reasons.includes('evidence-expired')
        ? 'the credential has expired'
        : decision.reasons.includes('renewal-lapsed') && months !== undefined
          ? `it must be renewed every ${months} months${from}`
          : decision.reasons.includes('renewal-lapsed')
            ? 'the training it was assessed against must be renewed periodically'
            : 'the evidence is older than the crosswalk or policy allows';
      return `${subject} was evidenced by ${by}${route}, but ${why}, so it lapsed on ${decision.lapsedOn ?? 'an earlier date'}: a refresher is due.`;
    }
    case 'partial': {
      const why = decision.reasons.includes('assessment-not-met')
        ? 'it was not assessed the way the mapping requires'
        : `the mapping covers ${percent(decision.coverage)} of it, below the ${percent(context.policy.minimumCoverage)} needed`;
      return `${subject} is partly evidenced by ${by}${route}: ${why}, so it needs a top-up.${claims}`;
    }
    default:
      return `${subject} is a gap: nothing the worker holds evidences it.${claims}`;
  }
}

/** The sentence behind a standard's or outcome's decision. */
export function explainNode(decision: NodeDecision): string {
  const subject = `${decision.kind === 'standard' ? 'Standard' : decision.kind === 'learning-outcome' ? 'Outcome' : 'Item'} ${decision.code} “${decision.title}”`;
  const { counts } = decision;
  const list = (codes: readonly string[]): string => (codes.length > 6 ? `${codes.slice(0, 6).join(', ')} and ${codes.length - 6} more` : codes.join(', '));
  switch (decision.status) {
    case 'recognised':
      return `${subject} is recognised in full (${counts.total} of ${counts.total} criteria).`;
    case 'recognised-pending-observation':
      return `${subject} is recognised; ${counts['recognised-pending-observation']} of ${counts.total} criteria need a workplace observation (${list(decision.pendingObservation)}).`;
    case 'refresh-due':
      return `${subject} was learnt, but ${counts['refresh-due']} of ${counts.total} criteria are due a refresher (${list(decision.refreshDue)}).`;
    case 'partial':
      return `${subject} is partly recognised: ${counts.total - decision.missing.length} of ${counts.total} criteria are covered; ${list(decision.missing)} still need training.`;
    default:
      return `${subject} is a gap: none of its ${counts.total} criteria is evidenced.`;
  }
}
