// A micro-qualification authored in TypeScript: the type checks every field as you write it.
import type { MicroQualification } from '@carepass/frameworks';

/** Learning disability and autism awareness: fills the standard that is new in the 2025 Care Certificate. */
export const learningDisabilityAndAutismAwareness: MicroQualification = {
  type: 'MicroQualification',
  id: 'https://standards.example.org/micro-qualifications/learning-disability-and-autism-awareness/1',
  slug: 'learning-disability-and-autism-awareness',
  version: '1',
  title: 'Learning disability and autism awareness',
  description: 'What a learning disability and autism are, how they affect a person\'s experience of care, and the reasonable adjustments care workers make. Illustrative: authored by an example standards body.',
  awardingBody: { name: 'Example Sector Skills Body', url: 'https://standards.example.org/' },
  country: 'GB-ENG',
  language: 'en-GB',
  status: 'published',
  validFrom: '2026-09-01',
  learningOutcomes: [
    { code: 'LO1', statement: 'Describe what a learning disability is, and how it differs from a learning difficulty', competencies: ['care-certificate@2025#16'], assessmentMethod: 'knowledge' },
    { code: 'LO2', statement: 'Describe autism and how sensory and communication differences affect care', competencies: ['care-certificate@2025#16'], assessmentMethod: 'knowledge' },
    { code: 'LO3', statement: 'Make reasonable adjustments to care and support for autistic people and people with a learning disability', competencies: ['care-certificate@2025#16', 'care-certificate@2025#9.3'], assessmentMethod: 'workplace-observation' },
  ],
  workload: { hours: 3, ects: 0.1 },
  level: { rqf: 2, eqf: 3 },
  assessment: { type: 'mixed', description: 'An online knowledge check and one observed adjustment in the workplace.' },
  participation: { mode: 'blended', description: 'E-learning followed by a facilitated session co-delivered by people with lived experience.' },
  qualityAssurance: { type: 'external', body: 'Example Awarding Organisation', description: 'Assessment decisions are sampled by an external quality assurer each quarter.' },
  renewalMonths: 36,
  stackability: { towards: [{ ref: 'care-certificate@2025', description: 'Evidences standard 16 of the Care Certificate.' }] },
};
