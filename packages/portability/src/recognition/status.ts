// Statuses: their order, comparisons and the roll-up from criteria to the nodes above them.
import type { RecognitionStatus, StatusCounts } from './types.js';

/** Statuses from worst to best: a status never goes down this list when evidence is added. */
export const RECOGNITION_STATUSES: readonly RecognitionStatus[] = ['gap', 'partial', 'refresh-due', 'recognised-pending-observation', 'recognised'];

/** Each status's position in {@link RECOGNITION_STATUSES}: the rank the decision rules work in. */
export const STATUS_RANK: Readonly<Record<RecognitionStatus, number>> = { gap: 0, partial: 1, 'refresh-due': 2, 'recognised-pending-observation': 3, recognised: 4 };

/** Compares two statuses: negative when `left` is worse than `right`. */
export function compareStatuses(left: RecognitionStatus, right: RecognitionStatus): number {
  return STATUS_RANK[left] - STATUS_RANK[right];
}

/** Counts with every status at zero. */
export function emptyCounts(): StatusCounts {
  return { total: 0, recognised: 0, 'recognised-pending-observation': 0, 'refresh-due': 0, partial: 0, gap: 0 };
}

/**
 * A parent's status from its leaves: recognised when all are; a gap when none is evidenced;
 * otherwise partial when anything is missing, else the worst of refresh due / pending observation.
 */
export function rollUpCounts(counts: StatusCounts): RecognitionStatus {
  if (counts.recognised === counts.total) return 'recognised';
  if (counts.gap === counts.total) return 'gap';
  if (counts.gap > 0 || counts.partial > 0) return 'partial';
  if (counts['refresh-due'] > 0) return 'refresh-due';
  return 'recognised-pending-observation';
}

/** Rounds to `places` decimals (hours and confidences are reported to two). */
export function round(value: number, places = 2): number {
  return Math.round(value * 10 ** places) / 10 ** places;
}
