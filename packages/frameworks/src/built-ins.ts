import { createFrameworkRegistry, type FrameworkRegistry } from './registry.js';
import { type Publication, safeParsePublication } from './validate.js';
import { CarepassError } from './errors.js';
import careCertificate2015 from '../data/frameworks/care-certificate-2015.json' with { type: 'json' };
import careCertificate2025 from '../data/frameworks/care-certificate-2025.json' with { type: 'json' };
import cstfEngland11 from '../data/frameworks/cstf-england-1.1.json' with { type: 'json' };
import level2AdultSocialCareCertificate2024 from '../data/frameworks/level-2-adult-social-care-certificate-2024.json' with { type: 'json' };
import allWalesInductionFramework2018 from '../data/frameworks/all-wales-induction-framework-2018.json' with { type: 'json' };
import niInductionStandards1 from '../data/frameworks/ni-induction-standards-1.json' with { type: 'json' };
import ssscCodesOfPracticeWorkers2024 from '../data/frameworks/sssc-codes-of-practice-workers-2024.json' with { type: 'json' };
import oliverMcGowanMandatoryTraining1 from '../data/frameworks/oliver-mcgowan-mandatory-training-1.json' with { type: 'json' };
import dementiaTypesAndCare1 from '../data/micro-qualifications/dementia-types-and-care-1.json' with { type: 'json' };
import catheterAndStomaCare1 from '../data/micro-qualifications/catheter-and-stoma-care-1.json' with { type: 'json' };
import mentalCapacityActInPractice1 from '../data/micro-qualifications/mental-capacity-act-in-practice-1.json' with { type: 'json' };
import movingAndHandlingTrainer1 from '../data/micro-qualifications/moving-and-handling-trainer-1.json' with { type: 'json' };
import medicationAdministration1 from '../data/micro-qualifications/medication-administration-1.json' with { type: 'json' };

// The built-in publications are plain JSON data files under data/, exactly as a standards body
// would publish them; they are bundled at build time so no file system is needed at run time.
// Frameworks come before the micro-qualifications that reference them.
const BUILT_IN_DOCUMENTS: readonly unknown[] = [
  careCertificate2015,
  careCertificate2025,
  cstfEngland11,
  level2AdultSocialCareCertificate2024,
  allWalesInductionFramework2018,
  niInductionStandards1,
  ssscCodesOfPracticeWorkers2024,
  oliverMcGowanMandatoryTraining1,
  dementiaTypesAndCare1,
  catheterAndStomaCare1,
  mentalCapacityActInPractice1,
  movingAndHandlingTrainer1,
  medicationAdministration1,
];

let parsed: Publication[] | undefined;
let registry: FrameworkRegistry | undefined;

/**
 * The frameworks and micro-qualifications that ship with Carepass, validated on first use. Each
 * item records where its content comes from and how sure we are of it (`provenance`).
 */
export function builtInPublications(): Publication[] {
  parsed ??= BUILT_IN_DOCUMENTS.map((document, index) => {
    const result = safeParsePublication(document);
    if (!result.ok) {
      throw new CarepassError('FRAMEWORK_INVALID', `built-in publication #${index} is invalid: ${result.issues[0]?.path}: ${result.issues[0]?.message}`, {
        details: { issues: result.issues },
      });
    }
    return result.value;
  });
  return [...parsed];
}

/** A registry holding every built-in publication, created once and shared. */
export function builtInRegistry(): FrameworkRegistry {
  registry ??= createFrameworkRegistry({ publications: builtInPublications() });
  return registry;
}
