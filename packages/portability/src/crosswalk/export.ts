import { type CaseAssociation, createCaseIdentifier, type FrameworkRegistry } from '@carepass/frameworks';
import type { Crosswalk, MappingRelation } from './crosswalk.js';

const SKOS: Record<MappingRelation, string> = { exact: 'skos:exactMatch', close: 'skos:closeMatch', broad: 'skos:broadMatch', narrow: 'skos:narrowMatch', related: 'skos:relatedMatch' };

function uriOf(registry: FrameworkRegistry, publication: string, code: string): { uri: string; title: string } {
  const found = registry.findCompetency(`${publication}#${code}`);
  if (found) return { uri: found.uri, title: found.competency.title };
  const container = registry.find(publication);
  const outcome = container?.type === 'MicroQualification' ? container.learningOutcomes.find((candidate) => candidate.code === code) : undefined;
  return { uri: `${container?.id ?? publication}/${code}`, title: outcome?.statement ?? code };
}

const cell = (value: string | number): string => String(value).replace(/[\t\r\n]+/g, ' ');

/**
 * Writes a crosswalk as an SSSOM-style mapping set (TSV with a YAML metadata header): one row per
 * source competency, SKOS predicates, the coverage as `confidence`, and the justification. A
 * mapping whose sources are required together says so in `comment`.
 */
export function crosswalkToSssomTsv(crosswalk: Crosswalk, registry: FrameworkRegistry): string {
  const header = [
    `# mapping_set_id: ${crosswalk.id}`,
    `# mapping_set_title: ${crosswalk.title}`,
    `# mapping_set_version: ${crosswalk.version}`,
    `# creator_label: ${crosswalk.assertedBy}`,
    '# license: https://creativecommons.org/licenses/by/4.0/',
    `# subject_source: ${crosswalk.source}`,
    `# object_source: ${crosswalk.target}`,
    '# curie_map:',
    '#   skos: http://www.w3.org/2004/02/skos/core#',
    '#   semapv: https://w3id.org/semapv/vocab/',
  ];
  const columns = ['subject_id', 'subject_label', 'predicate_id', 'object_id', 'object_label', 'mapping_justification', 'confidence', 'author_label', 'comment'];
  const rows = crosswalk.mappings.flatMap((mapping) => {
    const object = uriOf(registry, crosswalk.target, mapping.to);
    return mapping.from.map((code) => {
      const subject = uriOf(registry, crosswalk.source, code);
      const together = mapping.from.length > 1 ? `Required together with ${mapping.from.filter((other) => other !== code).join(', ')}. ` : '';
      const basis = mapping.basis ?? crosswalk.basis;
      return [subject.uri, subject.title, SKOS[mapping.relation], object.uri, object.title, basis === 'official' ? 'semapv:ManualMappingCuration' : 'semapv:UnspecifiedMatching', mapping.coverage, mapping.assertedBy ?? crosswalk.assertedBy, `${together}${basis}: ${mapping.justification}`].map(cell).join('\t');
    });
  });
  return `${[...header, columns.join('\t'), ...rows].join('\n')}\n`;
}

/**
 * Writes a crosswalk as CASE 1.1 associations (origin = source competency, destination = target):
 * `exactMatchOf` for exact mappings, `isRelatedTo` otherwise, with the relation, coverage,
 * conditions and justification (which CASE cannot express) under `extensions.carepass`.
 * Identifiers are UUID v5, so the output is stable.
 */
export function crosswalkToCaseAssociations(crosswalk: Crosswalk, registry: FrameworkRegistry, options: { lastChangeDateTime?: string } = {}): CaseAssociation[] {
  const changed = options.lastChangeDateTime ?? `${crosswalk.validFrom}T00:00:00Z`;
  return crosswalk.mappings.flatMap((mapping, index) => {
    const destination = uriOf(registry, crosswalk.target, mapping.to);
    return mapping.from.map((code) => {
      const origin = uriOf(registry, crosswalk.source, code);
      const identifier = createCaseIdentifier(`${crosswalk.id} mapping ${index} ${origin.uri}`);
      return {
        identifier,
        uri: `urn:uuid:${identifier}`,
        associationType: mapping.relation === 'exact' ? 'exactMatchOf' : 'isRelatedTo',
        originNodeURI: { title: origin.title, identifier: createCaseIdentifier(origin.uri), uri: origin.uri },
        destinationNodeURI: { title: destination.title, identifier: createCaseIdentifier(destination.uri), uri: destination.uri },
        lastChangeDateTime: changed,
        notes: mapping.justification,
        extensions: {
          carepass: {
            crosswalk: crosswalk.id,
            relation: mapping.relation,
            coverage: mapping.coverage,
            from: mapping.from,
            basis: mapping.basis ?? crosswalk.basis,
            ...(mapping.conditions ? { conditions: mapping.conditions } : {}),
          },
        },
      } satisfies CaseAssociation;
    });
  });
}
