import { z } from 'zod';

/**
 * The rules an employer applies when recognising prior learning. Every field has a default, so
 * `{}` is a valid policy; the defaults are written out in `docs/guides/recognising-prior-learning.md`.
 */
export const RecognitionPolicySchema = z.strictObject({
  /** The date to assess at (`YYYY-MM-DD` or a date-time); default today. */
  asOf: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  /** Count evidence from issuers the trust registry does not list (or lists for something else). Default false. */
  acceptUntrusted: z.boolean().default(false),
  /** Coverage (0–1) a route must reach for a criterion to be recognised rather than partial. Default 0.8. */
  minimumCoverage: z.number().min(0).max(1).default(0.8),
  /**
   * Whether criteria assessed by workplace observation must be observed again by the new
   * employer before they count in full. Default true: they are `recognised-pending-observation`.
   */
  requireReobservation: z.boolean().default(true),
  /** Renewal periods in months that replace the framework's, by target code (e.g. `{ "12": 12 }`). */
  renewalMonths: z.record(z.string(), z.number().int().positive().max(1200)).default({}),
  /** Evidence older than this many months is due a refresher everywhere. Default: no limit. */
  maxEvidenceAgeMonths: z.number().int().positive().max(1200).optional(),
  /** Most crosswalks a route may pass through. Default 3. */
  maxChainLength: z.number().int().min(1).max(6).default(3),
  /** Notional hours of one assessment criterion when the framework gives none. Default 0.5. */
  criterionHours: z.number().nonnegative().default(0.5),
  /** Hours one workplace observation of a criterion takes. Default 0.25. */
  observationHours: z.number().nonnegative().default(0.25),
  /** Share of a criterion's hours a refresher takes. Default 0.5. */
  refresherShare: z.number().min(0).max(1).default(0.5),
});
/** The policy as given (every field optional). */
export type RecognitionPolicyInput = z.input<typeof RecognitionPolicySchema>;
/** The policy with defaults applied. */
export type RecognitionPolicy = z.output<typeof RecognitionPolicySchema>;
