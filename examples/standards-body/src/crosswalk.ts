// A crosswalk authored in TypeScript: how the Care Certificate counts for workers moving to Scotland,
// against the SSSC Code of Practice. Illustrative, and marked as an inference.
import type { Crosswalk } from '@carepass/portability';

/** Care Certificate 2025 → SSSC Code of Practice for Social Service Workers (2024). */
export const careCertificateToSsscCodes: Crosswalk = {
  type: 'Crosswalk',
  id: 'https://standards.example.org/crosswalks/care-certificate-2025-to-sssc-codes/1',
  slug: 'care-certificate-2025-to-sssc-codes',
  version: '1',
  title: 'Care Certificate (2025) to the SSSC Code of Practice for Social Service Workers',
  description: 'Where the Care Certificate evidences the conduct the SSSC Code of Practice expects, for workers moving from England to Scotland.',
  source: 'care-certificate@2025',
  target: 'sssc-codes-of-practice-workers@2024',
  publisher: { name: 'Example Sector Skills Body', url: 'https://standards.example.org/' },
  basis: 'inferred',
  assertedBy: 'Example Sector Skills Body curriculum panel',
  status: 'published',
  validFrom: '2026-09-01',
  mappings: [
    { from: ['4'], to: '1', relation: 'related', coverage: 0.5, justification: 'Equality, diversity, inclusion and human rights underpin protecting the rights of people who use services.' },
    { from: ['7'], to: '2', relation: 'related', coverage: 0.4, justification: 'Privacy and dignity build the trust and confidence the Code asks for.' },
    { from: ['10'], to: '3', relation: 'related', coverage: 0.6, justification: 'Adult safeguarding is how workers protect people from danger or harm.', conditions: { maxEvidenceAgeMonths: 36 } },
    { from: ['2'], to: '6', relation: 'related', coverage: 0.5, justification: 'Personal development is how workers maintain and improve their knowledge and skills.' },
    { from: ['1', '3'], to: '5', relation: 'related', coverage: 0.4, justification: 'Understanding the role together with the duty of care supports public trust in services.' },
  ],
};
