import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCarepassError } from './errors.js';
import { parseFramework, safeParseFramework, safeParseMicroQualification, safeParsePublication } from './validate.js';
import { frameworkArbitrary, sampleFramework, sampleMicroQualification } from '@carepass/test-support';

describe('safeParseFramework', () => {
  it('accepts a valid framework and returns it typed', () => {
    const result = safeParseFramework(sampleFramework());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.competencies).toHaveLength(2);
  });

  it('reports shape errors with a JSON path', () => {
    const framework = sampleFramework() as unknown as { competencies: { code: unknown }[] };
    (framework.competencies[0] as { code: unknown }).code = 7;
    const result = safeParseFramework(framework);
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'invalid_type', path: '$.competencies[0].code' }));
  });

  it('names unknown properties and points at extensions', () => {
    const result = safeParseFramework({ ...sampleFramework(), colour: 'blue' });
    expect(result.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path: '$' })]);
    expect(result.issues[0]?.message).toContain('"colour"');
  });

  it('reports a duplicate code where the second one is', () => {
    const framework = sampleFramework();
    framework.competencies[1] = { code: '1.1a', kind: 'standard', title: 'Duplicate' };
    const result = safeParseFramework(framework);
    expect(result.issues).toEqual([
      { code: 'duplicate_code', path: '$.competencies[1].code', message: 'code "1.1a" is already used at $.competencies[0].children[0].children[0].code' },
    ]);
  });

  it('reports validUntil before validFrom', () => {
    const result = safeParseFramework(sampleFramework({ validUntil: '2020-01-01' }));
    expect(result.issues.map((issue) => issue.code)).toEqual(['invalid_date_range']);
  });

  it('reports provenance citing an unknown source', () => {
    const framework = sampleFramework();
    framework.competencies[0]!.provenance = { confidence: 'confirmed', sources: ['S9'] };
    expect(safeParseFramework(framework).issues).toEqual([
      expect.objectContaining({ code: 'unresolved_reference', path: '$.competencies[0].provenance.sources[0]' }),
    ]);
  });

  it('reports local associations that resolve nowhere, and cycles', () => {
    const base = 'https://example.org/frameworks/induction/1.0/';
    const framework = sampleFramework({
      associations: [
        { type: 'precedes', origin: { uri: `${base}1` }, destination: { uri: `${base}2` } },
        { type: 'precedes', origin: { uri: `${base}2` }, destination: { uri: `${base}1` } },
        { type: 'isRelatedTo', origin: { uri: `${base}1` }, destination: { uri: `${base}99` } },
        { type: 'exactMatchOf', origin: { uri: `${base}1` }, destination: { uri: 'https://elsewhere.example/x' } },
      ],
    });
    const codes = safeParseFramework(framework).issues.map((issue) => `${issue.code} ${issue.path}`);
    expect(codes).toEqual(['unresolved_reference $.associations[2].destination.uri', 'reference_cycle $.associations']);
  });

  it('rejects a framework that supersedes itself', () => {
    expect(safeParseFramework(sampleFramework({ supersedes: 'induction@1.0' })).issues[0]?.code).toBe('reference_cycle');
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = safeParseFramework(value);
        expect(result.ok).toBe(false);
        for (const issue of result.issues) expect(issue.path.startsWith('$')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every generated framework', () => {
    fc.assert(fc.property(frameworkArbitrary(), (framework) => {
      expect(safeParseFramework(framework).issues).toEqual([]);
    }), { numRuns: 200 });
  });

  it('does not mutate its input', () => {
    const input = sampleFramework();
    const copy = structuredClone(input);
    safeParseFramework(input);
    expect(input).toEqual(copy);
  });
});

describe('parseFramework', () => {
  it('throws FRAMEWORK_INVALID carrying every issue', () => {
    try {
      parseFramework({ type: 'CompetencyFramework' });
      expect.unreachable();
    } catch (error) {
      expect(isCarepassError(error, 'FRAMEWORK_INVALID')).toBe(true);
      expect((error as { details: { issues: unknown[] } }).details.issues.length).toBeGreaterThan(3);
    }
  });
});

describe('safeParseMicroQualification', () => {
  it('accepts a valid micro-qualification', () => {
    expect(safeParseMicroQualification(sampleMicroQualification()).issues).toEqual([]);
  });

  it('requires at least one level scale', () => {
    const result = safeParseMicroQualification(sampleMicroQualification({ level: {} }));
    expect(result.issues).toEqual([expect.objectContaining({ path: '$.level' })]);
  });

  it('reports duplicate outcome codes', () => {
    const mq = sampleMicroQualification();
    mq.learningOutcomes.push({ ...mq.learningOutcomes[0]! });
    expect(safeParseMicroQualification(mq).issues).toEqual([expect.objectContaining({ code: 'duplicate_code', path: '$.learningOutcomes[1].code' })]);
  });
});

describe('safeParsePublication', () => {
  it('chooses the model by type and explains a missing type', () => {
    expect(safeParsePublication(sampleMicroQualification()).ok).toBe(true);
    expect(safeParsePublication(sampleFramework()).ok).toBe(true);
    expect(safeParsePublication([1, 2]).issues).toEqual([expect.objectContaining({ code: 'invalid_type', path: '$.type' })]);
  });
});
