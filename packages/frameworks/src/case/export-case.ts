import { v5 as uuidv5 } from 'uuid';
import type { Association, Competency, Framework } from '../framework.js';
import type { MicroQualification } from '../micro-qualification.js';
import { getCompetencyUri } from '../references.js';
import { CASE_EXTENSION_KEY, type CaseAssociation, type CaseItem, type CaseItemType, type CasePackage, type CaseLinkGenUri } from './case-types.js';

// The RFC 4122 URL namespace: identifiers are UUID v5 of URIs, so they are stable across exports.
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** Base URI of the competency kinds, used as CASE item types. */
export const COMPETENCY_KIND_VOCABULARY = 'https://w3id.org/carepass/vocab/competency-kind/';

const ADOPTION_STATUS = { draft: 'Draft', published: 'Implemented', superseded: 'Retired' } as const;

/** The deterministic CASE identifier (UUID v5) for a URI. */
export function createCaseIdentifier(uri: string): string {
  return uuidv5(uri, URL_NAMESPACE);
}

function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * Exports a framework as a 1EdTech CASE 1.1 `CFPackage`. Identifiers are UUID v5 of the framework's
 * and competencies' URIs and timestamps come from the framework (`updated`, else `validFrom`), so
 * exporting the same framework twice gives identical output. The tree becomes `isChildOf`
 * associations ordered by `sequenceNumber`; what CASE cannot express (assessment method, renewal,
 * provenance, slug, jurisdiction…) travels under `extensions.carepass`, so
 * {@link importCasePackage} restores the framework exactly.
 *
 * @example
 * ```ts
 * const cfPackage = exportCasePackage(builtInRegistry().getFramework('care-certificate@2025'));
 * ```
 */
export function exportCasePackage(framework: Framework): CasePackage {
  const changed = framework.updated ?? `${framework.validFrom}T00:00:00Z`;
  const documentIdentifier = createCaseIdentifier(framework.id);
  const items: CaseItem[] = [];
  const associations: CaseAssociation[] = [];
  const kinds = new Set<string>();

  const documentLink: CaseLinkGenUri = { title: framework.title, identifier: documentIdentifier, uri: framework.id };
  // Breadth-first with an explicit queue, so deep trees cannot overflow the stack.
  const queue: { node: Competency; parent: CaseLinkGenUri; sequence: number }[] = framework.competencies.map((node, index) => ({ node, parent: documentLink, sequence: index + 1 }));
  for (let cursor = 0; cursor < queue.length; cursor++) {
    const { node, parent, sequence } = queue[cursor] as (typeof queue)[number];
    const uri = getCompetencyUri(framework, node);
    const identifier = createCaseIdentifier(uri);
    kinds.add(node.kind);
    const extra = without(node, ['id', 'code', 'title', 'kind', 'description', 'children']);
    const item: CaseItem = {
      identifier,
      uri,
      fullStatement: node.title,
      humanCodingScheme: node.code,
      CFItemType: node.kind,
      CFItemTypeURI: { title: node.kind, identifier: createCaseIdentifier(`${COMPETENCY_KIND_VOCABULARY}${node.kind}`), uri: `${COMPETENCY_KIND_VOCABULARY}${node.kind}` },
      lastChangeDateTime: changed,
    };
    if (node.description !== undefined) item.notes = node.description;
    const itemExtension: Record<string, unknown> = { ...extra };
    if (node.id !== undefined) itemExtension.explicitId = true;
    // Always present, even when empty: it marks the item as Carepass-authored for a lossless import.
    item.extensions = { [CASE_EXTENSION_KEY]: itemExtension };
    items.push(item);
    const association = createCaseIdentifier(`${uri} isChildOf ${parent.uri}`);
    associations.push({
      identifier: association,
      uri: `urn:uuid:${association}`,
      associationType: 'isChildOf',
      originNodeURI: { title: node.title, identifier, uri },
      destinationNodeURI: parent,
      sequenceNumber: sequence,
      lastChangeDateTime: changed,
    });
    (node.children ?? []).forEach((child, index) => queue.push({ node: child, parent: { title: node.title, identifier, uri }, sequence: index + 1 }));
  }

  (framework.associations ?? []).forEach((link: Association, index) => {
    const identifier = createCaseIdentifier(`${framework.id} association ${index} ${link.origin.uri} ${link.type} ${link.destination.uri}`);
    const end = (value: Association['origin']): CaseLinkGenUri => {
      const linked: CaseLinkGenUri = { title: value.title ?? '', identifier: value.identifier ?? createCaseIdentifier(value.uri), uri: value.uri };
      if (value.targetType !== undefined) linked.targetType = value.targetType;
      return linked;
    };
    const association: CaseAssociation = {
      identifier,
      uri: link.id ?? `urn:uuid:${identifier}`,
      associationType: link.type,
      originNodeURI: end(link.origin),
      destinationNodeURI: end(link.destination),
      lastChangeDateTime: changed,
      extensions: { [CASE_EXTENSION_KEY]: link },
    };
    if (link.sequenceNumber !== undefined) association.sequenceNumber = link.sequenceNumber;
    if (link.notes !== undefined) association.notes = link.notes;
    associations.push(association);
  });

  const documentExtension = without(framework, ['type', 'id', 'title', 'description', 'version', 'language', 'status', 'validFrom', 'validUntil', 'competencies', 'associations']);
  const cfPackage: CasePackage = {
    CFDocument: {
      identifier: documentIdentifier,
      uri: framework.id,
      creator: framework.publisher.name,
      title: framework.title,
      lastChangeDateTime: changed,
      caseVersion: '1.1',
      publisher: framework.publisher.name,
      language: framework.language,
      version: framework.version,
      adoptionStatus: ADOPTION_STATUS[framework.status],
      statusStartDate: framework.validFrom,
      extensions: { [CASE_EXTENSION_KEY]: documentExtension },
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFItemTypes: [...kinds].sort().map(
        (kind): CaseItemType => ({
          identifier: createCaseIdentifier(`${COMPETENCY_KIND_VOCABULARY}${kind}`),
          uri: `${COMPETENCY_KIND_VOCABULARY}${kind}`,
          title: kind,
          description: `A ${kind.replace(/-/g, ' ')} in a Carepass competency framework.`,
          hierarchyCode: kind,
          lastChangeDateTime: changed,
        }),
      ),
    },
  };
  if (framework.description !== undefined) cfPackage.CFDocument.description = framework.description;
  if (framework.validUntil !== undefined) cfPackage.CFDocument.statusEndDate = framework.validUntil;
  if (framework.publisher.url !== undefined) cfPackage.CFDocument.officialSourceURL = framework.publisher.url;
  if (framework.licence?.url !== undefined) {
    cfPackage.CFDocument.licenseURI = { title: framework.licence.name, identifier: createCaseIdentifier(framework.licence.url), uri: framework.licence.url };
  }
  return cfPackage;
}

/**
 * Exports a micro-qualification as a 1EdTech CASE 1.1 `CFPackage`: the document, one item per
 * learning outcome (`isChildOf` the document, in order), and an `isRelatedTo` association from each
 * outcome to every framework competency it is aligned to. The EU micro-credential elements CASE
 * has no field for (workload, level, assessment, quality assurance…) travel under
 * `extensions.carepass`. Deterministic, like {@link exportCasePackage}.
 *
 * @param resolveCompetency Turns an outcome's competency reference into its URI and title (e.g.
 * `registry.findCompetency`); references it cannot resolve are exported as given.
 */
export function exportMicroQualificationCasePackage(
  microQualification: MicroQualification,
  resolveCompetency: (reference: string) => { uri: string; competency: { title: string } } | undefined = () => undefined,
): CasePackage {
  const changed = microQualification.updated ?? `${microQualification.validFrom}T00:00:00Z`;
  const documentIdentifier = createCaseIdentifier(microQualification.id);
  const documentLink: CaseLinkGenUri = { title: microQualification.title, identifier: documentIdentifier, uri: microQualification.id };
  const kind = 'learning-outcome';
  const items: CaseItem[] = [];
  const associations: CaseAssociation[] = [];
  microQualification.learningOutcomes.forEach((outcome, index) => {
    const uri = `${microQualification.id}/${outcome.code}`;
    const identifier = createCaseIdentifier(uri);
    const link: CaseLinkGenUri = { title: outcome.statement, identifier, uri };
    items.push({
      identifier,
      uri,
      fullStatement: outcome.statement,
      humanCodingScheme: outcome.code,
      CFItemType: kind,
      CFItemTypeURI: { title: kind, identifier: createCaseIdentifier(`${COMPETENCY_KIND_VOCABULARY}${kind}`), uri: `${COMPETENCY_KIND_VOCABULARY}${kind}` },
      lastChangeDateTime: changed,
      extensions: { [CASE_EXTENSION_KEY]: without(outcome, ['code', 'statement']) },
    });
    const child = createCaseIdentifier(`${uri} isChildOf ${microQualification.id}`);
    associations.push({ identifier: child, uri: `urn:uuid:${child}`, associationType: 'isChildOf', originNodeURI: link, destinationNodeURI: documentLink, sequenceNumber: index + 1, lastChangeDateTime: changed });
    for (const reference of outcome.competencies) {
      const resolved = resolveCompetency(reference);
      const destination = resolved?.uri ?? reference;
      const related = createCaseIdentifier(`${uri} isRelatedTo ${destination}`);
      associations.push({
        identifier: related,
        uri: `urn:uuid:${related}`,
        associationType: 'isRelatedTo',
        originNodeURI: link,
        destinationNodeURI: { title: resolved?.competency.title ?? reference, identifier: createCaseIdentifier(destination), uri: destination },
        lastChangeDateTime: changed,
        extensions: { [CASE_EXTENSION_KEY]: { alignment: reference } },
      });
    }
  });
  const cfPackage: CasePackage = {
    CFDocument: {
      identifier: documentIdentifier,
      uri: microQualification.id,
      creator: microQualification.awardingBody.name,
      title: microQualification.title,
      lastChangeDateTime: changed,
      caseVersion: '1.1',
      publisher: microQualification.awardingBody.name,
      language: microQualification.language,
      version: microQualification.version,
      adoptionStatus: ADOPTION_STATUS[microQualification.status],
      statusStartDate: microQualification.validFrom,
      description: microQualification.description,
      extensions: { [CASE_EXTENSION_KEY]: without(microQualification, ['id', 'title', 'description', 'version', 'language', 'status', 'validFrom', 'validUntil', 'learningOutcomes']) },
    },
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: {
      CFItemTypes: [{ identifier: createCaseIdentifier(`${COMPETENCY_KIND_VOCABULARY}${kind}`), uri: `${COMPETENCY_KIND_VOCABULARY}${kind}`, title: kind, description: 'A learning outcome of a Carepass micro-qualification.', hierarchyCode: kind, lastChangeDateTime: changed }],
    },
  };
  if (microQualification.validUntil !== undefined) cfPackage.CFDocument.statusEndDate = microQualification.validUntil;
  if (microQualification.awardingBody.url !== undefined) cfPackage.CFDocument.officialSourceURL = microQualification.awardingBody.url;
  return cfPackage;
}

/** @deprecated Renamed {@link createCaseIdentifier} (verb-first); this alias goes in the next minor release. */
export const caseIdentifier = createCaseIdentifier;
