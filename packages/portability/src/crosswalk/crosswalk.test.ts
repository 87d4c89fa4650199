import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInRegistry, exportCasePackage, isCarepassError } from '@carepass/frameworks';
import { builtInCrosswalks } from './built-ins.js';
import { type Crosswalk, parseCrosswalk, safeParseCrosswalk } from './crosswalk.js';
import { crosswalkToCaseAssociations, crosswalkToSssomTsv } from './export.js';

const registry = builtInRegistry();
const crosswalks = builtInCrosswalks();
const byRef = (source: string, target: string): Crosswalk => {
  const found = crosswalks.find((crosswalk) => crosswalk.source === source && crosswalk.target === target);
  if (!found) throw new Error(`no built-in crosswalk ${source} → ${target}`);
  return found;
};

const small = (): Crosswalk => ({
  type: 'Crosswalk',
  id: 'https://example.org/crosswalks/test/1',
  slug: 'test',
  version: '1',
  title: 'Test',
  source: 'care-certificate@2015',
  target: 'care-certificate@2025',
  publisher: { name: 'Example Standards Body' },
  basis: 'official',
  assertedBy: 'Example Standards Body',
  status: 'published',
  validFrom: '2026-01-01',
  mappings: [
    { from: ['1.1a'], to: '1.1a', relation: 'exact', coverage: 1, justification: 'Same criterion.' },
    { from: ['12', '13'], to: '13', relation: 'narrow', coverage: 0.9, justification: 'Both together.', conditions: { maxEvidenceAgeMonths: 24, requiredAssessment: ['workplace-observation'] } },
  ],
});

describe('built-in crosswalks', () => {
  it('all validate against the built-in frameworks, every reference resolving', () => {
    expect(crosswalks.length).toBeGreaterThanOrEqual(7);
    for (const crosswalk of crosswalks) {
      const result = safeParseCrosswalk(crosswalk, { registry });
      expect(result.issues, crosswalk.id).toEqual([]);
    }
  });

  it('are honest about their basis: inferred ones say so, and every mapping says why', () => {
    for (const crosswalk of crosswalks) {
      expect(['official', 'inferred']).toContain(crosswalk.basis);
      if (crosswalk.basis === 'inferred') expect(crosswalk.provenance?.confidence).toBe('inferred');
      for (const mapping of crosswalk.mappings) expect(mapping.justification.length).toBeGreaterThan(10);
    }
  });

  it('cover the Care Certificate 2015 → 2025 change: every 2015 standard maps, and the new standard 16 only in part', () => {
    const crosswalk = byRef('care-certificate@2015', 'care-certificate@2025');
    const standards2015 = registry.getFramework('care-certificate@2015').competencies.map((standard) => standard.code);
    const sourceStandards = new Set(crosswalk.mappings.flatMap((mapping) => mapping.from.map((code) => code.split('.')[0])));
    for (const code of standards2015) expect(sourceStandards, `standard ${code}`).toContain(code);
    const into16 = crosswalk.mappings.filter((mapping) => mapping.to === '16' || mapping.to.startsWith('16.'));
    expect(into16).toEqual([expect.objectContaining({ from: ['9.1'], relation: 'related' })]);
    expect(into16[0]?.coverage).toBeLessThan(0.5);
  });

  it('include both directions between the Care Certificate and the Level 2 certificate and CSTF, and the devolved nations', () => {
    for (const [source, target] of [
      ['care-certificate@2025', 'level-2-adult-social-care-certificate@2024'],
      ['level-2-adult-social-care-certificate@2024', 'care-certificate@2025'],
      ['cstf-england@1.1', 'care-certificate@2025'],
      ['care-certificate@2025', 'cstf-england@1.1'],
      ['care-certificate@2025', 'all-wales-induction-framework@2018'],
      ['care-certificate@2025', 'ni-induction-standards@1'],
    ] as const) {
      expect(byRef(source, target).mappings.length).toBeGreaterThan(0);
    }
  });
});

describe('safeParseCrosswalk', () => {
  it('accepts a valid crosswalk and returns it typed', () => {
    const result = safeParseCrosswalk(small(), { registry });
    expect(result.ok).toBe(true);
    expect(parseCrosswalk(small(), { registry }).mappings).toHaveLength(2);
  });

  it('says where an unresolved code is, as a JSON path', () => {
    const crosswalk = small();
    crosswalk.mappings[1] = { ...(crosswalk.mappings[1] as Crosswalk['mappings'][number]), from: ['12', '99.9z'], to: '77' };
    const result = safeParseCrosswalk(crosswalk, { registry });
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => issue.path)).toEqual(['$.mappings[1].from[1]', '$.mappings[1].to']);
    expect(result.issues[0]?.message).toContain('care-certificate@2015 has no 99.9z');
  });

  it('refuses unknown frameworks, duplicate mappings, and out-of-range coverage', () => {
    const unknown = safeParseCrosswalk({ ...small(), target: 'no-such-framework@1' }, { registry });
    expect(unknown.issues[0]).toMatchObject({ code: 'unresolved_reference', path: '$.target' });
    const duplicate = small();
    duplicate.mappings.push({ from: ['13', '12'], to: '13', relation: 'close', coverage: 0.5, justification: 'Again.' });
    expect(safeParseCrosswalk(duplicate, { registry }).issues[0]).toMatchObject({ code: 'duplicate_mapping', path: '$.mappings[2]' });
    const coverage = small() as unknown as { mappings: { coverage: number }[] };
    (coverage.mappings[0] as { coverage: number }).coverage = 1.5;
    expect(safeParseCrosswalk(coverage, { registry }).issues[0]?.path).toBe('$.mappings[0].coverage');
  });

  it('checks shape without a registry, and never throws on arbitrary input', () => {
    expect(safeParseCrosswalk({ ...small(), target: 'no-such-framework@1' }).ok).toBe(true);
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const result = safeParseCrosswalk(input, { registry });
        expect(result.ok).toBe(false);
        for (const issue of result.issues) expect(issue.path.startsWith('$')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('parseCrosswalk throws a coded error carrying every issue', () => {
    let thrown: unknown;
    try {
      parseCrosswalk({ ...small(), mappings: [] }, { registry });
    } catch (error) {
      thrown = error;
    }
    expect(isCarepassError(thrown) && thrown.code).toBe('CROSSWALK_INVALID');
    expect(isCarepassError(thrown) && (thrown.details as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });
});

describe('crosswalkToSssomTsv', () => {
  it('writes a metadata header and one row per source competency with SKOS predicates', () => {
    const tsv = crosswalkToSssomTsv(small(), registry);
    const lines = tsv.trimEnd().split('\n');
    expect(lines[0]).toBe('# mapping_set_id: https://example.org/crosswalks/test/1');
    const rows = lines.filter((line) => !line.startsWith('#'));
    expect(rows[0]?.split('\t')).toEqual(['subject_id', 'subject_label', 'predicate_id', 'object_id', 'object_label', 'mapping_justification', 'confidence', 'author_label', 'comment']);
    expect(rows).toHaveLength(1 + 3);
    const [first, second] = rows.slice(1).map((row) => row.split('\t'));
    expect(first?.[0]).toBe('https://w3id.org/carepass/frameworks/care-certificate/2015/1.1a');
    expect(first?.[2]).toBe('skos:exactMatch');
    expect(first?.[5]).toBe('semapv:ManualMappingCuration');
    expect(second?.[2]).toBe('skos:narrowMatch');
    expect(second?.[6]).toBe('0.9');
    expect(second?.[8]).toContain('Required together with 13');
  });

  it('keeps every row nine cells long whatever the justification holds', () => {
    fc.assert(
      fc.property(fc.string(), (justification) => {
        const crosswalk = small();
        (crosswalk.mappings[0] as { justification: string }).justification = `x${justification}`;
        const rows = crosswalkToSssomTsv(crosswalk, registry).trimEnd().split('\n').filter((line) => !line.startsWith('#'));
        expect(rows).toHaveLength(4);
        for (const row of rows) expect(row.split('\t')).toHaveLength(9);
      }),
    );
  });
});

describe('crosswalkToCaseAssociations', () => {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../fixtures/vectors/case/case-v1p1-cfpackage.schema.json'), 'utf8')) as object;
  const validateCase = ajv.compile(schema);

  it('gives associations the official CASE 1.1 schema accepts, with what CASE cannot say under extensions', () => {
    const crosswalk = byRef('care-certificate@2015', 'care-certificate@2025');
    const associations = crosswalkToCaseAssociations(crosswalk, registry);
    expect(associations).toHaveLength(crosswalk.mappings.reduce((sum, mapping) => sum + mapping.from.length, 0));
    const cfPackage = exportCasePackage(registry.getFramework('care-certificate@2015'));
    const withCrosswalk = { ...cfPackage, CFAssociations: [...cfPackage.CFAssociations, ...associations] };
    expect(validateCase(withCrosswalk), JSON.stringify(validateCase.errors?.slice(0, 3))).toBe(true);
    const first = associations[0];
    expect(first?.associationType).toBe('exactMatchOf');
    expect(first?.extensions?.carepass).toMatchObject({ relation: 'exact', coverage: 1, basis: 'inferred' });
  });

  it('is deterministic, and marks multi-source mappings and conditions', () => {
    expect(JSON.stringify(crosswalkToCaseAssociations(small(), registry))).toBe(JSON.stringify(crosswalkToCaseAssociations(structuredClone(small()), registry)));
    const associations = crosswalkToCaseAssociations(small(), registry);
    expect(associations).toHaveLength(3);
    expect(associations[1]?.associationType).toBe('isRelatedTo');
    expect(associations[1]?.extensions?.carepass).toMatchObject({ from: ['12', '13'], conditions: { maxEvidenceAgeMonths: 24 } });
    expect(new Set(associations.map((association) => association.identifier)).size).toBe(3);
  });
});
