import { describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { builtInAscWdsTrainingFormat, formatTrainingMatrixAscWds } from './asc-wds.js';
import type { TrainingMatrix } from './training-matrix.js';
import { builtInTrainingTopics } from './training-topics.js';

const matrix: TrainingMatrix = {
  asOf: '2026-11-28',
  dueWithinDays: 30,
  topics: [
    { id: 'basic-life-support', title: 'Basic life support', renewalMonths: 12, ascWdsCategory: 'Basic life support and first aid' },
    { id: 'fire-safety', title: 'Fire safety, "the basics"', renewalMonths: 12, ascWdsCategory: 'Fire safety' },
    { id: 'local-topic', title: 'A topic of our own', renewalMonths: null, ascWdsCategory: null },
  ],
  workers: [
    {
      subject: 'did:example:naomi',
      entries: [
        { topic: 'basic-life-support', title: 'Basic life support', status: 'current', completed: '2026-11-01', expires: '2027-11-01', evidence: { id: 'urn:uuid:1', source: 'a.json' } },
        { topic: 'fire-safety', title: 'Fire safety, "the basics"', status: 'missing', completed: null, expires: null, evidence: null },
        { topic: 'local-topic', title: 'A topic of our own', status: 'current', completed: '2026-01-05', expires: null, evidence: { id: 'urn:uuid:2', source: 'b.json' } },
      ],
    },
    { subject: `did:key:z6Mk${'x'.repeat(60)}`, entries: [{ topic: 'fire-safety', title: 'Fire safety, "the basics"', status: 'expired', completed: '2020-02-29', expires: '2021-02-28', evidence: { id: 'urn:uuid:3', source: 'c.json' } }] },
  ],
  rejected: [],
};

describe('the ASC-WDS training file', () => {
  it('maps every built-in training topic to an ASC-WDS category code', () => {
    const codes = new Map(builtInAscWdsTrainingFormat().categories.map((category) => [category.name, category.code]));
    for (const topic of builtInTrainingTopics().topics) expect(codes.get(topic.ascWdsCategory ?? ''), topic.id).toBeGreaterThan(0);
    expect(codes.get('Oliver McGowan Mandatory Training (Tier 1)')).toBe(42);
  });

  it('writes one row per worker and evidenced topic, with the category code and DD/MM/YYYY dates', () => {
    const file = formatTrainingMatrixAscWds(matrix, { workplace: 'W1234', workerIds: { [matrix.workers[1]?.subject ?? '']: 'SAM-7' } });
    const rows = file.csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe(builtInAscWdsTrainingFormat().header);
    expect(rows.slice(1)).toEqual(['W1234,did:example:naomi,7,Basic life support,,,,,,01/11/2026,01/11/2027,Carepass: verified credential urn:uuid:1', 'W1234,SAM-7,6,"Fire safety, ""the basics""",,,,,,29/02/2020,28/02/2021,Carepass: verified credential urn:uuid:3']);
    expect(file.rows).toBe(2);
    expect(file.skipped).toEqual([{ subject: 'did:example:naomi', topic: 'local-topic', reason: 'the topic local-topic has no ASC-WDS training category' }]);
  });

  it('leaves out a worker whose id ASC-WDS cannot take, and refuses a bad workplace reference', () => {
    const file = formatTrainingMatrixAscWds(matrix, { workplace: 'W1234' });
    expect(file.skipped.map((skipped) => skipped.subject)).toContain(matrix.workers[1]?.subject);
    expect(file.csv).not.toContain('did:key');
    for (const workplace of ['', ' ', 'W'.repeat(51)]) {
      let caught: unknown;
      try {
        formatTrainingMatrixAscWds(matrix, { workplace });
      } catch (error) {
        caught = error;
      }
      expect(isCarepassError(caught) && caught.code).toBe('INVALID_ARGUMENT');
    }
  });
});
