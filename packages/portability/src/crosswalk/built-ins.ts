import { builtInRegistry, CarepassError } from '@carepass/frameworks';
import { type Crosswalk, safeParseCrosswalk } from './crosswalk.js';
import careCertificate2015To2025 from '../../data/crosswalks/care-certificate-2015-to-2025.json' with { type: 'json' };
import careCertificate2025ToAllWalesInductionFramework from '../../data/crosswalks/care-certificate-2025-to-all-wales-induction-framework.json' with { type: 'json' };
import careCertificate2025ToCstfEngland from '../../data/crosswalks/care-certificate-2025-to-cstf-england.json' with { type: 'json' };
import careCertificate2025ToLevel2AscCertificate from '../../data/crosswalks/care-certificate-2025-to-level-2-asc-certificate.json' with { type: 'json' };
import careCertificate2025ToNiInductionStandards from '../../data/crosswalks/care-certificate-2025-to-ni-induction-standards.json' with { type: 'json' };
import cstfEnglandToCareCertificate2025 from '../../data/crosswalks/cstf-england-to-care-certificate-2025.json' with { type: 'json' };
import level2AscCertificateToCareCertificate2025 from '../../data/crosswalks/level-2-asc-certificate-to-care-certificate-2025.json' with { type: 'json' };
import oliverMcGowanMandatoryTrainingToCareCertificate2025 from '../../data/crosswalks/oliver-mcgowan-mandatory-training-to-care-certificate-2025.json' with { type: 'json' };

// Plain JSON data files under data/crosswalks, bundled at build time (no file system at run time).
const BUILT_IN_CROSSWALKS: readonly unknown[] = [
  careCertificate2015To2025,
  careCertificate2025ToAllWalesInductionFramework,
  careCertificate2025ToCstfEngland,
  careCertificate2025ToLevel2AscCertificate,
  careCertificate2025ToNiInductionStandards,
  cstfEnglandToCareCertificate2025,
  level2AscCertificateToCareCertificate2025,
  oliverMcGowanMandatoryTrainingToCareCertificate2025,
];

let parsed: Crosswalk[] | undefined;

/**
 * The crosswalks that ship with Carepass, validated against the built-in frameworks on first use.
 * Each says whether it is an official mapping or Carepass's own inference (`basis`), and why each
 * mapping holds (`justification`).
 */
export function builtInCrosswalks(): Crosswalk[] {
  parsed ??= BUILT_IN_CROSSWALKS.map((document, index) => {
    const result = safeParseCrosswalk(document, { registry: builtInRegistry() });
    if (!result.ok) {
      throw new CarepassError('CROSSWALK_INVALID', `built-in crosswalk #${index} is invalid: ${result.issues[0]?.path}: ${result.issues[0]?.message}`, { details: { issues: result.issues } });
    }
    return result.value;
  });
  return [...parsed];
}
