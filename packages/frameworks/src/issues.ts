import type { z } from 'zod';
import type { ValidationCode } from './validation-codes.js';

/**
 * One problem found in a document, the one shape every Carepass package reports problems in: a
 * stable lower_snake_case `code`, the JSON path where it was found (`$.competencies[2].code`), a
 * sentence for people, and the document it is about where several are checked together. `Code`
 * narrows the codes (credentials' issues are `Issue<VerificationCode>`).
 */
export interface Issue<Code extends string = string> {
  /** Stable code, e.g. `invalid_type`, `duplicate_code`, `unresolved_reference`. */
  code: Code;
  /** JSONPath of the offending value, starting at `$`. */
  path: string;
  /** What is wrong, for people. */
  message: string;
  /** The document it is about (`slug@version`), where several documents are checked together. */
  ref?: string;
}

/** A problem found validating a framework, micro-qualification, crosswalk or other publication. */
export type ValidationIssue = Issue<ValidationCode>;

/** The outcome of validating a document: the typed value, or every issue found. */
export type ValidationResult<T> =
  | { ok: true; value: T; issues: [] }
  | { ok: false; issues: ValidationIssue[] };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path of keys and indexes as JSONPath: `['a', 0, 'b c']` → `$.a[0]['b c']`. */
export function formatJsonPath(segments: readonly PropertyKey[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Converts zod's issues into Carepass validation issues with JSONPath locations. */
export function convertZodIssues(issues: readonly z.core.$ZodIssue[], basePath: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((issue) => {
    const path = [...basePath, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return {
        code: 'unrecognized_keys',
        path: formatJsonPath(path),
        message: `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (put custom data under "extensions")`,
      };
    }
    return { code: issue.code, path: formatJsonPath(path), message: issue.message };
  });
}

/** Builds a successful {@link ValidationResult}. */
export function validResult<T>(value: T): ValidationResult<T> {
  return { ok: true, value, issues: [] };
}

/** @deprecated Renamed {@link convertZodIssues} (verb-first); this alias goes in the next minor release. */
export const fromZodIssues = convertZodIssues;
