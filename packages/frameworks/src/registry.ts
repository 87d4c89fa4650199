import { CarepassError } from './errors.js';
import type { Competency, Framework } from './framework.js';
import { indexFramework } from './framework-index.js';
import type { ValidationIssue } from './issues.js';
import type { MicroQualification } from './micro-qualification.js';
import { compareVersions, formatPublicationRef, isPublicationRef, parsePublicationRef } from './references.js';
import { type Publication, safeParsePublication } from './validate.js';

/** A framework competency found by reference, with its framework and ancestors. */
export interface ResolvedCompetency {
  /** The framework that holds it. */
  framework: Framework;
  /** The node itself. */
  competency: Competency;
  /** Its URI. */
  uri: string;
  /** Its canonical reference, `slug@version#code`. */
  ref: string;
  /** Its ancestors, top-level node first. */
  ancestors: Competency[];
}

/** One line of a registry listing. */
export interface PublicationSummary {
  /** `slug@version`. */
  ref: string;
  /** `CompetencyFramework` or `MicroQualification`. */
  type: Publication['type'];
  /** The slug. */
  slug: string;
  /** The version. */
  version: string;
  /** The title. */
  title: string;
  /** draft, published or superseded. */
  status: Publication['status'];
  /** Publisher of a framework, awarding body of a micro-qualification. */
  publisher: string;
  /** Its URI. */
  id: string;
  /** Competencies in a framework, learning outcomes in a micro-qualification. */
  size: number;
  /** Whether no other version of the same slug is newer. */
  latest: boolean;
}

/** A read-only collection of frameworks and micro-qualifications, looked up by reference or URI. */
export interface FrameworkRegistry {
  /** Every publication, by slug then version. */
  list(): PublicationSummary[];
  /** A publication by `slug[@version]` (latest non-draft version when none is given) or by its URI. */
  find(reference: string): Publication | undefined;
  /**
   * Like {@link FrameworkRegistry.find}, but throws when nothing matches.
   * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` or `REFERENCE_INVALID`.
   */
  get(reference: string): Publication;
  /**
   * A framework by reference or URI.
   * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` when there is none, or the reference names a micro-qualification.
   */
  getFramework(reference: string): Framework;
  /**
   * A micro-qualification by reference or URI.
   * @throws {@link CarepassError} `FRAMEWORK_NOT_FOUND` when there is none.
   */
  getMicroQualification(reference: string): MicroQualification;
  /** Every version of a slug, oldest first. */
  versions(slug: string): Publication[];
  /** A competency by URI or by `slug[@version]#code`; undefined when there is none. */
  findCompetency(reference: string): ResolvedCompetency | undefined;
  /**
   * A competency by URI or by `slug[@version]#code`.
   * @throws {@link CarepassError} `COMPETENCY_NOT_FOUND`, `FRAMEWORK_NOT_FOUND` or `REFERENCE_INVALID`.
   */
  resolveCompetency(reference: string): ResolvedCompetency;
}

/** Options for {@link createFrameworkRegistry}. */
export interface CreateFrameworkRegistryOptions {
  /** Frameworks and micro-qualifications to hold, validated on the way in. */
  publications?: readonly unknown[];
}

function publisherOf(publication: Publication): string {
  return publication.type === 'MicroQualification' ? publication.awardingBody.name : publication.publisher.name;
}

function latestOf(candidates: readonly Publication[]): Publication | undefined {
  const released = candidates.filter((candidate) => candidate.status !== 'draft');
  return (released.length > 0 ? released : candidates).at(-1);
}

/**
 * Checks a set of publications together: each `slug@version` once, `supersedes` naming an
 * older publication in the set without cycles, and every micro-qualification reference resolving
 * to a framework competency. Each issue names the offending document in `ref` (and its message).
 */
export function checkPublications(publications: readonly Publication[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const publication of publications) {
    const ref = `${publication.slug}@${publication.version}`;
    if (seen.has(ref)) issues.push({ code: 'duplicate_id', path: '$.version', message: `${ref}: this slug and version is published twice`, ref });
    seen.add(ref);
  }
  const registry = buildRegistry(publications);
  for (const publication of publications) {
    const ref = `${publication.slug}@${publication.version}`;
    if (publication.supersedes !== undefined) {
      const older = registry.find(publication.supersedes);
      if (!older) {
        issues.push({ code: 'unresolved_reference', path: '$.supersedes', message: `${ref}: supersedes ${publication.supersedes}, which is not in the registry`, ref });
      } else if (older.validFrom > publication.validFrom || (older.slug === publication.slug && compareVersions(older.version, publication.version) >= 0)) {
        issues.push({ code: 'invalid_version_order', path: '$.supersedes', message: `${ref}: supersedes ${publication.supersedes}, which is not older`, ref });
      }
    }
    // A chain of supersedes links must end: walk it and stop at the first repeat.
    const chain = new Set<string>([ref]);
    let cursor: Publication | undefined = publication;
    while (cursor?.supersedes !== undefined) {
      const next = registry.find(cursor.supersedes);
      if (!next) break;
      const nextRef = `${next.slug}@${next.version}`;
      if (chain.has(nextRef)) {
        issues.push({ code: 'reference_cycle', path: '$.supersedes', message: `${ref}: supersedes chain loops back to ${nextRef}`, ref });
        break;
      }
      chain.add(nextRef);
      cursor = next;
    }
    if (publication.type !== 'MicroQualification') continue;
    const check = (reference: string, path: (string | number)[]) => {
      if (!registry.findCompetency(reference)) {
        issues.push({ code: 'unresolved_reference', path: `$.${path.join('.')}`.replace(/\.(\d+)/g, '[$1]'), message: `${ref}: "${reference}" names no competency in the registry`, ref });
      }
    };
    publication.learningOutcomes.forEach((outcome, index) => {
      outcome.competencies.forEach((reference, position) => check(reference, ['learningOutcomes', index, 'competencies', position]));
    });
    publication.prerequisites?.competencies?.forEach((reference, position) => check(reference, ['prerequisites', 'competencies', position]));
    publication.stackability?.towards.forEach((target, position) => {
      if (!registry.find(target.ref) && !registry.findCompetency(target.ref)) {
        issues.push({ code: 'unresolved_reference', path: `$.stackability.towards[${position}].ref`, message: `${ref}: "${target.ref}" names no framework or competency in the registry`, ref });
      }
    });
  }
  return issues;
}

/** Refuses a reference that is not a string of sane length, before anything formats it into a message. */
function requireReference(reference: unknown): asserts reference is string {
  if (typeof reference !== 'string') throw new CarepassError('REFERENCE_INVALID', `a framework or competency reference must be a string, not ${reference === null ? 'null' : Array.isArray(reference) ? 'an array' : typeof reference}`);
  if (reference.length > 2048) throw new CarepassError('REFERENCE_INVALID', `a reference of ${reference.length} characters is longer than the 2048 allowed`);
}

function buildRegistry(publications: readonly Publication[]): FrameworkRegistry {
  const bySlug = new Map<string, Publication[]>();
  const byId = new Map<string, Publication>();
  const byCompetencyUri = new Map<string, Framework>();
  for (const publication of publications) {
    bySlug.set(publication.slug, [...(bySlug.get(publication.slug) ?? []), publication]);
    byId.set(publication.id, publication);
    if (publication.type === 'CompetencyFramework') {
      for (const entry of indexFramework(publication).competencies) byCompetencyUri.set(entry.uri, publication);
    }
  }
  for (const versions of bySlug.values()) versions.sort((a, b) => compareVersions(a.version, b.version));

  const find = (reference: string): Publication | undefined => {
    requireReference(reference);
    if (!isPublicationRef(reference)) return byId.get(reference);
    const { slug, version } = parsePublicationRef(reference);
    const versions = bySlug.get(slug) ?? [];
    return version === undefined ? latestOf(versions) : versions.find((candidate) => candidate.version === version);
  };
  const get = (reference: string): Publication => {
    const found = find(reference);
    if (found) return found;
    if (isPublicationRef(reference)) {
      const { slug } = parsePublicationRef(reference);
      const known = bySlug.get(slug);
      throw new CarepassError(
        'FRAMEWORK_NOT_FOUND',
        known
          ? `no version of "${slug}" matches "${reference}"; known versions: ${known.map((candidate) => candidate.version).join(', ')}`
          : `no framework or micro-qualification "${slug}"; known: ${[...bySlug.keys()].sort().join(', ') || 'none'}`,
      );
    }
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(reference)) parsePublicationRef(reference);
    throw new CarepassError('FRAMEWORK_NOT_FOUND', `no framework or micro-qualification has the id "${reference}"`);
  };
  const resolved = (framework: Framework, code: string): ResolvedCompetency | undefined => {
    const entry = indexFramework(framework).byCode.get(code);
    if (!entry) return undefined;
    const index = indexFramework(framework);
    return {
      framework,
      competency: entry.competency,
      uri: entry.uri,
      ref: formatPublicationRef({ slug: framework.slug, version: framework.version, code }),
      ancestors: entry.ancestors.map((ancestor) => (index.byCode.get(ancestor) as { competency: Competency }).competency),
    };
  };
  const findCompetency = (reference: string): ResolvedCompetency | undefined => {
    requireReference(reference);
    if (!isPublicationRef(reference)) {
      const framework = byCompetencyUri.get(reference);
      const entry = framework && indexFramework(framework).byUri.get(reference);
      return framework && entry ? resolved(framework, entry.competency.code) : undefined;
    }
    const { code } = parsePublicationRef(reference);
    const publication = find(reference);
    if (code === undefined || publication?.type !== 'CompetencyFramework') return undefined;
    return resolved(publication, code);
  };

  return {
    list: () =>
      [...bySlug.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([, versions]) =>
          versions.map((publication) => ({
            ref: `${publication.slug}@${publication.version}`,
            type: publication.type,
            slug: publication.slug,
            version: publication.version,
            title: publication.title,
            status: publication.status,
            publisher: publisherOf(publication),
            id: publication.id,
            size: publication.type === 'MicroQualification' ? publication.learningOutcomes.length : indexFramework(publication).competencies.length,
            latest: publication === versions.at(-1),
          })),
        ),
    find,
    get,
    getFramework: (reference) => {
      const publication = get(reference);
      if (publication.type !== 'CompetencyFramework') {
        throw new CarepassError('FRAMEWORK_NOT_FOUND', `"${reference}" is a micro-qualification, not a framework`);
      }
      return publication;
    },
    getMicroQualification: (reference) => {
      const publication = get(reference);
      if (publication.type !== 'MicroQualification') {
        throw new CarepassError('FRAMEWORK_NOT_FOUND', `"${reference}" is a framework, not a micro-qualification`);
      }
      return publication;
    },
    versions: (slug) => [...(bySlug.get(slug) ?? [])],
    findCompetency,
    resolveCompetency: (reference) => {
      const found = findCompetency(reference);
      if (found) return found;
      if (isPublicationRef(reference)) {
        const { code } = parsePublicationRef(reference);
        const framework = get(reference);
        if (code === undefined) throw new CarepassError('REFERENCE_INVALID', `"${reference}" names a framework, not a competency: add #code`);
        throw new CarepassError('COMPETENCY_NOT_FOUND', `${framework.slug}@${framework.version} has no competency with code "${code}"`);
      }
      throw new CarepassError('COMPETENCY_NOT_FOUND', `no competency has the id "${reference}"`);
    },
  };
}

/**
 * Creates a registry over the given publications, validating each one and then the set as a
 * whole ({@link checkPublications}).
 *
 * @throws {@link CarepassError} `FRAMEWORK_INVALID` (with `details.issues`) when a publication
 * or the set is invalid, `FRAMEWORK_DUPLICATE` when a `slug@version` is given twice.
 * @example
 * ```ts
 * const registry = createFrameworkRegistry({ publications: [...builtInPublications(), myFramework] });
 * registry.resolveCompetency('care-certificate@2025#10.1');
 * ```
 */
export function createFrameworkRegistry(options: CreateFrameworkRegistryOptions = {}): FrameworkRegistry {
  const publications: Publication[] = [];
  (options.publications ?? []).forEach((input, position) => {
    const result = safeParsePublication(input);
    if (!result.ok) {
      const label = typeof input === 'object' && input !== null && 'slug' in input ? String((input as { slug: unknown }).slug) : `#${position}`;
      const first = result.issues[0] as ValidationIssue;
      throw new CarepassError('FRAMEWORK_INVALID', `publication ${label} is invalid: ${first.path}: ${first.message}`, { details: { issues: result.issues, position } });
    }
    publications.push(result.value);
  });
  const issues = checkPublications(publications);
  const duplicate = issues.find((issue) => issue.code === 'duplicate_id');
  if (duplicate) throw new CarepassError('FRAMEWORK_DUPLICATE', duplicate.message, { details: { issues } });
  if (issues.length > 0) {
    throw new CarepassError('FRAMEWORK_INVALID', `the publications do not fit together: ${(issues[0] as ValidationIssue).message}`, { details: { issues } });
  }
  return buildRegistry(publications);
}
