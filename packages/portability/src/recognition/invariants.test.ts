import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectLeaves, compareStatuses, createRecognitionEngine, type EvidenceInput, type RecognitionReport, RECOGNITION_STATUSES } from '../index.js';
import { AS_OF, careCertificate2016 } from '@carepass/test-support';

const cc2025 = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF } });

// Property-based invariants over evidence drawn from a pool that spans frameworks, dates, trust,
// verification and assessment methods.
const pool: EvidenceInput[] = [
  careCertificate2016,
  { ...careCertificate2016, id: 'urn:cc2015-2019', achievedAt: '2019-05-05', trust: 'not-checked' },
  { id: 'urn:cc2025-12', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#12'], achievedAt: '2026-04-01' },
  { id: 'urn:cc2025-16', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#16'], achievedAt: '2025-09-01', assessmentMethod: 'knowledge' },
  { id: 'urn:cc2025-1', verification: 'verified', trust: 'untrusted', competencies: ['care-certificate@2025#1'], achievedAt: '2025-09-01' },
  { id: 'urn:cstf-fire', verification: 'verified', trust: 'trusted', competencies: ['cstf-england@1.1#fire-safety-l1'], achievedAt: '2025-02-01' },
  { id: 'urn:cstf-edhr', verification: 'verified', trust: 'trusted', competencies: ['cstf-england@1.1#equality-diversity-human-rights-l1'], achievedAt: '2021-02-01' },
  { id: 'urn:l2', verification: 'verified', trust: 'trusted', competencies: ['level-2-adult-social-care-certificate@2024'], achievedAt: '2025-01-01' },
  { id: 'urn:mca', verification: 'verified', trust: 'trusted', competencies: ['mental-capacity-act-in-practice@1'], achievedAt: '2026-01-01' },
  { id: 'urn:expired', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#15'], achievedAt: '2023-01-01', validUntil: '2024-01-01' },
  { id: 'claim:1', verification: 'self-declared', competencies: ['care-certificate@2025#10'], achievedAt: '2024-01-01' },
  { id: 'claim:2', verification: 'unverified', competencies: ['care-certificate@2025'], achievedAt: '2024-01-01' },
];
const subset = fc.subarray(pool);
const statusesOf = (report: RecognitionReport): Map<string, string> => new Map(collectLeaves(report.standards).map((leaf) => [leaf.uri, leaf.status]));
const engines = [cc2025, createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, requireReobservation: false, acceptUntrusted: true } }), createRecognitionEngine({ target: 'level-2-adult-social-care-certificate@2024', policy: { asOf: AS_OF } })];
const engineIndex = fc.integer({ min: 0, max: engines.length - 1 });

describe('invariants (property-based)', () => {
  it('adding evidence never lowers the status of any criterion or standard', () => {
    fc.assert(
      fc.property(engineIndex, subset, fc.constantFrom(...pool), (which, base, extra) => {
        const engine = engines[which] as (typeof engines)[number];
        const before = engine.assess(base);
        const after = engine.assess([...base, extra]);
        const beforeStatuses = statusesOf(before);
        for (const [uri, status] of statusesOf(after)) expect(compareStatuses(status as never, beforeStatuses.get(uri) as never)).toBeGreaterThanOrEqual(0);
        before.standards.forEach((entry, index) => expect(compareStatuses(after.standards[index]?.status ?? 'gap', entry.status)).toBeGreaterThanOrEqual(0));
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic: any order of the same evidence gives the same report', () => {
    fc.assert(
      fc.property(engineIndex, subset, fc.integer(), (which, evidence, seed) => {
        const engine = engines[which] as (typeof engines)[number];
        const shuffled = [...evidence].sort((left, right) => ((left.id.length * 31 + seed) % 7) - ((right.id.length * 31 + seed) % 7) || (left.id < right.id ? 1 : -1));
        expect(JSON.stringify(engine.assess(shuffled))).toBe(JSON.stringify(engine.assess(evidence)));
      }),
      { numRuns: 40 },
    );
  });

  it('claims never change a decision, and never recognise anything on their own', () => {
    fc.assert(
      fc.property(engineIndex, subset, (which, evidence) => {
        const engine = engines[which] as (typeof engines)[number];
        const verified = evidence.filter((item) => item.verification === 'verified');
        expect([...statusesOf(engine.assess(evidence))]).toEqual([...statusesOf(engine.assess(verified))]);
        const claimsOnly = evidence.filter((item) => item.verification !== 'verified');
        for (const status of statusesOf(engine.assess(claimsOnly)).values()) expect(status).toBe('gap');
      }),
      { numRuns: 40 },
    );
  });

  it('expired or lapsed evidence is never current: alone, it gives only refreshers or gaps', () => {
    fc.assert(
      fc.property(engineIndex, fc.constantFrom(...pool.filter((item) => item.verification === 'verified')), fc.integer({ min: 1, max: 48 }), (which, item, months) => {
        const engine = engines[which] as (typeof engines)[number];
        const until = new Date(Date.parse(AS_OF) - months * 30 * 86_400_000).toISOString().slice(0, 10);
        const expired = { ...item, achievedAt: '2015-01-01', validUntil: until };
        for (const status of statusesOf(engine.assess([expired])).values()) expect(['refresh-due', 'gap']).toContain(status);
      }),
      { numRuns: 40 },
    );
  });

  it('the summary agrees with the full report', () => {
    fc.assert(
      fc.property(engineIndex, subset, (which, evidence) => {
        const engine = engines[which] as (typeof engines)[number];
        const full = engine.assess(evidence);
        const summary = engine.summarise(evidence);
        expect(summary.summary).toEqual(full.summary);
        expect(summary.standards.map((entry) => [entry.code, entry.status, entry.counts])).toEqual(full.standards.map((entry) => [entry.code, entry.status, entry.counts]));
      }),
      { numRuns: 40 },
    );
  });

  it('every status is one of the five, and statuses are totally ordered', () => {
    const report = cc2025.assess(pool);
    for (const status of statusesOf(report).values()) expect(RECOGNITION_STATUSES).toContain(status);
    expect(RECOGNITION_STATUSES.map((status, index) => compareStatuses(status, RECOGNITION_STATUSES[Math.max(0, index - 1)] ?? status) >= 0)).not.toContain(false);
  });
});
