// What an issuer asks for, as zod schemas: the single source of the request's types and its checks.
import { CarepassError, convertZodIssues } from '@carepass/frameworks';
import { z } from 'zod';

/** Who a credential is about: a DID (or other URI), or an email address stored only as a salted hash. */
export const CredentialSubjectInputSchema = z.union([z.strictObject({ id: z.string().min(1) }), z.strictObject({ email: z.string().min(1), salt: z.string().min(1) })]);
/** Who a credential is about. */
export type CredentialSubjectInput = z.infer<typeof CredentialSubjectInputSchema>;

/** Evidence behind an award, e.g. a workplace observation. */
export const EvidenceInputSchema = z.strictObject({
  /** What the evidence is, e.g. `Workplace observation`. */
  genre: z.string().min(1),
  /** What was seen or assessed, in plain words. */
  narrative: z.string().min(1),
  /** Short name. */
  name: z.string().optional(),
  /** Where the evidence is kept (a URL), if it may be shared. */
  id: z.string().optional(),
  /** Who assessed it (name or role), e.g. `Registered manager`. */
  audience: z.string().optional(),
});
/** Evidence behind an award. */
export type EvidenceInput = z.infer<typeof EvidenceInputSchema>;

const common = {
  /** The worker. */
  subject: CredentialSubjectInputSchema,
  /** When it was achieved; default the validFrom. */
  awardedDate: z.string().optional(),
  /** Start of validity; default now. */
  validFrom: z.string().optional(),
  /** End of validity; default from the renewal period, if any. */
  validUntil: z.string().optional(),
  /** Evidence, e.g. a workplace observation. */
  evidence: z.array(EvidenceInputSchema).optional(),
  /** The credential's id; default a random `urn:uuid:`. */
  id: z.string().optional(),
};

/** The three kinds of award, each a schema of its own. */
const REQUESTS = {
  /** A competency, `slug[@version]#code` or its URI: achievementType `Competency`. */
  competency: z.strictObject({ competency: z.string().min(1), ...common }),
  /** A whole framework, `slug[@version]` (e.g. the complete Care Certificate): achievementType `Certificate`. */
  framework: z.strictObject({ framework: z.string().min(1), ...common }),
  /** A micro-qualification, `slug[@version]`: achievementType `MicroCredential`. */
  microQualification: z.strictObject({ microQualification: z.string().min(1), ...common }),
} as const;

/**
 * What to award: exactly one of a competency (`competency`), a whole framework (`framework`) or a
 * micro-qualification (`microQualification`), with the worker (`subject`) and optional dates,
 * evidence and id.
 */
export const IssueCredentialRequestSchema = z.union([REQUESTS.competency, REQUESTS.framework, REQUESTS.microQualification]);
/** What to award: exactly one of a competency, a whole framework, or a micro-qualification. */
export type IssueCredentialRequest = z.infer<typeof IssueCredentialRequestSchema>;

/**
 * Checks a request and says which kind of award it is.
 * @throws {@link CarepassError} `INVALID_ARGUMENT` naming the first problem and its JSON path
 * (all of them in `details.issues`).
 */
export function parseIssueCredentialRequest(input: unknown): { kind: keyof typeof REQUESTS; request: IssueCredentialRequest } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'the request must be an object: { competency | framework | microQualification, subject }');
  const kinds = (Object.keys(REQUESTS) as (keyof typeof REQUESTS)[]).filter((kind) => (input as Record<string, unknown>)[kind] !== undefined);
  if (kinds.length !== 1) throw new CarepassError('INVALID_ARGUMENT', 'give exactly one of competency, framework or microQualification');
  const kind = kinds[0] as keyof typeof REQUESTS;
  const parsed = REQUESTS[kind].safeParse(input);
  if (!parsed.success) {
    const issues = convertZodIssues(parsed.error.issues);
    const first = issues[0];
    throw new CarepassError('INVALID_ARGUMENT', `the request is not valid: ${first?.path ?? '$'}: ${first?.message ?? 'invalid'}`, { details: { issues } });
  }
  return { kind, request: parsed.data };
}
