import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyJson, fuzzParameters, hostileValues, prototypePolluted, refusesCleanly } from '@carepass/test-support';
import { assessCredentials } from './assess-credentials.js';
import { parseCrosswalk, safeParseCrosswalk } from './index.js';
import { createRecognitionEngine, type RecognitionEngine } from './index.js';
import { type EvidenceInput, evidenceFromCredential } from './evidence.js';

const engine: RecognitionEngine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: '2026-11-23' } });

/** Every public entry point of @carepass/portability that takes caller data, fed one hostile value. */
const entryPoints: [string, (input: unknown) => unknown][] = [
  ['safeParseCrosswalk', (input) => {
    const result = safeParseCrosswalk(input);
    expect(result.ok).toBe(false);
    if (!result.ok) for (const issue of result.issues) expect(issue.path.startsWith('$')).toBe(true);
  }],
  ['parseCrosswalk', (input) => parseCrosswalk(input)],
  ['createRecognitionEngine target', (input) => createRecognitionEngine({ target: input as string })],
  ['createRecognitionEngine policy', (input) => createRecognitionEngine({ target: 'care-certificate@2025', policy: input as never })],
  ['createRecognitionEngine crosswalks', (input) => createRecognitionEngine({ target: 'care-certificate@2025', crosswalks: [input as never] })],
  ['engine.assess evidence list', (input) => engine.assess(input as never)],
  ['engine.assess evidence item', (input) => engine.assess([input as never])],
  ['engine.summarise evidence item', (input) => engine.summarise([input as never])],
  ['engine.assess asOf', (input) => engine.assess([], { asOf: input as string })],
  ['evidenceFromCredential', (input) => evidenceFromCredential(input, { verified: false, checks: [], status: 'unknown', credential: { alignments: [], proofs: [] } } as never)],
  ['assessCredentials list', (input) => assessCredentials(engine, input as never)],
  ['assessCredentials item', (input) => assessCredentials(engine, [input as never])],
  ['assessCredentials credential', (input) => assessCredentials(engine, [{ credential: input, source: 'hostile.json' }])],
];

describe('hostile input to @carepass/portability', () => {
  it.each(hostileValues())('%s: every entry point refuses it with issues or a coded error, never a crash', async (_name, value) => {
    for (const [name, entry] of entryPoints) {
      const thrown = await refusesCleanly(() => entry(value)).catch((error: unknown) => {
        throw new Error(`${name}: ${String(error)}`);
      });
      if (thrown) expect(thrown.code, name).toMatch(/^[A-Z_]+$/u);
    }
    expect(prototypePolluted()).toBe(false);
  });

  it('refuses an oversized crosswalk with limit_exceeded at its JSON path', () => {
    const result = safeParseCrosswalk({ id: 'x', mappings: [{ note: 'x'.repeat(2_000_000) }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ code: 'limit_exceeded', path: '$.mappings[0].note' });
  });

  it('refuses more evidence than one worker can have, and says where a bad item is', async () => {
    const many: EvidenceInput[] = Array.from({ length: 10_001 }, (_, index) => ({ id: `e${index}`, verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' }));
    expect(await refusesCleanly(() => engine.assess(many))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('over the limit') });
    expect(await refusesCleanly(() => engine.assess([{ ...many[0], competencies: [42] } as never]))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('evidence[0].competencies[0]') });
  });

  it('a hostile credential inside assessCredentials is rejected evidence, not an exception', async () => {
    for (const [, value] of hostileValues()) {
      const report = await assessCredentials(engine, [{ credential: value, source: 'hostile.json' }]);
      expect(report.rejectedEvidence).toHaveLength(1);
      expect(report.rejectedEvidence[0]?.source).toBe('hostile.json');
      expect(report.summary.criteria.recognised).toBe(0);
      expect(report.summary.evidence).toMatchObject({ counted: 0, rejected: 1 });
    }
  });

  it('never throws anything but a coded error, whatever JSON it is given', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (value) => {
        for (const [name, entry] of entryPoints) {
          await refusesCleanly(() => entry(value)).catch((error: unknown) => {
            throw new Error(`${name}: ${String(error)}`);
          });
        }
        expect(prototypePolluted()).toBe(false);
      }),
      fuzzParameters(100),
    );
  });
});
