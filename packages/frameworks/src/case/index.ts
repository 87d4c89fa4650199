export { caseIdentifier, createCaseIdentifier, COMPETENCY_KIND_VOCABULARY, exportCasePackage, exportMicroQualificationCasePackage } from './export-case.js';
export { importCasePackage } from './import-case.js';
export type { CaseImportNote, ImportCasePackageOptions, ImportCasePackageResult } from './import-case.js';
export { CASE_EXTENSION_KEY } from './case-types.js';
export type { CaseAssociation, CaseDocument, CaseItem, CaseItemType, CaseLinkGenUri, CaseLinkUri, CasePackage } from './case-types.js';
