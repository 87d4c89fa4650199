// Test-only helpers: small documents and fast-check arbitraries shared by this package's tests.
import fc from 'fast-check';
import type { Competency, Framework, MicroQualification } from '@carepass/frameworks';

/** A small, valid framework: two standards with outcomes and criteria. */
export function sampleFramework(overrides: Partial<Framework> = {}): Framework {
  return {
    type: 'CompetencyFramework',
    id: 'https://example.org/frameworks/induction/1.0',
    slug: 'induction',
    version: '1.0',
    title: 'Example induction',
    publisher: { name: 'Example Standards Body', url: 'https://example.org/' },
    jurisdiction: ['GB-ENG'],
    language: 'en-GB',
    status: 'published',
    validFrom: '2024-01-01',
    sources: [{ id: 'S1', title: 'Example source', url: 'https://example.org/source' }],
    competencies: [
      {
        code: '1',
        kind: 'standard',
        title: 'Hand hygiene',
        provenance: { confidence: 'confirmed', sources: ['S1'] },
        children: [
          {
            code: '1.1',
            kind: 'learning-outcome',
            title: 'Prevent the spread of infection',
            children: [
              { code: '1.1a', kind: 'assessment-criterion', title: 'Describe routes of infection', assessmentMethod: 'knowledge' },
              { code: '1.1b', kind: 'assessment-criterion', title: 'Demonstrate hand washing', assessmentMethod: 'workplace-observation' },
            ],
          },
        ],
      },
      { code: '2', kind: 'standard', title: 'Basic life support', assessmentMethod: 'practical-demonstration', renewalMonths: 12 },
    ],
    ...overrides,
  };
}

/** A small, valid micro-qualification that points at {@link sampleFramework}. */
export function sampleMicroQualification(overrides: Partial<MicroQualification> = {}): MicroQualification {
  return {
    type: 'MicroQualification',
    id: 'https://example.org/micro/hand-hygiene/1',
    slug: 'hand-hygiene',
    version: '1',
    title: 'Hand hygiene in practice',
    description: 'Short course on hand hygiene with an observed practical.',
    awardingBody: { name: 'Example Training Ltd' },
    country: 'GB-ENG',
    language: 'en-GB',
    status: 'published',
    validFrom: '2024-06-01',
    learningOutcomes: [{ code: 'LO1', statement: 'Wash hands effectively', competencies: ['induction@1.0#1.1b'] }],
    workload: { hours: 3, ects: 0.1 },
    level: { rqf: 2, eqf: 3 },
    assessment: { type: 'workplace-observation' },
    participation: { mode: 'blended' },
    qualityAssurance: { type: 'internal', description: 'Moderated by the provider' },
    ...overrides,
  };
}

const word = fc.stringMatching(/^[A-Za-z][A-Za-z ,'()-]{0,30}[A-Za-z]$/);

/** Arbitrary competency trees with unique codes (depth ≤ 3). */
export function competencyTreeArbitrary(): fc.Arbitrary<Competency[]> {
  const node = (prefix: string, depth: number): fc.Arbitrary<Competency[]> =>
    fc.integer({ min: depth === 0 ? 1 : 0, max: depth === 0 ? 4 : 3 }).chain((count) =>
      count === 0
        ? fc.constant([])
        : fc.tuple(
            ...Array.from({ length: count }, (_, index) => {
              const code = depth === 0 ? `${index + 1}` : depth === 1 ? `${prefix}.${index + 1}` : `${prefix}${String.fromCharCode(97 + index)}`;
              return fc
                .record(
                  {
                    title: word,
                    description: fc.option(word, { nil: undefined }),
                    assessmentMethod: fc.option(fc.constantFrom('knowledge', 'workplace-observation', 'practical-demonstration', 'training-record') as fc.Arbitrary<Competency['assessmentMethod']>, { nil: undefined }),
                    renewalMonths: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
                    notionalHours: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
                    children: depth < 2 ? node(code, depth + 1) : fc.constant([] as Competency[]),
                  },
                  { requiredKeys: ['title', 'children'] },
                )
                .map((fields): Competency => {
                  const competency: Competency = {
                    code,
                    kind: depth === 0 ? 'standard' : depth === 1 ? 'learning-outcome' : 'assessment-criterion',
                    title: fields.title,
                  };
                  if (fields.description !== undefined) competency.description = fields.description;
                  if (fields.assessmentMethod !== undefined) competency.assessmentMethod = fields.assessmentMethod;
                  if (fields.renewalMonths !== undefined) competency.renewalMonths = fields.renewalMonths;
                  if (fields.notionalHours !== undefined) competency.notionalHours = fields.notionalHours;
                  if (fields.children.length > 0) competency.children = fields.children;
                  return competency;
                });
            }),
          ),
    );
  return node('', 0);
}

/** Arbitrary valid frameworks, for round-trip properties. */
export function frameworkArbitrary(): fc.Arbitrary<Framework> {
  return fc
    .record({
      slug: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}$/),
      version: fc.stringMatching(/^[1-9][0-9]{0,3}(\.[0-9]{1,2}){0,2}$/),
      title: word,
      description: fc.option(word, { nil: undefined }),
      status: fc.constantFrom('draft', 'published', 'superseded') as fc.Arbitrary<Framework['status']>,
      validFrom: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
      competencies: competencyTreeArbitrary(),
    })
    .map(({ slug, version, title, description, status, validFrom, competencies }) => {
      const framework: Framework = {
        type: 'CompetencyFramework',
        id: `https://example.org/frameworks/${slug}/${version}`,
        slug,
        version,
        title,
        publisher: { name: 'Example Standards Body' },
        jurisdiction: ['GB'],
        language: 'en-GB',
        status,
        validFrom,
        competencies,
      };
      if (description !== undefined) framework.description = description;
      return framework;
    });
}
