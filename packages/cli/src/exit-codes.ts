import { type CarepassErrorCode, isCarepassError } from '@carepass/frameworks';

/** Exit code: the command succeeded and every result was positive. */
export const EXIT_OK = 0;
/** Exit code: the command ran, and a result was negative (invalid, rejected, revoked, untrusted). */
export const EXIT_NEGATIVE = 1;
/** Exit code: bad usage, or input that could not be read. */
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: unknown verb or flag, missing argument. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// Error codes that mean "what you asked for is not there or not readable", i.e. usage (2);
// everything else that reaches the top is a negative result about the input (1).
const USAGE_CODES: ReadonlySet<CarepassErrorCode> = new Set<CarepassErrorCode>([
  'INVALID_ARGUMENT',
  'INPUT_UNREADABLE',
  'OUTPUT_UNWRITABLE',
  'FILE_EXISTS',
  'REFERENCE_INVALID',
  'FRAMEWORK_NOT_FOUND',
  'COMPETENCY_NOT_FOUND',
  'KEY_INVALID',
  'KEY_FILE_UNSAFE',
]);

/** The exit code the CLI ends with when an error with this code escapes a command: 2 (usage, unreadable input) or 1. */
export function exitCodeOf(code: CarepassErrorCode): number {
  return USAGE_CODES.has(code) ? EXIT_USAGE : EXIT_NEGATIVE;
}

/** Maps an error that escaped a command to an exit code and a one-line message, never a stack. */
export function describeFailure(error: unknown): { exitCode: number; message: string } {
  if (error instanceof UsageError) return { exitCode: EXIT_USAGE, message: error.message };
  if (isCarepassError(error)) {
    return { exitCode: USAGE_CODES.has(error.code) ? EXIT_USAGE : EXIT_NEGATIVE, message: `${error.message} [${error.code}]` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_USAGE, message: `unexpected failure: ${message.split('\n')[0]}` };
}
