/**
 * @module @carepass/frameworks
 *
 * Competency frameworks for UK adult social care as typed, versioned, validated documents: the
 * Care Certificate (2015 and 2025), the NHS Core Skills Training Framework, the devolved nations'
 * induction frameworks, the Level 2 Adult Social Care Certificate and stackable
 * micro-qualifications. Validate documents, look up competencies by reference, and exchange
 * frameworks as 1EdTech CASE 1.1 packages.
 *
 * @example
 * ```ts
 * import { builtInRegistry } from '@carepass/frameworks';
 * const registry = builtInRegistry();
 * const criterion = registry.resolveCompetency('care-certificate@2015#15.1b');
 * console.log(criterion.competency.title, criterion.competency.assessmentMethod);
 * ```
 */
export { CAREPASS_ERROR_HELP, CarepassError, CarepassErrorCodes, isCarepassError } from './errors.js';
export type { CarepassErrorDetails, CarepassErrorDetailsMap } from './errors.js';
export type { CarepassErrorCode, CarepassErrorOptions } from './errors.js';
export { convertZodIssues, formatJsonPath, fromZodIssues } from './issues.js';
export { safeParseWithSchema } from './parse-schema.js';
export { CASE_IMPORT_NOTE_HELP, VALIDATION_CODE_HELP, ValidationCodes } from './validation-codes.js';
export type { CaseImportNoteCode, CodeHelp, ValidationCode } from './validation-codes.js';
export type { Issue, ValidationIssue, ValidationResult } from './issues.js';
export {
  CitationSchema,
  ConfidenceSchema,
  DateSchema,
  DateTimeSchema,
  ExtensionsSchema,
  LanguageSchema,
  LicenceSchema,
  OrganisationSchema,
  ProvenanceSchema,
  PublicationIdentityShape,
  PublicationStatusSchema,
  SlugSchema,
  SourceSchema,
  UriSchema,
  VersionSchema,
  WordingSchema,
} from './common.js';
export { isJsonObject } from './json.js';
export type { JsonObject } from './json.js';
export type { Citation, Confidence, Licence, Organisation, Provenance, PublicationStatus, Source, Wording } from './common.js';
export {
  AssessmentMethodSchema,
  AssociationEndSchema,
  AssociationSchema,
  AssociationTypeSchema,
  CompetencyCodeSchema,
  CompetencyKindSchema,
  CompetencySchema,
  FrameworkSchema,
} from './framework.js';
export type { AssessmentMethod, Association, AssociationEnd, AssociationType, Competency, CompetencyKind, Framework } from './framework.js';
export {
  CompetencyRefSchema,
  MicroQualificationAssessmentSchema,
  MicroQualificationOutcomeSchema,
  MicroQualificationSchema,
  ParticipationSchema,
  QualificationLevelSchema,
  QualityAssuranceSchema,
} from './micro-qualification.js';
export type { MicroQualification, MicroQualificationOutcome, QualificationLevel } from './micro-qualification.js';
export { compareVersions, competencyUri, getCompetencyUri, formatPublicationRef, isPublicationRef, parsePublicationRef } from './references.js';
export type { PublicationRef } from './references.js';
export { indexFramework } from './framework-index.js';
export type { FrameworkIndex, IndexedCompetency } from './framework-index.js';
export {
  parseFramework,
  parseMicroQualification,
  safeParseFramework,
  safeParseMicroQualification,
  safeParsePublication,
} from './validate.js';
export type { ParseOptions, ParsePublicationOptions, Publication } from './validate.js';
export { formatDateTimeStamp, parseDateInput } from './dates.js';
export type { DateInput } from './dates.js';
export { checkJsonLimits, DEFAULT_JSON_LIMITS } from './limits.js';
export type { JsonLimits } from './limits.js';
export { checkPublications, createFrameworkRegistry } from './registry.js';
export type { CreateFrameworkRegistryOptions, FrameworkRegistry, PublicationSummary, ResolvedCompetency } from './registry.js';
export { JSON_SCHEMA_BASE, toJsonSchema } from './json-schema.js';
export type { JsonSchemaModel } from './json-schema.js';
export { builtInPublications, builtInRegistry } from './built-ins.js';
export {
  CASE_EXTENSION_KEY,
  caseIdentifier,
  createCaseIdentifier,
  COMPETENCY_KIND_VOCABULARY,
  exportCasePackage,
  exportMicroQualificationCasePackage,
  importCasePackage,
} from './case/index.js';
export type {
  CaseAssociation,
  CaseDocument,
  CaseImportNote,
  CaseItem,
  CaseItemType,
  CaseLinkGenUri,
  CaseLinkUri,
  CasePackage,
  ImportCasePackageOptions,
  ImportCasePackageResult,
} from './case/index.js';
export { auditPublication, COMMAND_VERBS } from './audit.js';
export type { AuditCode } from './audit.js';
