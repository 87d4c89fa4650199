// The first two steps of every `safeParse…` function in Carepass: refuse JSON beyond the limits,
// then check the zod schema, with every issue given a JSON path.
import type { z } from 'zod';
import { convertZodIssues, type ValidationResult, validResult } from './issues.js';
import { checkJsonLimits, type JsonLimits } from './limits.js';

/**
 * Checks a parsed JSON value against the JSON limits, then against a zod schema. Never throws on
 * bad data: the typed value, or the issues (one `limit_exceeded`, or every schema issue).
 */
export function safeParseWithSchema<Schema extends z.ZodType>(schema: Schema, input: unknown, limits?: Partial<JsonLimits>): ValidationResult<z.output<Schema>> {
  const tooBig = checkJsonLimits(input, limits);
  if (tooBig) return { ok: false, issues: [tooBig] };
  const parsed = schema.safeParse(input);
  return parsed.success ? validResult(parsed.data) : { ok: false, issues: convertZodIssues(parsed.error.issues) };
}
