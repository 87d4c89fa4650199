import { describe, expect, it } from 'vitest';
import { builtInPublications, builtInRegistry } from './built-ins.js';
import type { Competency, Framework } from './framework.js';
import { indexFramework } from './framework-index.js';
import { safeParsePublication } from './validate.js';

const registry = builtInRegistry();
const cc2015 = registry.getFramework('care-certificate@2015');
const cc2025 = registry.getFramework('care-certificate@2025');
const node = (framework: Framework, code: string): Competency => registry.resolveCompetency(`${framework.slug}@${framework.version}#${code}`).competency;

describe('built-in publications', () => {
  it('are each valid on their own and together', () => {
    for (const publication of builtInPublications()) expect(safeParsePublication(publication).issues).toEqual([]);
    expect(registry.list().length).toBe(builtInPublications().length);
  });

  it('give every node provenance that cites listed sources', () => {
    for (const publication of builtInPublications()) {
      expect(publication.provenance, publication.slug).toBeDefined();
      if (publication.type !== 'CompetencyFramework') continue;
      const known = new Set(publication.sources?.map((source) => source.id));
      for (const entry of indexFramework(publication).competencies) {
        expect(entry.competency.provenance, `${publication.slug}#${entry.competency.code}`).toBeDefined();
        for (const id of entry.competency.provenance?.sources ?? []) expect(known.has(id)).toBe(true);
      }
    }
  });

  it('never mark a node confirmed without citing a source', () => {
    for (const publication of builtInPublications()) {
      if (publication.type !== 'CompetencyFramework') continue;
      for (const entry of indexFramework(publication).competencies) {
        if (entry.competency.provenance?.confidence === 'confirmed') expect(entry.competency.provenance.sources?.length, entry.competency.code).toBeGreaterThan(0);
      }
    }
  });

  it('encode the Care Certificate 2015 as 15 standards and the 2025 revision as 16, superseding it', () => {
    expect(cc2015.competencies.map((standard) => standard.code)).toEqual(Array.from({ length: 15 }, (_, index) => String(index + 1)));
    expect(cc2025.competencies).toHaveLength(16);
    expect(cc2025.supersedes).toBe('care-certificate@2015');
    expect(cc2015.status).toBe('superseded');
    expect(registry.getFramework('care-certificate').version).toBe('2025');
    expect(registry.findCompetency('care-certificate@2015#16')).toBeUndefined();
    expect(node(cc2025, '16').title).toBe('Awareness of learning disability and autism');
  });

  it('record the facts the sources confirm', () => {
    expect(node(cc2015, '15.1b')).toMatchObject({ assessmentMethod: 'workplace-observation', provenance: { confidence: 'secondary' } });
    expect(node(cc2015, '15.1a').assessmentMethod).toBe('knowledge');
    expect(node(cc2015, '12').renewalMonths).toBe(12);
    expect(node(cc2015, '11.1a').appliesTo).toEqual(['health']);
    expect(node(cc2015, '11.1b').appliesTo).toEqual(['social-care']);
    expect(node(cc2025, '9').title).toBe('Awareness of mental health and dementia');
    expect(node(cc2025, '9.1').children?.map((criterion) => criterion.code)).toEqual(['9.1a', '9.1b', '9.1c', '9.1d', '9.1e']);
    expect(node(cc2025, '4').title).toBe('Equality, diversity, inclusion and human rights');
    const cstf = registry.getFramework('cstf-england@1.1');
    expect(cstf.competencies).toHaveLength(11);
    expect(node(cstf, 'fire-safety-l1')).toMatchObject({ renewalMonths: 24, provenance: { confidence: 'secondary' } });
    expect(registry.getFramework('level-2-adult-social-care-certificate').competencies).toHaveLength(15);
  });

  it('mark 2025 items carried over from 2015 as unconfirmed', () => {
    expect(node(cc2025, '15.1a').provenance?.confidence).toBe('unconfirmed');
    expect(node(cc2025, '15.1a').provenance?.note).toContain('Carried over from the 2015 standard');
  });

  it('give every micro-qualification the EU mandatory elements and real competency references', () => {
    const microQualifications = builtInPublications().filter((publication) => publication.type === 'MicroQualification');
    expect(microQualifications.length).toBeGreaterThanOrEqual(4);
    for (const mq of microQualifications) {
      expect(mq.status).toBe('draft');
      expect(mq.provenance?.confidence).toBe('inferred');
      expect(mq.workload.hours).toBeGreaterThan(0);
      for (const outcome of mq.learningOutcomes) for (const ref of outcome.competencies) expect(registry.findCompetency(ref), ref).toBeDefined();
    }
  });
});
