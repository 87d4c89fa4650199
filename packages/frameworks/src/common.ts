import { z } from 'zod';

/** An absolute URI (URL or URN) identifying a framework, competency or organisation. */
export const UriSchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/, 'must be an absolute URI such as https://… or urn:…');

/** A URL-safe short name, unique per publisher: lower-case letters, digits and hyphens. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, e.g. "care-certificate"');

/** A version label such as `2015`, `2025` or `1.1`; compared segment by segment, numbers numerically. */
export const VersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)*$/, 'must be letters and digits separated by ".", "-" or "_", e.g. "2025" or "1.1"');

/**
 * The fields every published document opens with (frameworks, micro-qualifications, crosswalks):
 * its URI, slug, version and title. Spread into each document's schema after its `type`.
 */
export const PublicationIdentityShape = {
  /** The document's URI: never reused, and never changes meaning once published. */
  id: UriSchema,
  slug: SlugSchema,
  version: VersionSchema,
  title: z.string().min(1),
} as const;

/** A calendar date, `YYYY-MM-DD`. */
export const DateSchema = z.iso.date();

/** A point in time with an explicit offset, e.g. `2025-03-01T00:00:00Z`. */
export const DateTimeSchema = z.iso.datetime({ offset: true });

/** A BCP 47 language tag such as `en-GB` or `cy`. */
export const LanguageSchema = z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en-GB"');

/** Free-form data a publisher or tool attaches; keys should be namespaced (`case`, `x-myorg`). */
export const ExtensionsSchema = z.record(z.string(), z.unknown());

/** Publication status of a framework or micro-qualification. */
export const PublicationStatusSchema = z.enum(['draft', 'published', 'superseded']);
/** Publication status of a framework or micro-qualification. */
export type PublicationStatus = z.infer<typeof PublicationStatusSchema>;

/** An organisation that publishes, owns or awards something. */
export const OrganisationSchema = z.strictObject({
  name: z.string().min(1),
  id: UriSchema.optional(),
  url: z.url().optional(),
});
/** An organisation that publishes, owns or awards something. */
export type Organisation = z.infer<typeof OrganisationSchema>;

/** The licence under which a document may be reused. */
export const LicenceSchema = z.strictObject({
  name: z.string().min(1),
  url: z.url().optional(),
  text: z.string().optional(),
});
/** The licence under which a document may be reused. */
export type Licence = z.infer<typeof LicenceSchema>;

/** A public source that content was taken from, cited by `id` in provenance notes. */
export const SourceSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  url: z.url().optional(),
  publisher: z.string().optional(),
  accessed: DateSchema.optional(),
  note: z.string().optional(),
});
/** A public source that content was taken from. */
export type Source = z.infer<typeof SourceSchema>;

/**
 * How sure we are of a piece of content: `confirmed` (seen in the owner's document), `secondary`
 * (seen only in a third-party source), `unconfirmed` (not found in any source; verify before use)
 * or `inferred` (our own topical inference, not published by the owner).
 */
export const ConfidenceSchema = z.enum(['confirmed', 'secondary', 'unconfirmed', 'inferred']);
/** How sure we are of a piece of content. */
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** Where in a cited source an item was seen: the source's `id` and a locator (page, section, heading, URL path). */
export const CitationSchema = z.strictObject({
  source: z.string().min(1),
  locator: z.string().min(1),
});
/** Where in a cited source an item was seen. */
export type Citation = z.infer<typeof CitationSchema>;

/**
 * Whether an item's text is the published wording (`verbatim`) or Carepass's own short
 * paraphrase of it (`paraphrase`, the default for built-in data: official wording is never copied
 * beyond a short phrase).
 */
export const WordingSchema = z.enum(['verbatim', 'paraphrase']);
/** Whether an item's text is the published wording or a paraphrase. */
export type Wording = z.infer<typeof WordingSchema>;

/**
 * Where a piece of content comes from and how sure we are of it: the sources it was seen in
 * (`sources`, ids from the document's `sources`), where in each (`citations`), whether its text is
 * verbatim or a paraphrase, and any disagreement between sources, recorded rather than silently
 * resolved (`conflict`).
 */
export const ProvenanceSchema = z.strictObject({
  confidence: ConfidenceSchema,
  sources: z.array(z.string().min(1)).optional(),
  citations: z.array(CitationSchema).optional(),
  wording: WordingSchema.optional(),
  conflict: z.string().min(1).optional(),
  note: z.string().optional(),
});
/** Where a piece of content comes from and how sure we are of it. */
export type Provenance = z.infer<typeof ProvenanceSchema>;
