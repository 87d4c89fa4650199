import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_GAPS, knownGaps, README, readmeWithCoverage } from './data-report.mjs';

describe('the built-in data report', () => {
  it('the coverage table in packages/frameworks/data/README.md is what the data says (run npm run data:report)', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).toBe(readmeWithCoverage(text));
  });

  it('the known gaps file is what the audit finds (run npm run data:report)', () => {
    expect(JSON.parse(readFileSync(KNOWN_GAPS, 'utf8'))).toEqual(knownGaps());
  });
});
