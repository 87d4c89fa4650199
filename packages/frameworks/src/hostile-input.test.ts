import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCasePackage } from './case/import-case.js';
import { checkJsonLimits } from './limits.js';
import { createFrameworkRegistry } from './registry.js';
import { anyJson, fuzzParameters, hostileValues, prototypePolluted, refusesCleanly } from '@carepass/test-support';
import { parseFramework, safeParseFramework, safeParseMicroQualification, safeParsePublication } from './validate.js';

const entryPoints: [string, (input: unknown) => unknown][] = [
  ['safeParseFramework', safeParseFramework],
  ['safeParseMicroQualification', safeParseMicroQualification],
  ['safeParsePublication', safeParsePublication],
  ['parseFramework', parseFramework],
  ['importCasePackage', importCasePackage],
  ['createFrameworkRegistry', (input) => createFrameworkRegistry({ publications: [input] })],
];

describe('hostile input to @carepass/frameworks', () => {
  it.each(hostileValues())('%s: every entry point refuses it with issues or a coded error, never a crash', async (_name, value) => {
    for (const [name, entry] of entryPoints) {
      const thrown = await refusesCleanly(() => {
        const result = entry(value) as { ok?: boolean; issues?: { path: string }[] } | undefined;
        if (result && 'ok' in result) {
          expect(result.ok, name).toBe(false);
          for (const issue of result.issues ?? []) expect(issue.path.startsWith('$'), name).toBe(true);
        }
      });
      if (thrown) expect(thrown.code, name).toMatch(/^[A-Z_]+$/u);
    }
    expect(prototypePolluted()).toBe(false);
  });

  it('refuses size and depth with limit_exceeded at the JSON path where it was found', () => {
    const deep = safeParseFramework(hostileValues().find(([name]) => name.startsWith('nesting 50,000'))?.[1]);
    expect(deep.issues[0]).toMatchObject({ code: 'limit_exceeded', path: expect.stringMatching(/^\$\.a\.a/u), message: expect.stringContaining('64 levels') });
    const long = safeParseFramework({ type: 'CompetencyFramework', title: 'x'.repeat(2_000_000) });
    expect(long.issues[0]).toMatchObject({ code: 'limit_exceeded', path: '$.title' });
    expect(safeParseFramework({ title: 'x'.repeat(200) }, { limits: { maxStringLength: 100 } }).issues[0]?.code).toBe('limit_exceeded');
  });

  it('checkJsonLimits walks any JSON without recursion and accepts what is within the limits', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        expect(checkJsonLimits(value)).toBeUndefined();
        expect(checkJsonLimits(value, { maxDepth: 0 })?.code ?? 'scalar').toMatch(/limit_exceeded|scalar/u);
      }),
    );
  });

  it('never throws anything but a coded error, whatever JSON it is given', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (value) => {
        for (const [, entry] of entryPoints) await refusesCleanly(() => entry(value));
        expect(prototypePolluted()).toBe(false);
      }),
      fuzzParameters(200),
    );
  });
});
