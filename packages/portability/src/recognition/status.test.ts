import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStatuses, emptyCounts, RECOGNITION_STATUSES, rollUpCounts } from './status.js';
import type { RecognitionStatus } from './types.js';

const status = fc.constantFrom(...RECOGNITION_STATUSES);

describe('statuses', () => {
  it('orders statuses from worst to best', () => {
    expect(compareStatuses('gap', 'recognised')).toBeLessThan(0);
    expect(compareStatuses('refresh-due', 'partial')).toBeGreaterThan(0);
    fc.assert(fc.property(status, status, (left, right) => Math.sign(compareStatuses(left, right)) === Math.sign(RECOGNITION_STATUSES.indexOf(left) - RECOGNITION_STATUSES.indexOf(right))));
  });

  it('rolls criteria up: all recognised is recognised, none evidenced is a gap, anything missing is partial', () => {
    const roll = (statuses: RecognitionStatus[]): RecognitionStatus => {
      const counts = emptyCounts();
      for (const entry of statuses) {
        counts[entry]++;
        counts.total++;
      }
      return rollUpCounts(counts);
    };
    expect(roll(['recognised', 'recognised'])).toBe('recognised');
    expect(roll(['gap', 'gap'])).toBe('gap');
    expect(roll(['recognised', 'gap'])).toBe('partial');
    expect(roll(['recognised', 'refresh-due', 'recognised-pending-observation'])).toBe('refresh-due');
    expect(roll(['recognised', 'recognised-pending-observation'])).toBe('recognised-pending-observation');
    // A parent is never better than its worst criterion, and never a gap while something is evidenced.
    fc.assert(
      fc.property(fc.array(status, { minLength: 1, maxLength: 20 }), (statuses) => {
        const rolled = roll(statuses);
        const worst = statuses.reduce((least, entry) => (compareStatuses(entry, least) < 0 ? entry : least));
        expect(compareStatuses(rolled, worst)).toBeGreaterThanOrEqual(0);
        if (worst === 'gap' && statuses.some((entry) => entry !== 'gap')) expect(rolled).toBe('partial');
        if (rolled === 'recognised') expect(statuses.every((entry) => entry === 'recognised')).toBe(true);
      }),
    );
  });
});
