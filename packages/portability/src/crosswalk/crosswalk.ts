import { z } from 'zod';
import {
  AssessmentMethodSchema,
  CarepassError,
  DateSchema,
  formatJsonPath,
  type FrameworkRegistry,
  type JsonLimits,
  OrganisationSchema,
  ProvenanceSchema,
  PublicationIdentityShape,
  PublicationStatusSchema,
  safeParseWithSchema,
  SourceSchema,
  type ValidationIssue,
  type ValidationResult,
} from '@carepass/frameworks';

/**
 * How a source competency relates to a target one, SKOS-style and from the source's side:
 * `exact` (the same), `close` (near enough to use in place), `broad` (the target is broader: the
 * source covers part of it), `narrow` (the target is narrower: the source covers all of it) or
 * `related` (overlapping).
 */
export const MappingRelationSchema = z.enum(['exact', 'close', 'broad', 'narrow', 'related']);
/** How a source competency relates to a target one. */
export type MappingRelation = z.infer<typeof MappingRelationSchema>;

/** Whether a mapping (or crosswalk) is published by the framework owners or inferred by someone else. */
export const MappingBasisSchema = z.enum(['official', 'inferred']);
/** Whether a mapping is official or inferred. */
export type MappingBasis = z.infer<typeof MappingBasisSchema>;

/** Conditions on evidence for a mapping to apply. */
export const MappingConditionsSchema = z.strictObject({
  /** Evidence older than this many months does not count through this mapping (it is due a refresher). */
  maxEvidenceAgeMonths: z.number().int().positive().optional(),
  /** The evidence must have been assessed in one of these ways, e.g. workplace observation. */
  requiredAssessment: z.array(AssessmentMethodSchema).min(1).optional(),
});

/** One mapping: these source competencies, all together, evidence the target competency to this extent. */
export const MappingSchema = z.strictObject({
  from: z.array(z.string().min(1)).min(1),
  to: z.string().min(1),
  relation: MappingRelationSchema,
  coverage: z.number().min(0).max(1),
  conditions: MappingConditionsSchema.optional(),
  justification: z.string().min(1),
  assertedBy: z.string().min(1).optional(),
  basis: MappingBasisSchema.optional(),
});
/** One mapping of a crosswalk. */
export type Mapping = z.infer<typeof MappingSchema>;

/**
 * A crosswalk a standards body publishes: from one framework version to another, mapping source
 * competency codes to target codes with a relation, a coverage fraction, conditions and a
 * justification.
 */
export const CrosswalkSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('Crosswalk'),
  ...PublicationIdentityShape,
  description: z.string().optional(),
  source: z.string().regex(/^[a-z0-9-]+@[A-Za-z0-9._-]+$/, 'must be slug@version'),
  target: z.string().regex(/^[a-z0-9-]+@[A-Za-z0-9._-]+$/, 'must be slug@version'),
  publisher: OrganisationSchema,
  basis: MappingBasisSchema,
  assertedBy: z.string().min(1),
  status: PublicationStatusSchema,
  validFrom: DateSchema,
  sources: z.array(SourceSchema).optional(),
  provenance: ProvenanceSchema.optional(),
  mappings: z.array(MappingSchema).min(1),
});
/** A crosswalk between two framework versions. */
export type Crosswalk = z.infer<typeof CrosswalkSchema>;

/**
 * Validates a crosswalk: its shape, then (given a registry) that source and target frameworks and
 * every mapped code exist, and that no mapping is given twice. Never throws on bad data.
 */
export function safeParseCrosswalk(input: unknown, options: { registry?: FrameworkRegistry; limits?: Partial<JsonLimits> } = {}): ValidationResult<Crosswalk> {
  const parsed = safeParseWithSchema(CrosswalkSchema, input, options.limits);
  if (!parsed.ok) return parsed;
  const crosswalk = parsed.value;
  const issues: ValidationIssue[] = [];
  const registry = options.registry;
  const source = registry?.find(crosswalk.source);
  const target = registry?.find(crosswalk.target);
  if (registry) {
    if (!source) issues.push({ code: 'unresolved_reference', path: '$.source', message: `no framework or micro-qualification ${crosswalk.source}` });
    if (!target || target.type !== 'CompetencyFramework') issues.push({ code: 'unresolved_reference', path: '$.target', message: `no framework ${crosswalk.target}` });
  }
  const seen = new Set<string>();
  crosswalk.mappings.forEach((mapping, index) => {
    const key = `${[...mapping.from].sort().join('+')}→${mapping.to}`;
    if (seen.has(key)) issues.push({ code: 'duplicate_mapping', path: formatJsonPath(['mappings', index]), message: `${key} is mapped twice` });
    seen.add(key);
    if (!registry) return;
    mapping.from.forEach((code, position) => {
      const exists = source?.type === 'MicroQualification' ? source.learningOutcomes.some((outcome) => outcome.code === code) : registry.findCompetency(`${crosswalk.source}#${code}`) !== undefined;
      if (source && !exists) issues.push({ code: 'unresolved_reference', path: formatJsonPath(['mappings', index, 'from', position]), message: `${crosswalk.source} has no ${code}` });
    });
    if (target && !registry.findCompetency(`${crosswalk.target}#${mapping.to}`)) issues.push({ code: 'unresolved_reference', path: formatJsonPath(['mappings', index, 'to']), message: `${crosswalk.target} has no ${mapping.to}` });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: crosswalk, issues: [] };
}

/**
 * Validates a crosswalk like {@link safeParseCrosswalk}, returning it typed.
 * @throws {@link CarepassError} `CROSSWALK_INVALID` with `details.issues`.
 */
export function parseCrosswalk(input: unknown, options: { registry?: FrameworkRegistry } = {}): Crosswalk {
  const result = safeParseCrosswalk(input, options);
  if (result.ok) return result.value;
  const first = result.issues[0] as ValidationIssue;
  throw new CarepassError('CROSSWALK_INVALID', `invalid crosswalk: ${first.path}: ${first.message}`, { details: { issues: result.issues } });
}
