// Test-only: the seed's worker and the assessment date the recognition tests share.
import type { EvidenceInput } from '@carepass/portability';

/** The date the recognition tests assess at. */
export const AS_OF = '2026-11-23';

/** The seed's worker: the whole Care Certificate (2015 standards), from a previous employer in 2016. */
export const careCertificate2016: EvidenceInput = {
  id: 'urn:uuid:0d6c3c5e-0001-4000-8000-000000000001',
  title: 'The Care Certificate',
  issuer: { id: 'did:key:z6MkEmployerA', name: 'Sunrise Home Care' },
  verification: 'verified',
  trust: 'trusted',
  competencies: ['care-certificate@2015'],
  achievedAt: '2016-03-01',
};
