import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInPublications } from '../built-ins.js';
import type { Framework } from '../framework.js';
import type { MicroQualification } from '../micro-qualification.js';
import { createFrameworkRegistry } from '../registry.js';
import { indexFramework } from '../framework-index.js';
import { safeParseFramework } from '../validate.js';
import { frameworkArbitrary, sampleFramework } from '@carepass/test-support';
import { exportCasePackage, exportMicroQualificationCasePackage } from './export-case.js';
import { importCasePackage } from './import-case.js';

const VECTORS = join(import.meta.dirname, '../../../../fixtures/vectors/case');
const readVector = (name: string): unknown => JSON.parse(readFileSync(join(VECTORS, name), 'utf8'));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validateCase = ajv.compile(readVector('case-v1p1-cfpackage.schema.json') as object);

const frameworks = builtInPublications().filter((publication): publication is Framework => publication.type === 'CompetencyFramework');

function countNodes(framework: Framework): number {
  return indexFramework(framework).competencies.length;
}

describe('exportCasePackage', () => {
  it.each(frameworks.map((framework) => [`${framework.slug}@${framework.version}`, framework] as const))('exports %s valid against the official CASE 1.1 schema', (_ref, framework) => {
    const cfPackage = exportCasePackage(framework);
    expect(validateCase(cfPackage), JSON.stringify(validateCase.errors?.slice(0, 3))).toBe(true);
    expect(cfPackage.CFItems).toHaveLength(countNodes(framework));
    expect(cfPackage.CFAssociations.filter((association) => association.associationType === 'isChildOf')).toHaveLength(countNodes(framework));
  });

  it('is deterministic and schema-valid for any framework', () => {
    fc.assert(
      fc.property(frameworkArbitrary(), (framework) => {
        const first = JSON.stringify(exportCasePackage(framework));
        expect(JSON.stringify(exportCasePackage(structuredClone(framework)))).toBe(first);
        expect(validateCase(JSON.parse(first))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('derives identifiers from URIs (UUID v5) and orders siblings with sequenceNumber', () => {
    const cfPackage = exportCasePackage(sampleFramework());
    expect(cfPackage.CFDocument.identifier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const children = cfPackage.CFAssociations.filter((association) => association.destinationNodeURI.uri === 'https://example.org/frameworks/induction/1.0/1.1');
    expect(children.map((association) => [association.originNodeURI.uri.split('/').pop(), association.sequenceNumber])).toEqual([
      ['1.1a', 1],
      ['1.1b', 2],
    ]);
    expect(cfPackage.CFItems.find((item) => item.humanCodingScheme === '2')?.extensions).toEqual({ carepass: { assessmentMethod: 'practical-demonstration', renewalMonths: 12 } });
    expect(cfPackage.CFItems.find((item) => item.humanCodingScheme === '1.1')?.extensions).toEqual({ carepass: {} });
  });
});

describe('importCasePackage', () => {
  it('restores every built-in framework exactly from its export', () => {
    for (const framework of frameworks) {
      const result = importCasePackage(exportCasePackage(framework));
      expect(result.ok && result.report).toEqual([]);
      if (result.ok) expect(result.framework).toEqual(framework);
    }
  });

  it('round-trips any framework: export → import → the same framework', () => {
    fc.assert(
      fc.property(frameworkArbitrary(), (framework) => {
        const result = importCasePackage(exportCasePackage(framework));
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.framework).toEqual(framework);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips associations, explicit ids and extensions', () => {
    const base = 'https://example.org/frameworks/induction/1.0/';
    const framework = sampleFramework({
      extensions: { 'x-example': { note: 'kept' } },
      associations: [{ type: 'exactMatchOf', origin: { uri: `${base}1.1b` }, destination: { uri: 'https://other.example/items/42', title: 'Elsewhere' }, notes: 'same skill' }],
    });
    framework.competencies[1] = { ...framework.competencies[1]!, id: 'https://example.org/explicit/bls' };
    const result = importCasePackage(exportCasePackage(framework));
    expect(result.ok && result.framework).toEqual(framework);
  });

  it('keeps every item and association of the real OpenSALT packages', () => {
    for (const name of ['opensalt-what-standards-could-be-derived-ccss.json', 'opensalt-act-holistic-math-ordering.json', 'opensalt-markdown-latex-framework.json']) {
      const input = readVector(name) as { CFItems: unknown[]; CFAssociations: { associationType: string }[] };
      const result = importCasePackage(input);
      expect(result.ok, name).toBe(true);
      if (!result.ok) continue;
      expect(safeParseFramework(result.framework).ok).toBe(true);
      const nodes = countNodes(result.framework);
      expect(nodes, name).toBe(input.CFItems.length);
      expect(nodes + (result.framework.associations?.length ?? 0), name).toBe(input.CFAssociations.length);
    }
  });

  it('reports the quirks it mapped, with paths', () => {
    const result = importCasePackage(readVector('opensalt-what-standards-could-be-derived-ccss.json'));
    if (!result.ok) throw new Error('expected ok');
    const codes = new Set(result.report.map((note) => note.code));
    for (const code of ['timezone_assumed', 'number_coerced', 'moved_to_extensions', 'jurisdiction_unknown']) expect(codes).toContain(code);
    expect(result.report.every((note) => note.path.startsWith('$'))).toBe(true);
    const external = result.framework.associations?.filter((association) => association.type === 'exactMatchOf') ?? [];
    expect(external).toHaveLength(16);
  });

  it('keeps Markdown and LaTeX statements as they are', () => {
    const result = importCasePackage(readVector('opensalt-markdown-latex-framework.json'));
    expect(result.ok && JSON.stringify(result.framework)).toContain('$x^2$');
  });

  it('uses the options for slug, version and jurisdiction', () => {
    const result = importCasePackage(readVector('opensalt-act-holistic-math-ordering.json'), { slug: 'act-math', version: '2017', jurisdiction: ['US'] });
    expect(result.ok && [result.framework.slug, result.framework.version, result.framework.jurisdiction]).toEqual(['act-math', '2017', ['US']]);
  });

  it('turns an isChildOf cycle into top-level items with a note, never a hang', () => {
    const cfPackage = exportCasePackage(sampleFramework());
    const top = cfPackage.CFAssociations.find((association) => association.originNodeURI.uri.endsWith('/1'))!;
    top.destinationNodeURI = { ...cfPackage.CFAssociations.find((association) => association.originNodeURI.uri.endsWith('/1.1a'))!.originNodeURI };
    const result = importCasePackage(cfPackage);
    expect(result.ok && result.report.map((note) => note.code)).toContain('parent_cycle');
    expect(result.ok && countNodes(result.framework)).toBe(5);
  });

  it('refuses what is not a CASE package with JSON paths, whatever it is given', () => {
    expect(importCasePackage({ hello: 'world' })).toEqual({ ok: false, issues: [expect.objectContaining({ path: '$.CFDocument' })] });
    expect(importCasePackage({ CFDocument: { identifier: 'x', uri: 'urn:x', title: 'T' }, CFItems: [{ uri: 1 }] })).toMatchObject({ ok: false, issues: [{ path: '$.CFItems[0]' }] });
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = importCasePackage(value);
        if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses trees deeper than the limit and packages over the item limit', () => {
    const deep = { code: '0', kind: 'competency' as const, title: 'root', children: [] as Framework['competencies'] };
    let cursor = deep;
    for (let depth = 1; depth < 80; depth++) {
      const child = { code: String(depth), kind: 'competency' as const, title: `level ${depth}`, children: [] as Framework['competencies'] };
      cursor.children = [child];
      cursor = child;
    }
    delete (cursor as { children?: unknown }).children;
    const cfPackage = exportCasePackage(sampleFramework({ competencies: [deep] }));
    expect(importCasePackage(cfPackage)).toMatchObject({ ok: false, issues: [{ code: 'too_deep' }] });
    expect(importCasePackage(cfPackage, { maxItems: 10 })).toMatchObject({ ok: false, issues: [{ code: 'too_big' }] });
  });
});

describe('exportMicroQualificationCasePackage', () => {
  const registry = createFrameworkRegistry({ publications: builtInPublications() });
  const microQualifications = builtInPublications().filter((publication): publication is MicroQualification => publication.type === 'MicroQualification');

  it.each(microQualifications.map((mq) => [`${mq.slug}@${mq.version}`, mq] as const))('exports %s valid against the official CASE 1.1 schema, aligned to framework competencies', (_ref, mq) => {
    const cfPackage = exportMicroQualificationCasePackage(mq, (reference) => registry.findCompetency(reference));
    expect(validateCase(cfPackage), JSON.stringify(validateCase.errors?.slice(0, 3))).toBe(true);
    expect(cfPackage.CFItems.map((item) => item.humanCodingScheme)).toEqual(mq.learningOutcomes.map((outcome) => outcome.code));
    const related = cfPackage.CFAssociations.filter((association) => association.associationType === 'isRelatedTo');
    expect(related).toHaveLength(mq.learningOutcomes.reduce((sum, outcome) => sum + outcome.competencies.length, 0));
    for (const association of related) expect(association.destinationNodeURI.uri).toMatch(/^https:\/\/w3id\.org\/carepass\/frameworks\//u);
    expect(cfPackage.CFDocument.extensions?.carepass).toMatchObject({ workload: mq.workload, awardingBody: mq.awardingBody });
    expect(JSON.stringify(exportMicroQualificationCasePackage(structuredClone(mq), (reference) => registry.findCompetency(reference)))).toBe(JSON.stringify(cfPackage));
  });

  it('keeps references it cannot resolve as given', () => {
    const mq = microQualifications[0] as MicroQualification;
    const cfPackage = exportMicroQualificationCasePackage(mq);
    const related = cfPackage.CFAssociations.find((association) => association.associationType === 'isRelatedTo');
    expect(related?.destinationNodeURI.uri).toBe(mq.learningOutcomes[0]?.competencies[0]);
  });
});
