// Test-only: hostile JSON values every public entry point must refuse cleanly.
import fc from 'fast-check';

/** Named hostile inputs: deep nesting, huge strings, arrays and objects, prototype-pollution keys. */
export function hostileValues(): [string, unknown][] {
  const deepArray = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
  const deepObject = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
  const pollution = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "type": "CompetencyFramework", "@context": ["https://www.w3.org/ns/credentials/v2"]}') as unknown;
  return [
    ['null', null],
    ['a number', 42],
    ['a string', 'not a document'],
    ['an empty object', {}],
    ['an empty array', []],
    ['nesting 100,000 arrays deep', deepArray],
    ['nesting 50,000 objects deep', deepObject],
    ['a 2,000,000-character string', { type: 'CompetencyFramework', title: 'x'.repeat(2_000_000) }],
    ['a 200,000-item array', { type: 'CompetencyFramework', competencies: new Array(200_000).fill(0) }],
    ['an object with 20,000 keys', Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index]))],
    ['prototype-pollution keys', pollution],
    ['deep nesting inside a plausible document', { type: 'MicroQualification', learningOutcomes: [deepArray] }],
  ];
}

/** Arbitrary JSON, including objects with `__proto__` and `constructor` keys. */
export const anyJson = fc.oneof(fc.jsonValue(), fc.record({ __proto__: fc.jsonValue(), constructor: fc.jsonValue(), type: fc.constantFrom('CompetencyFramework', 'MicroQualification', 'Crosswalk', 'VerifiableCredential') }, { noNullPrototype: true }));

/** Calls `action`, which may return anything or throw a CarepassError; any other throw is a failure. Returns what it threw, if anything. */
export async function refusesCleanly(action: () => unknown): Promise<{ code?: string; message?: string } | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    const coded = error as { name?: string; code?: string; message?: string };
    if (coded?.name !== 'CarepassError' || typeof coded.code !== 'string') throw new Error(`expected a coded CarepassError, got ${String(error)}`);
    return { code: coded.code, message: coded.message ?? "" };
  }
}

/** Whether something polluted Object.prototype. */
export function prototypePolluted(): boolean {
  return ({} as { polluted?: unknown }).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
}

/**
 * fast-check parameters: `runs` in `npm test`; CAREPASS_FUZZ_RUNS and CAREPASS_SEED (to replay a
 * failing long run) in `npm run test:adversarial`.
 */
export function fuzzParameters(runs: number): { numRuns: number; seed?: number } {
  const fromEnvironment = Number(process.env.CAREPASS_FUZZ_RUNS);
  const seed = Number(process.env.CAREPASS_SEED);
  return { numRuns: Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : runs, ...(Number.isInteger(seed) ? { seed } : {}) };
}
