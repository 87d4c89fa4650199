import { describe, expect, it } from 'vitest';
import { isCarepassError } from './errors.js';
import { checkPublications, createFrameworkRegistry } from './registry.js';
import { sampleFramework, sampleMicroQualification } from '@carepass/test-support';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isCarepassError(error) ? error.code : 'not a CarepassError';
  }
}

describe('createFrameworkRegistry', () => {
  const v1 = sampleFramework();
  const v2 = sampleFramework({ id: 'https://example.org/frameworks/induction/2.0', version: '2.0', validFrom: '2025-01-01', supersedes: 'induction@1.0' });
  const draft = sampleFramework({ id: 'https://example.org/frameworks/induction/3.0', version: '3.0', validFrom: '2026-01-01', status: 'draft' });
  const registry = createFrameworkRegistry({ publications: [v2, draft, v1, sampleMicroQualification()] });

  it('lists publications by slug then version, marking the latest', () => {
    expect(registry.list().map((entry) => `${entry.ref} ${entry.type} ${entry.size} ${entry.latest}`)).toEqual([
      'hand-hygiene@1 MicroQualification 1 true',
      'induction@1.0 CompetencyFramework 5 false',
      'induction@2.0 CompetencyFramework 5 false',
      'induction@3.0 CompetencyFramework 5 true',
    ]);
  });

  it('gets the latest non-draft version when none is given', () => {
    expect(registry.getFramework('induction').version).toBe('2.0');
    expect(registry.getFramework('induction@3.0').status).toBe('draft');
    expect(registry.get('https://example.org/frameworks/induction/1.0').version).toBe('1.0');
  });

  it('resolves competencies by reference and by URI, with ancestors', () => {
    const byRef = registry.resolveCompetency('induction@1.0#1.1b');
    expect(byRef.uri).toBe('https://example.org/frameworks/induction/1.0/1.1b');
    expect(byRef.ancestors.map((node) => node.code)).toEqual(['1', '1.1']);
    expect(registry.resolveCompetency(byRef.uri).ref).toBe('induction@1.0#1.1b');
    expect(registry.resolveCompetency('induction#2').framework.version).toBe('2.0');
  });

  it('throws coded errors for what is not there', () => {
    expect(codeOf(() => registry.get('nursing'))).toBe('FRAMEWORK_NOT_FOUND');
    expect(codeOf(() => registry.get('induction@9'))).toBe('FRAMEWORK_NOT_FOUND');
    expect(codeOf(() => registry.get('Not A Ref'))).toBe('REFERENCE_INVALID');
    expect(codeOf(() => registry.resolveCompetency('induction@1.0#7'))).toBe('COMPETENCY_NOT_FOUND');
    expect(codeOf(() => registry.resolveCompetency('induction@1.0'))).toBe('REFERENCE_INVALID');
    expect(codeOf(() => registry.getFramework('hand-hygiene'))).toBe('FRAMEWORK_NOT_FOUND');
    expect(registry.findCompetency('https://nowhere.example/x')).toBeUndefined();
  });

  it('refuses duplicates and invalid documents with coded errors', () => {
    expect(codeOf(() => createFrameworkRegistry({ publications: [v1, v1] }))).toBe('FRAMEWORK_DUPLICATE');
    expect(codeOf(() => createFrameworkRegistry({ publications: [{ type: 'CompetencyFramework' }] }))).toBe('FRAMEWORK_INVALID');
  });
});

describe('checkPublications', () => {
  it('reports micro-qualification references that resolve nowhere', () => {
    const mq = sampleMicroQualification({ learningOutcomes: [{ code: 'LO1', statement: 'x', competencies: ['induction@1.0#9.9'] }] });
    expect(checkPublications([sampleFramework(), mq])).toEqual([
      expect.objectContaining({ code: 'unresolved_reference', path: '$.learningOutcomes[0].competencies[0]', ref: `${mq.slug}@${mq.version}` }),
    ]);
  });

  it('reports supersedes links that are missing, out of order or cyclic', () => {
    const a = sampleFramework({ supersedes: 'induction@2.0' });
    const b = sampleFramework({ id: 'https://example.org/frameworks/induction/2.0', version: '2.0', supersedes: 'induction@1.0' });
    expect(checkPublications([a, b]).map((issue) => issue.code)).toEqual(['invalid_version_order', 'reference_cycle', 'reference_cycle']);
    expect(checkPublications([sampleFramework({ supersedes: 'other@1' })]).map((issue) => issue.code)).toEqual(['unresolved_reference']);
  });
});
