// The compact result (statuses, counts and hours per standard, without explanations or a plan,
// for dashboards over many workers), and the summary block both results share.
import { isoDate } from '../dates.js';
import type { Decisions } from './decide.js';
import { hoursBasis, startHoursTally } from './hours.js';
import { emptyCounts, RECOGNITION_STATUSES, rollUpCounts, round } from './status.js';
import type { TargetIndex } from './target.js';
import type { AssessEvidenceOptions, EvidenceReport, RecognitionReport, RecognitionSummary, StatusCounts } from './types.js';

/** The `summary` block of a report: counts, hours, evidence used and a headline for people. */
export function summaryBlock(target: TargetIndex, standards: StatusCounts, criteria: StatusCounts, planned: number, reports: readonly EvidenceReport[], rejected: number): RecognitionReport['summary'] {
  const { programme } = target;
  const basis = hoursBasis(target.estimatedLeaves, criteria, target.policy);
  const counted = reports.filter((report) => report.counted).length;
  return {
    standards,
    criteria,
    hours: { programme, plan: planned, saved: round(programme - planned), ...basis },
    evidence: { counted, notCounted: reports.length - counted, rejected },
    headline: headline(standards, programme, planned, target.target.title, basis.basis),
  };
}

/** Summarises what the search decided: the same decisions as the full report, counted. */
export function summarise(target: TargetIndex, decisions: Decisions, options: AssessEvidenceOptions): RecognitionSummary {
  const { bestRank, bestSupport, reports } = decisions;
  const standardCounts = emptyCounts();
  const criteriaCounts = emptyCounts();
  const tally = startHoursTally(target);
  const ranks = [0, 0, 0, 0, 0];
  const standards = target.tops.map(({ code, title, leaves }) => {
    ranks.fill(0);
    tally.standard(code);
    for (const leaf of leaves) {
      const support = bestSupport[leaf.index];
      const rank = support === undefined ? 0 : (bestRank[leaf.index] as number);
      ranks[rank] = (ranks[rank] as number) + 1;
      tally.criterion(leaf.node.code, RECOGNITION_STATUSES[rank] ?? 'gap', leaf.hours, round(support?.coverage ?? 0));
    }
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
  return {
    target: { ref: target.ref, id: target.target.id, title: target.target.title },
    asOf: isoDate(decisions.asOf),
    summary: summaryBlock(target, standardCounts, criteriaCounts, tally.total(), reports, options.rejectedEvidence?.length ?? 0),
    standards,
  };
}

/** One line for people: how many standards are recognised, due, to top up or to do, and the hours saved. */
export function headline(counts: StatusCounts, programme: number, planned: number, title: string, basis: 'estimate' | 'framework'): string {
  const parts = [`${counts.recognised + counts['recognised-pending-observation']} of ${counts.total} standards of ${title} recognised`];
  if (counts['recognised-pending-observation'] > 0) parts[0] += ` (${counts['recognised-pending-observation']} pending workplace observation)`;
  if (counts['refresh-due'] > 0) parts.push(`${counts['refresh-due']} due a refresher`);
  if (counts.partial > 0) parts.push(`${counts.partial} needing a top-up`);
  if (counts.gap > 0) parts.push(`${counts.gap} to do in full`);
  const saved = round(programme - planned, 1);
  return `${parts.join(', ')}; ${saved} of ${round(programme, 1)} ${basis === 'estimate' ? 'estimated ' : ''}notional hours saved.`;
}
