import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphNode, GroupMapping, PathStep } from '../crosswalk/graph.js';
import { addMonths } from '../dates.js';
import { RecognitionPolicySchema } from '../policy.js';
import { betterSupport, combineSupports, compareTies, directSupport, type Support } from './support.js';

const policy = RecognitionPolicySchema.parse({ maxEvidenceAgeMonths: 60 });
const origin: GraphNode = { uri: 'urn:a', publication: 'a@1', code: '1', title: 'a', renewalMonths: 12, subtree: ['urn:a'], leaves: ['urn:a'] };
const item = (id: string, achievedAt: string) => ({ id, verification: 'verified' as const, trust: 'trusted' as const, competencies: ['a@1'], achievedAt });

describe('supports', () => {
  it('breaks ties by confidence, then recency, then smaller ids, then shorter paths, as one total order', () => {
    const tie = fc.tuple(fc.constantFrom(0.5, 0.9, 1), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(tie, tie, ([c1, t1, i1, s1], [c2, t2, i2, s2]) => {
        const forward = compareTies(c1, t1, i1, s1, c2, t2, i2, s2);
        const backward = compareTies(c2, t2, i2, s2, c1, t1, i1, s1);
        expect(Math.sign(forward) + Math.sign(backward)).toBe(0);
        if (forward === 0) expect([c1, t1, i1, s1]).toEqual([c2, t2, i2, s2]);
      }),
    );
    expect(compareTies(1, 0, 'b', 3, 0.9, 9, 'a', 0)).toBeGreaterThan(0);
    expect(compareTies(1, 5, 'b', 3, 1, 4, 'a', 0)).toBeGreaterThan(0);
    expect(compareTies(1, 5, 'a', 3, 1, 5, 'b', 0)).toBeGreaterThan(0);
    expect(compareTies(1, 5, 'a', 1, 1, 5, 'a', 2)).toBeGreaterThan(0);
  });

  it('lapses a direct support at the earliest of its expiry and the policy’s maximum age', () => {
    const achievedAt = Date.parse('2020-03-01');
    const support = directSupport(item('urn:1', '2020-03-01'), origin, achievedAt, Date.parse('2030-01-01'), policy);
    expect(support.lapsesAt).toBe(addMonths(achievedAt, 60));
    expect(support.confidence).toBe(1);
    const expiring = directSupport(item('urn:1', '2020-03-01'), origin, achievedAt, Date.parse('2021-01-01'), policy);
    expect(expiring.lapsesAt).toBe(Date.parse('2021-01-01'));
    expect(betterSupport(support, { ...support, confidence: 0.5 } as Support)).toBe(true);
  });

  it('combines the members of a group mapping: as weak, as old and as observed as the weakest member', () => {
    const step: PathStep = { crosswalk: 'cw', from: 'a@1', to: 'b@1', sourceCodes: ['1', '2'], targetCode: '1', relation: 'exact', coverage: 0.9, basis: 'inferred', justification: 'test' };
    const group: GroupMapping = { key: 'g', members: ['urn:a', 'urn:b'], to: 'urn:t', step };
    const older = directSupport(item('urn:1', '2019-01-01'), origin, Date.parse('2019-01-01'), undefined, policy);
    const newer = { ...directSupport(item('urn:2', '2021-01-01'), origin, Date.parse('2021-01-01'), undefined, policy), observed: false, trustFactor: 0.9 };
    const combined = combineSupports([older, newer], group, policy);
    expect(combined.evidence.map((entry) => entry.id)).toEqual(['urn:1', 'urn:2']);
    expect(combined.achievedAt).toBe(Date.parse('2019-01-01'));
    expect(combined.observed).toBe(false);
    expect(combined.coverage).toBeCloseTo(0.9);
    expect(combined.confidence).toBe(Math.round(0.9 * 0.9 * 0.9 * 100) / 100);
    expect(combined.steps.at(-1)).toBe(step);
  });
});
