/**
 * Stable error codes. Callers and tests branch on these, never on message text; the CLI maps
 * them to exit codes. New codes are added here, in one closed union for every package.
 */
export const CarepassErrorCodes = [
  // Misuse of an API: a missing or ill-typed option, an impossible combination.
  'INVALID_ARGUMENT',
  // Input that could not be read as what it claims to be (not JSON, too large, too deep).
  'INPUT_UNREADABLE',
  // Frameworks and micro-qualifications.
  'FRAMEWORK_INVALID',
  'FRAMEWORK_NOT_FOUND',
  'FRAMEWORK_DUPLICATE',
  'COMPETENCY_NOT_FOUND',
  'REFERENCE_INVALID',
  // 1EdTech CASE exchange.
  'CASE_INVALID',
  // Credentials: keys, identifiers, documents, signing.
  'KEY_INVALID',
  'KEY_FILE_UNSAFE',
  'DID_NOT_RESOLVED',
  'CONTEXT_NOT_FOUND',
  'DOCUMENT_NOT_FOUND',
  'CREDENTIAL_INVALID',
  'SIGNING_FAILED',
  // A worker thread of batch verification stopped (it ran out of memory or was killed).
  'WORKER_FAILED',
  // Portability: crosswalks and recognition.
  'CROSSWALK_INVALID',
] as const;

/** One of the stable string codes a {@link CarepassError} can carry. */
export type CarepassErrorCode = (typeof CarepassErrorCodes)[number];

/** Options for {@link CarepassError}: the underlying cause and any structured detail. */
export interface CarepassErrorOptions {
  /** The error or value that led to this one. */
  cause?: unknown;
  /** Structured detail a program can use, such as validation issues. Never secret material. */
  details?: Record<string, unknown>;
}

/**
 * The single error class thrown by every Carepass package. `code` is stable across releases;
 * `message` is for people and says what went wrong and where.
 *
 * @example
 * ```ts
 * try { registry.getFramework('care-certificate@1999'); }
 * catch (error) { if (isCarepassError(error, 'FRAMEWORK_NOT_FOUND')) { … } }
 * ```
 */
export class CarepassError extends Error {
  /** The stable code naming what went wrong. */
  readonly code: CarepassErrorCode;
  /** Structured detail a program can use, such as validation issues. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: CarepassErrorCode, message: string, options: CarepassErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CarepassError';
    this.code = code;
    this.details = options.details;
  }
}

/**
 * Tells whether a value is a {@link CarepassError}, optionally with a given code. Works across
 * duplicate copies of the package, where `instanceof` would not.
 */
export function isCarepassError(value: unknown, code?: CarepassErrorCode): value is CarepassError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (candidate.name !== 'CarepassError' || typeof candidate.code !== 'string') return false;
  return code === undefined || candidate.code === code;
}
