import { z } from 'zod';
import {
  DateSchema,
  DateTimeSchema,
  ExtensionsSchema,
  LanguageSchema,
  LicenceSchema,
  OrganisationSchema,
  ProvenanceSchema,
  PublicationIdentityShape,
  PublicationStatusSchema,
  SourceSchema,
  UriSchema,
} from './common.js';

/**
 * What a node in a framework tree is. Care Certificate trees run standard → learning outcome →
 * assessment criterion; qualifications use units, CSTF uses subjects and levels.
 */
export const CompetencyKindSchema = z.enum([
  'standard',
  'learning-outcome',
  'assessment-criterion',
  'unit',
  'subject',
  'level',
  'section',
  'topic',
  'competency',
]);
/** What a node in a framework tree is. */
export type CompetencyKind = z.infer<typeof CompetencyKindSchema>;

/**
 * How a competency must be evidenced: `knowledge` (workbook, discussion, written work),
 * `workplace-observation` (shown in practice and observed at work), `knowledge-and-observation`
 * (a node whose parts need both), `practical-demonstration` (shown in a practical training
 * session rather than in ordinary work, e.g. basic life support, which the employer must train in
 * practice; whether a simulation is accepted is for the framework's owner to say) or
 * `training-record` (completion of an approved course).
 */
export const AssessmentMethodSchema = z.enum([
  'knowledge',
  'workplace-observation',
  'knowledge-and-observation',
  'practical-demonstration',
  'training-record',
]);
/** How a competency must be evidenced. */
export type AssessmentMethod = z.infer<typeof AssessmentMethodSchema>;

/** Code of a competency, unique in its framework: `10`, `10.1`, `10.1a`, `fire-safety-l1`. */
export const CompetencyCodeSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s#@]+$/, 'must not contain spaces, "#" or "@"');

/** A node of a framework tree at any depth, with its children. */
export interface Competency {
  /** Stable URI; when absent it is `<framework id>/<code>`. */
  id?: string | undefined;
  /** Code unique in the framework, e.g. `10.1a`. */
  code: string;
  /** What the node is: standard, learning outcome, assessment criterion, unit… */
  kind: CompetencyKind;
  /** Short title or statement, paraphrased unless the licence allows the official wording. */
  title: string;
  /** Longer description. */
  description?: string | undefined;
  /** How it must be evidenced. */
  assessmentMethod?: AssessmentMethod | undefined;
  /** Months after which evidence of it is due a refresher (e.g. 12 for basic life support). */
  renewalMonths?: number | undefined;
  /** Notional learning hours for this node (used to say what recognition saves). */
  notionalHours?: number | undefined;
  /** Sectors or settings this variant applies to, e.g. `["health"]` or `["social-care"]`. */
  appliesTo?: string[] | undefined;
  /** Where the content comes from and how sure we are of it. */
  provenance?: z.infer<typeof ProvenanceSchema> | undefined;
  /** Publisher-defined data. */
  extensions?: Record<string, unknown> | undefined;
  /** Child nodes, in order. */
  children?: Competency[] | undefined;
}

/** Schema of a {@link Competency} node (recursive). */
export const CompetencySchema: z.ZodType<Competency> = z.lazy(() =>
  z.strictObject({
    id: UriSchema.optional(),
    code: CompetencyCodeSchema,
    kind: CompetencyKindSchema,
    title: z.string().min(1),
    description: z.string().optional(),
    assessmentMethod: AssessmentMethodSchema.optional(),
    renewalMonths: z.number().int().positive().max(1200).optional(),
    notionalHours: z.number().nonnegative().optional(),
    appliesTo: z.array(z.string().min(1)).optional(),
    provenance: ProvenanceSchema.optional(),
    extensions: ExtensionsSchema.optional(),
    children: z.array(CompetencySchema).optional(),
  }),
);

/** CASE 1.1 association types, plus `ext:` custom types. */
export const AssociationTypeSchema = z.union([
  z.enum([
    'isChildOf',
    'isPartOf',
    'isPeerOf',
    'exactMatchOf',
    'isRelatedTo',
    'precedes',
    'replacedBy',
    'exemplar',
    'hasSkillLevel',
    'isTranslationOf',
  ]),
  z.string().regex(/^ext:[A-Za-z0-9._-]+$/, 'custom association types start with "ext:"'),
]);
/** CASE 1.1 association types, plus `ext:` custom types. */
export type AssociationType = z.infer<typeof AssociationTypeSchema>;

/** One end of an association: a competency of this framework (by its URI) or any other resource. */
export const AssociationEndSchema = z.strictObject({
  uri: UriSchema,
  title: z.string().optional(),
  identifier: z.string().optional(),
  targetType: z.string().optional(),
});
/** One end of an association. */
export type AssociationEnd = z.infer<typeof AssociationEndSchema>;

/**
 * A typed link that is not part of the tree: `origin <type> destination`, e.g. an item that is an
 * `exactMatchOf` an item in another framework, or one that `precedes` another.
 */
export const AssociationSchema = z.strictObject({
  id: UriSchema.optional(),
  type: AssociationTypeSchema,
  origin: AssociationEndSchema,
  destination: AssociationEndSchema,
  sequenceNumber: z.number().int().optional(),
  notes: z.string().optional(),
  extensions: ExtensionsSchema.optional(),
});
/** A typed link that is not part of the tree. */
export type Association = z.infer<typeof AssociationSchema>;

/**
 * A versioned competency framework as a standards body publishes it: metadata, provenance and a
 * tree of competencies.
 */
export const FrameworkSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('CompetencyFramework'),
  ...PublicationIdentityShape,
  description: z.string().optional(),
  publisher: OrganisationSchema,
  jurisdiction: z.array(z.string().regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, 'must be an ISO 3166 code such as "GB" or "GB-ENG"')).min(1),
  language: LanguageSchema,
  licence: LicenceSchema.optional(),
  status: PublicationStatusSchema,
  validFrom: DateSchema,
  validUntil: DateSchema.optional(),
  supersedes: z.string().min(1).optional(),
  updated: DateTimeSchema.optional(),
  sources: z.array(SourceSchema).optional(),
  provenance: ProvenanceSchema.optional(),
  competencies: z.array(CompetencySchema).min(1),
  associations: z.array(AssociationSchema).optional(),
  extensions: ExtensionsSchema.optional(),
});
/** A versioned competency framework. */
export type Framework = z.infer<typeof FrameworkSchema>;
