// The standards body's workflow as functions: author → validate → export → publish.
import {
  builtInPublications,
  checkPublications,
  createFrameworkRegistry,
  exportMicroQualificationCasePackage,
  type FrameworkRegistry,
  type MicroQualification,
  safeParsePublication,
  type ValidationIssue,
} from '@carepass/frameworks';
import type { IssuerKey } from '@carepass/credentials';
import { type Crosswalk, crosswalkToCaseAssociations, crosswalkToSssomTsv, safeParseCrosswalk } from '@carepass/portability';
import { publishDocument, type PublishedDocument } from './publish.js';

export { careCertificateToSsscCodes } from './crosswalk.js';
export { learningDisabilityAndAutismAwareness } from './micro-qualification.js';
export { checkPublishedDocument, digestSri, publishDocument } from './publish.js';
export type { PublishedDocument } from './publish.js';

/** Validates a new micro-qualification and crosswalk against the frameworks they refer to; every issue has a JSON path. */
export function validateDrafts(microQualification: unknown, crosswalk: unknown): { registry?: FrameworkRegistry; issues: (ValidationIssue & { document: string })[] } {
  const issues: (ValidationIssue & { document: string })[] = [];
  const parsed = safeParsePublication(microQualification);
  if (!parsed.ok) return { issues: parsed.issues.map((issue) => ({ ...issue, document: 'micro-qualification' })) };
  const publications = [...builtInPublications(), parsed.value];
  issues.push(...checkPublications(publications).map((issue) => ({ ...issue, document: 'micro-qualification' })));
  if (issues.length > 0) return { issues };
  const registry = createFrameworkRegistry({ publications });
  const checked = safeParseCrosswalk(crosswalk, { registry });
  issues.push(...checked.issues.map((issue) => ({ ...issue, document: 'crosswalk' })));
  return { registry, issues };
}

/** The files a standards body publishes: the documents, their CASE and SSSOM exports, each with a signed publication credential. */
export async function buildPublication(options: { microQualification: MicroQualification; crosswalk: Crosswalk; registry: FrameworkRegistry; key: IssuerKey; baseUrl: string; publisher: string; validFrom?: string }): Promise<Record<string, PublishedDocument | string>> {
  const { microQualification, crosswalk, registry } = options;
  const at = (name: string) => `${options.baseUrl}/${name}`;
  const sign = (document: unknown, about: { id: string; title: string }, name: string) =>
    publishDocument(document, { key: options.key, publisher: options.publisher, url: at(name), about, ...(options.validFrom ? { validFrom: options.validFrom } : {}) });
  const casePackage = exportMicroQualificationCasePackage(microQualification, (reference) => registry.findCompetency(reference));
  const caseAssociations = { CFAssociations: crosswalkToCaseAssociations(crosswalk, registry) };
  return {
    [`${microQualification.slug}.json`]: await sign(microQualification, microQualification, `${microQualification.slug}.json`),
    [`${microQualification.slug}.case.json`]: await sign(casePackage, { id: microQualification.id, title: `${microQualification.title} (CASE 1.1)` }, `${microQualification.slug}.case.json`),
    [`${crosswalk.slug}.json`]: await sign(crosswalk, crosswalk, `${crosswalk.slug}.json`),
    [`${crosswalk.slug}.case.json`]: await sign(caseAssociations, { id: crosswalk.id, title: `${crosswalk.title} (CASE 1.1 associations)` }, `${crosswalk.slug}.case.json`),
    [`${crosswalk.slug}.sssom.tsv`]: crosswalkToSssomTsv(crosswalk, registry),
  };
}
