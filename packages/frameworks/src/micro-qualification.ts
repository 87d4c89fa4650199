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
} from './common.js';
import { AssessmentMethodSchema, CompetencyCodeSchema } from './framework.js';

/**
 * A reference to a competency: `slug@version#code`, `slug#code` (latest version) or the
 * competency's URI.
 */
export const CompetencyRefSchema = z.string().min(1);

/** A learning outcome of a micro-qualification and the framework competencies it evidences. */
export const MicroQualificationOutcomeSchema = z.strictObject({
  code: CompetencyCodeSchema,
  statement: z.string().min(1),
  competencies: z.array(CompetencyRefSchema).min(1),
  assessmentMethod: AssessmentMethodSchema.optional(),
  provenance: ProvenanceSchema.optional(),
});
/** A learning outcome of a micro-qualification. */
export type MicroQualificationOutcome = z.infer<typeof MicroQualificationOutcomeSchema>;

/** Level in a qualifications framework; at least one scale must be given. */
export const QualificationLevelSchema = z
  .strictObject({
    rqf: z.union([z.literal('entry'), z.number().int().min(1).max(8)]).optional(),
    eqf: z.number().int().min(1).max(8).optional(),
    scqf: z.number().int().min(1).max(12).optional(),
    cqfw: z.union([z.literal('entry'), z.number().int().min(1).max(8)]).optional(),
  })
  .refine((level) => Object.values(level).some((value) => value !== undefined), {
    message: 'give at least one level: rqf, eqf, scqf or cqfw',
  });
/** Level in a qualifications framework (RQF, EQF, SCQF, CQFW). */
export type QualificationLevel = z.infer<typeof QualificationLevelSchema>;

/** Type of assessment, as the EU Council Recommendation on micro-credentials asks. */
export const MicroQualificationAssessmentSchema = z.strictObject({
  type: z.enum(['knowledge-test', 'workplace-observation', 'practical-demonstration', 'portfolio', 'mixed']),
  description: z.string().optional(),
});

/** Form of participation in the learning activity. */
export const ParticipationSchema = z.strictObject({
  mode: z.enum(['online', 'onsite', 'blended', 'work-based']),
  description: z.string().optional(),
});

/** The quality assurance used to create the micro-qualification. */
export const QualityAssuranceSchema = z.strictObject({
  type: z.enum(['internal', 'external', 'accredited', 'regulated']),
  body: z.string().optional(),
  description: z.string().min(1),
});

/**
 * A micro-qualification with the mandatory elements of the EU 2022 Council Recommendation on
 * micro-credentials (title, awarding body, country, learning outcomes, workload, level, assessment,
 * participation, quality assurance) and its optional ones (prerequisites, supervision and identity
 * check, stackability). Its learning outcomes point at competencies of published frameworks.
 */
export const MicroQualificationSchema = z.strictObject({
  $schema: z.string().optional(),
  type: z.literal('MicroQualification'),
  ...PublicationIdentityShape,
  description: z.string().min(1),
  awardingBody: OrganisationSchema,
  country: z.string().regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, 'must be an ISO 3166 code such as "GB" or "GB-ENG"'),
  language: LanguageSchema,
  licence: LicenceSchema.optional(),
  status: PublicationStatusSchema,
  validFrom: DateSchema,
  validUntil: DateSchema.optional(),
  supersedes: z.string().min(1).optional(),
  updated: DateTimeSchema.optional(),
  learningOutcomes: z.array(MicroQualificationOutcomeSchema).min(1),
  workload: z.strictObject({
    hours: z.number().positive(),
    ects: z.number().nonnegative().optional(),
  }),
  level: QualificationLevelSchema,
  assessment: MicroQualificationAssessmentSchema,
  participation: ParticipationSchema,
  qualityAssurance: QualityAssuranceSchema,
  renewalMonths: z.number().int().positive().max(1200).optional(),
  prerequisites: z
    .strictObject({
      description: z.string().optional(),
      competencies: z.array(CompetencyRefSchema).optional(),
      microQualifications: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  supervisionAndIdentityCheck: z
    .strictObject({
      supervised: z.boolean(),
      identityVerified: z.boolean(),
      description: z.string().optional(),
    })
    .optional(),
  stackability: z
    .strictObject({
      towards: z.array(z.strictObject({ ref: z.string().min(1), description: z.string().optional() })).min(1),
      description: z.string().optional(),
    })
    .optional(),
  sources: z.array(SourceSchema).optional(),
  provenance: ProvenanceSchema.optional(),
  extensions: ExtensionsSchema.optional(),
});
/** A micro-qualification. */
export type MicroQualification = z.infer<typeof MicroQualificationSchema>;
