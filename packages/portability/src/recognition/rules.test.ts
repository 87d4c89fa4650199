import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssessmentMethod } from '@carepass/frameworks';
import type { GraphNode, PathStep } from '../crosswalk/graph.js';
import { addMonths } from '../dates.js';
import { RecognitionPolicySchema } from '../policy.js';
import { rateSupport, satisfies, type SupportVerdict } from './rules.js';
import { RECOGNITION_STATUSES, STATUS_RANK } from './status.js';
import { finishSupport, type Support } from './support.js';
import type { LeafInfo } from './target.js';

const METHODS: AssessmentMethod[] = ['knowledge', 'workplace-observation', 'knowledge-and-observation', 'practical-demonstration', 'training-record'];
const DAY = 86_400_000;
const BASE = Date.parse('2016-01-15');

const node = (method?: AssessmentMethod): GraphNode => ({ uri: 'urn:x', publication: 'x@1', code: '1.1a', title: 'x', method, subtree: ['urn:x'], leaves: ['urn:x'] });
const step = (basis: 'official' | 'inferred'): PathStep => ({ crosswalk: 'cw', from: 'a@1', to: 'b@1', sourceCodes: ['1'], targetCode: '1', relation: 'exact', coverage: 1, basis, justification: 'test' });
const leaf = (requiresObservation: boolean, renewalMonths?: number): LeafInfo => ({ index: 0, node: node(), kind: 'assessment-criterion', renewalMonths, hours: 0.5, requiresObservation });

const arbitrarySupport = fc.record({
  observed: fc.boolean(),
  method: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
  origin: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
  ageDays: fc.integer({ min: 0, max: 4000 }),
  validDays: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  sourceRenewalMonths: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  maxAgeMonths: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  required: fc.array(fc.array(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 2 }), { maxLength: 2 }),
  coverage: fc.double({ min: 0, max: 1, noNaN: true }),
  steps: fc.array(fc.constantFrom<'official' | 'inferred'>('official', 'inferred'), { maxLength: 3 }),
  trust: fc.constantFrom(1, 0.9, 0.6),
});

type SupportInput = typeof arbitrarySupport extends fc.Arbitrary<infer T> ? T : never;

function build(input: SupportInput, policy: ReturnType<typeof RecognitionPolicySchema.parse>): Support {
  const achievedAt = BASE - input.ageDays * DAY;
  return finishSupport(
    {
      evidence: [{ id: 'urn:e', verification: 'verified', trust: 'trusted', competencies: ['x@1'], achievedAt: new Date(achievedAt).toISOString(), ...(input.method ? { assessmentMethod: input.method } : {}) }],
      origin: node(input.origin),
      observed: input.observed,
      achievedAt,
      validUntil: input.validDays === undefined ? undefined : achievedAt + input.validDays * DAY,
      sourceRenewalMonths: input.sourceRenewalMonths,
      maxAgeMonths: input.maxAgeMonths,
      requiredAssessment: input.required,
      coverage: input.coverage,
      steps: input.steps.map(step),
      trustFactor: input.trust,
    },
    policy,
  );
}

describe('rateSupport', () => {
  it('decides the same status whether or not it is asked why (fast and explained paths agree)', () => {
    fc.assert(
      fc.property(
        arbitrarySupport,
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        fc.record({ requireReobservation: fc.boolean(), minimumCoverage: fc.double({ min: 0, max: 1, noNaN: true }), maxEvidenceAgeMonths: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) }),
        (input, requiresObservation, renewalMonths, policyInput) => {
          const policy = RecognitionPolicySchema.parse(policyInput);
          const support = build(input, policy);
          const target = leaf(requiresObservation, renewalMonths);
          const verdict: SupportVerdict = { reasons: [] };
          const fast = rateSupport(support, target, BASE, policy);
          const explained = rateSupport(support, target, BASE, policy, verdict);
          expect(explained).toBe(fast);
          // What the reasons say agrees with the status.
          if (fast === STATUS_RANK['refresh-due']) {
            expect(verdict.lapsedOn).toBeLessThanOrEqual(BASE);
            expect(verdict.reasons.some((reason) => reason === 'renewal-lapsed' || reason === 'evidence-expired' || reason === 'evidence-too-old')).toBe(true);
          }
          if (fast === STATUS_RANK.recognised) expect(verdict.reasons).not.toContain('not-observed');
          if (fast === STATUS_RANK['recognised-pending-observation']) expect(verdict.reasons.some((reason) => reason === 'not-observed' || reason === 'reobservation-required')).toBe(true);
          expect(new Set(verdict.reasons).size).toBe(verdict.reasons.length);
          expect(verdict.reasons[0]).toBe(input.steps.length === 0 ? 'direct' : 'crosswalk');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('makes training from ten years ago due a refresher where the criterion has a renewal period', () => {
    const policy = RecognitionPolicySchema.parse({});
    const support = build({ observed: true, method: undefined, origin: undefined, ageDays: 3650, validDays: undefined, sourceRenewalMonths: undefined, maxAgeMonths: undefined, required: [], coverage: 1, steps: [], trust: 1 }, policy);
    const verdict: SupportVerdict = { reasons: [] };
    expect(RECOGNITION_STATUSES[rateSupport(support, leaf(false, 12), BASE, policy, verdict)]).toBe('refresh-due');
    expect(verdict.reasons).toEqual(['direct', 'renewal-lapsed']);
    expect(verdict.lapsedOn).toBe(addMonths(support.achievedAt, 12));
    expect(RECOGNITION_STATUSES[rateSupport(support, leaf(false), BASE, policy)]).toBe('recognised');
  });

  it('gives nothing for partial evidence that has also lapsed, and partial while it is current', () => {
    const policy = RecognitionPolicySchema.parse({});
    const old = build({ observed: true, method: undefined, origin: undefined, ageDays: 3650, validDays: undefined, sourceRenewalMonths: undefined, maxAgeMonths: undefined, required: [], coverage: 0.5, steps: ['official'], trust: 1 }, policy);
    expect(rateSupport(old, leaf(false, 12), BASE, policy)).toBe(-1);
    expect(rateSupport(old, leaf(false), BASE, policy)).toBe(STATUS_RANK.partial);
  });

  it('asks for observation of an observed criterion reached through a crosswalk without observation', () => {
    const policy = RecognitionPolicySchema.parse({ requireReobservation: false });
    const support = build({ observed: false, method: undefined, origin: undefined, ageDays: 10, validDays: undefined, sourceRenewalMonths: undefined, maxAgeMonths: undefined, required: [], coverage: 1, steps: ['official'], trust: 1 }, policy);
    const verdict: SupportVerdict = { reasons: [] };
    expect(RECOGNITION_STATUSES[rateSupport(support, leaf(true), BASE, policy, verdict)]).toBe('recognised-pending-observation');
    expect(verdict.reasons).toEqual(['crosswalk', 'not-observed']);
  });
});

describe('satisfies', () => {
  it('accepts a practical demonstration for a demonstration, but only observation for observation', () => {
    expect(satisfies(false, 'practical-demonstration', 'practical-demonstration')).toBe(true);
    expect(satisfies(false, 'practical-demonstration', 'workplace-observation')).toBe(false);
    expect(satisfies(true, undefined, 'knowledge-and-observation')).toBe(true);
    expect(satisfies(false, undefined, 'knowledge')).toBe(true);
  });
});
