import { formatJsonPath, type ValidationIssue } from './issues.js';

/**
 * Size and shape limits on JSON input, checked before anything else looks at it, so hostile input
 * (deep nesting, huge strings or arrays, millions of keys) is refused in bounded time and memory.
 */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Longest string (characters). */
  maxStringLength: number;
  /** Longest array. */
  maxArrayLength: number;
  /** Most properties in one object. */
  maxObjectKeys: number;
  /** Most values (objects, arrays and scalars) in the whole document. */
  maxValues: number;
}

/**
 * Defaults that fit every real framework, credential and presentation with a wide margin: depth 64,
 * strings of 1,000,000 characters, arrays of 100,000 items, objects of 10,000 keys, 1,000,000 values.
 */
export const DEFAULT_JSON_LIMITS: Readonly<JsonLimits> = Object.freeze({
  maxDepth: 64,
  maxStringLength: 1_000_000,
  maxArrayLength: 100_000,
  maxObjectKeys: 10_000,
  maxValues: 1_000_000,
});

/**
 * Checks a parsed JSON value against limits without recursion (so no input can overflow the
 * stack). Returns the first issue, with the JSON path where it was found, or undefined when the
 * value is within the limits.
 */
export function checkJsonLimits(value: unknown, limits: Partial<JsonLimits> = {}): (ValidationIssue & { code: 'limit_exceeded' }) | undefined {
  const { maxDepth, maxStringLength, maxArrayLength, maxObjectKeys, maxValues } = { ...DEFAULT_JSON_LIMITS, ...limits };
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  let seen = 0;
  const issue = (path: (string | number)[], message: string): ValidationIssue & { code: 'limit_exceeded' } => ({ code: 'limit_exceeded', path: formatJsonPath(path), message });
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (++seen > maxValues) return issue(path, `the document has more than ${maxValues} values`);
    if (typeof current === 'string') {
      if (current.length > maxStringLength) return issue(path, `a string of ${current.length} characters is longer than the limit of ${maxStringLength}`);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= maxDepth) return issue(path, `nesting deeper than ${maxDepth} levels`);
    if (Array.isArray(current)) {
      if (current.length > maxArrayLength) return issue(path, `an array of ${current.length} items is longer than the limit of ${maxArrayLength}`);
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(current);
    if (keys.length > maxObjectKeys) return issue(path, `an object with ${keys.length} properties is over the limit of ${maxObjectKeys}`);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string;
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}
