import { CarepassError } from './errors.js';
import { type Framework, FrameworkSchema } from './framework.js';
import { indexFramework } from './framework-index.js';
import type { JsonLimits } from './limits.js';
import { safeParseWithSchema } from './parse-schema.js';
import { formatJsonPath, type ValidationIssue, type ValidationResult, validResult } from './issues.js';
import { type MicroQualification, MicroQualificationSchema } from './micro-qualification.js';
import { isPublicationRef } from './references.js';


/** Options for the parse functions. */
export interface ParsePublicationOptions {
  /** Size and depth limits checked before anything else (see {@link JsonLimits}; the defaults fit any real document). */
  limits?: Partial<JsonLimits>;
}

/** @deprecated Renamed ParsePublicationOptions (options are named for what they do); this name goes in the next release. */
export type ParseOptions = ParsePublicationOptions;

/** Association types whose local links must not form a cycle. */
const ACYCLIC_ASSOCIATIONS = new Set(['precedes', 'isPartOf', 'replacedBy']);

function checkDates(document: { validFrom: string; validUntil?: string | undefined }, issues: ValidationIssue[]): void {
  if (document.validUntil !== undefined && document.validUntil < document.validFrom) {
    issues.push({ code: 'invalid_date_range', path: '$.validUntil', message: `validUntil ${document.validUntil} is before validFrom ${document.validFrom}` });
  }
}

function checkSupersedes(document: { supersedes?: string | undefined; slug: string; version: string }, issues: ValidationIssue[]): void {
  if (document.supersedes === undefined) return;
  if (!isPublicationRef(document.supersedes) || !document.supersedes.includes('@') || document.supersedes.includes('#')) {
    issues.push({ code: 'invalid_reference', path: '$.supersedes', message: `"${document.supersedes}" must be a slug@version reference` });
  } else if (document.supersedes === `${document.slug}@${document.version}`) {
    issues.push({ code: 'reference_cycle', path: '$.supersedes', message: 'a document cannot supersede itself' });
  }
}

function checkSourceIds(
  sources: { id: string }[] | undefined,
  cited: { sources?: string[] | undefined; path: (string | number)[] }[],
  issues: ValidationIssue[],
): void {
  const known = new Set<string>();
  sources?.forEach((source, index) => {
    if (known.has(source.id)) issues.push({ code: 'duplicate_id', path: formatJsonPath(['sources', index, 'id']), message: `source id "${source.id}" is used twice` });
    known.add(source.id);
  });
  for (const { sources: ids, path } of cited) {
    ids?.forEach((id, index) => {
      if (!known.has(id)) {
        issues.push({ code: 'unresolved_reference', path: formatJsonPath([...path, 'sources', index]), message: `source "${id}" is not listed in $.sources` });
      }
    });
  }
}

/** Finds a cycle among local association links, depth first; returns the URIs on it. */
function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const trail: string[] = [start];
    state.set(start, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: string; next: number };
      const targets = edges.get(frame.node) ?? [];
      if (frame.next >= targets.length) {
        state.set(frame.node, 'done');
        stack.pop();
        trail.pop();
        continue;
      }
      const target = targets[frame.next++] as string;
      const seen = state.get(target);
      if (seen === 'open') return [...trail.slice(trail.indexOf(target)), target];
      if (seen === undefined) {
        state.set(target, 'open');
        stack.push({ node: target, next: 0 });
        trail.push(target);
      }
    }
  }
  return undefined;
}

/** Checks a shape-valid framework for what a schema cannot say: uniqueness, references, cycles, dates. */
function checkFramework(framework: Framework): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const index = indexFramework(framework);
  const codes = new Map<string, string>();
  const uris = new Map<string, string>();
  for (const entry of index.competencies) {
    const where = formatJsonPath([...entry.path, 'code']);
    const firstCode = codes.get(entry.competency.code);
    if (firstCode === undefined) codes.set(entry.competency.code, where);
    else issues.push({ code: 'duplicate_code', path: where, message: `code "${entry.competency.code}" is already used at ${firstCode}` });
    const firstUri = uris.get(entry.uri);
    if (firstUri === undefined) uris.set(entry.uri, where);
    else if (firstCode === undefined) {
      issues.push({ code: 'duplicate_id', path: formatJsonPath([...entry.path, 'id']), message: `id "${entry.uri}" is already used at ${firstUri}` });
    }
  }
  if (uris.has(framework.id)) {
    issues.push({ code: 'duplicate_id', path: '$.id', message: `the framework id "${framework.id}" is also used as a competency id` });
  }
  checkDates(framework, issues);
  checkSupersedes(framework, issues);
  checkSourceIds(
    framework.sources,
    [
      { sources: framework.provenance?.sources, path: ['provenance'] },
      ...index.competencies.map((entry) => ({ sources: entry.competency.provenance?.sources, path: [...entry.path, 'provenance'] })),
    ],
    issues,
  );

  // Links that claim to point inside this framework must land on one of its competencies.
  const base = `${framework.id.replace(/\/+$/, '')}/`;
  const edges = new Map<string, string[]>();
  framework.associations?.forEach((association, position) => {
    for (const end of ['origin', 'destination'] as const) {
      const uri = association[end].uri;
      if (uri.startsWith(base) && !index.byUri.has(uri)) {
        issues.push({
          code: 'unresolved_reference',
          path: formatJsonPath(['associations', position, end, 'uri']),
          message: `"${uri}" is inside this framework but names no competency in it`,
        });
      }
    }
    if (ACYCLIC_ASSOCIATIONS.has(association.type) && index.byUri.has(association.origin.uri) && index.byUri.has(association.destination.uri)) {
      const key = `${association.type} ${association.origin.uri}`;
      edges.set(key, [...(edges.get(key) ?? []), `${association.type} ${association.destination.uri}`]);
    }
  });
  const cycle = findCycle(edges);
  if (cycle) {
    issues.push({
      code: 'reference_cycle',
      path: '$.associations',
      message: `associations form a cycle: ${cycle.map((node) => node.slice(node.indexOf(' ') + 1)).join(' → ')}`,
    });
  }
  return issues;
}

/**
 * Validates a framework document: its shape, then unique codes and ids, links that resolve, no
 * cycles and ordered dates. Never throws on bad data.
 *
 * @returns `{ ok: true, value }` or `{ ok: false, issues }` with a JSON path for each issue.
 * @example
 * ```ts
 * const result = safeParseFramework(JSON.parse(text));
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path, issue.message);
 * ```
 */
export function safeParseFramework(input: unknown, options: ParsePublicationOptions = {}): ValidationResult<Framework> {
  const parsed = safeParseWithSchema(FrameworkSchema, input, options.limits);
  if (!parsed.ok) return parsed;
  const issues = checkFramework(parsed.value);
  return issues.length > 0 ? { ok: false, issues } : parsed;
}

/**
 * Validates a framework document like {@link safeParseFramework}, returning it typed.
 *
 * @throws {@link CarepassError} `FRAMEWORK_INVALID` with `details.issues` when it is not valid.
 */
export function parseFramework(input: unknown, options: ParsePublicationOptions = {}): Framework {
  return unwrap(safeParseFramework(input, options), 'framework');
}

/**
 * Validates a micro-qualification document: its shape, unique outcome codes, dates and the form
 * of its references. Whether the referenced competencies exist is checked by a registry
 * ({@link checkPublications}). Never throws on bad data.
 */
export function safeParseMicroQualification(input: unknown, options: ParsePublicationOptions = {}): ValidationResult<MicroQualification> {
  const parsed = safeParseWithSchema(MicroQualificationSchema, input, options.limits);
  if (!parsed.ok) return parsed;
  const microQualification = parsed.value;
  const issues: ValidationIssue[] = [];
  const codes = new Set<string>();
  microQualification.learningOutcomes.forEach((outcome, index) => {
    if (codes.has(outcome.code)) {
      issues.push({ code: 'duplicate_code', path: formatJsonPath(['learningOutcomes', index, 'code']), message: `outcome code "${outcome.code}" is used twice` });
    }
    codes.add(outcome.code);
  });
  checkDates(microQualification, issues);
  checkSupersedes(microQualification, issues);
  checkSourceIds(
    microQualification.sources,
    [
      { sources: microQualification.provenance?.sources, path: ['provenance'] },
      ...microQualification.learningOutcomes.map((outcome, index) => ({ sources: outcome.provenance?.sources, path: ['learningOutcomes', index, 'provenance'] })),
    ],
    issues,
  );
  return issues.length > 0 ? { ok: false, issues } : validResult(microQualification);
}

/**
 * Validates a micro-qualification like {@link safeParseMicroQualification}, returning it typed.
 *
 * @throws {@link CarepassError} `FRAMEWORK_INVALID` with `details.issues` when it is not valid.
 */
export function parseMicroQualification(input: unknown, options: ParsePublicationOptions = {}): MicroQualification {
  return unwrap(safeParseMicroQualification(input, options), 'micro-qualification');
}

/** Publications a registry can hold. */
export type Publication = Framework | MicroQualification;

/**
 * Validates either kind of publication, choosing by its `type` (`CompetencyFramework` or
 * `MicroQualification`).
 */
export function safeParsePublication(input: unknown, options: ParsePublicationOptions = {}): ValidationResult<Publication> {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  if (type === 'MicroQualification') return safeParseMicroQualification(input, options);
  if (type === 'CompetencyFramework') return safeParseFramework(input, options);
  return {
    ok: false,
    issues: [
      {
        code: 'invalid_type',
        path: '$.type',
        message: typeof input === 'object' && input !== null && !Array.isArray(input)
          ? `type must be "CompetencyFramework" or "MicroQualification", got ${JSON.stringify(type ?? null)}`
          : 'expected a JSON object with a "type" of "CompetencyFramework" or "MicroQualification"',
      },
    ],
  };
}

function unwrap<T>(result: ValidationResult<T>, what: string): T {
  if (result.ok) return result.value;
  const first = result.issues[0] as ValidationIssue;
  throw new CarepassError(
    'FRAMEWORK_INVALID',
    `invalid ${what}: ${first.path}: ${first.message}${result.issues.length > 1 ? ` (and ${result.issues.length - 1} more issues)` : ''}`,
    { details: { issues: result.issues } },
  );
}
