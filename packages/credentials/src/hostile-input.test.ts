import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { anyJson, fuzzParameters, hostileValues, prototypePolluted, refusesCleanly } from '@carepass/test-support';
import { decodeStatusBitstring } from './status/bitstring.js';
import { checkCredentialDataModel, checkOpenBadge } from './verify/data-model.js';
import { issueCredential } from './issue/issue.js';
import { exportIssuerKey, generateIssuerKey, importIssuerKey, type IssuerKey } from './keys/keys.js';
import { createPresentation, verifyPresentation } from './verify/presentation.js';
import { signCredential } from './issue/sign.js';
import { createStatusListResolver } from './status/status-list.js';
import { createTrustChecker, parseTrustRegistry } from './trust/trust.js';
import { summariseCredential, verifyCredential } from './index.js';

let key: IssuerKey;
let good: Record<string, unknown>;
let secret: string;

beforeAll(async () => {
  key = await generateIssuerKey();
  secret = exportIssuerKey(key, { includeSecret: true }).secretKeyMultibase as string;
  good = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }, { key, issuer: { name: 'Sunrise Home Care' } });
});

const entryPoints = (): [string, (input: unknown) => unknown][] => [
  ['verifyCredential', async (input) => expect((await verifyCredential(input)).verified).toBe(false)],
  ['verifyPresentation', async (input) => expect((await verifyPresentation(input, { challenge: 'c', domain: 'd' })).verified).toBe(false)],
  ['summariseCredential', (input) => summariseCredential(input)],
  ['checkCredentialDataModel', (input) => checkCredentialDataModel(input as Record<string, unknown>)],
  ['checkOpenBadge', (input) => checkOpenBadge(input as Record<string, unknown>)],
  ['issueCredential', (input) => issueCredential(input as never, { key })],
  ['signCredential', (input) => signCredential(input as never, { key })],
  ['createPresentation list', (input) => createPresentation(input as never, { key, challenge: 'c', domain: 'd' })],
  ['createPresentation item', (input) => createPresentation([input as object], { key, challenge: 'c', domain: 'd' })],
  ['importIssuerKey', (input) => importIssuerKey(input as never)],
  ['parseTrustRegistry', (input) => parseTrustRegistry(input as never)],
  ['createTrustChecker', (input) => createTrustChecker({ registries: [input as object] })],
  ['createStatusListResolver', (input) => createStatusListResolver([input as object])],
  ['decodeStatusBitstring', (input) => decodeStatusBitstring(input as string)],
];

describe('hostile input to @carepass/credentials', () => {
  it.each(hostileValues())('%s: refused by every entry point with a result or a coded error', async (_name, value) => {
    for (const [name, entry] of entryPoints()) {
      const thrown = await refusesCleanly(() => entry(value));
      if (thrown) expect(thrown.code, name).toMatch(/^[A-Z_]+$/u);
    }
    expect(prototypePolluted()).toBe(false);
  });

  it('refuses oversized and deeply nested credentials at the parse step, with the path', async () => {
    const deep = await verifyCredential({ ...good, evidence: hostileValues().find(([name]) => name.startsWith('nesting 100,000'))?.[1] });
    expect(deep.checks[0]).toMatchObject({ check: 'parse', ok: false, code: 'limit_exceeded', path: expect.stringMatching(/^\$\.evidence\[0\]/u) });
    const long = await verifyCredential({ ...good, name: 'x'.repeat(2_000_000) });
    expect(long.checks[0]).toMatchObject({ code: 'limit_exceeded', path: '$.name' });
    const limited = await verifyCredential(good, { limits: { maxDepth: 2 } });
    expect(limited.checks[0]?.code).toBe('limit_exceeded');
  });

  it('stops a blank-node "poison" graph with a work limit, in bounded time, with its own code', async () => {
    const nodes = Array.from({ length: 60 }, (_, index) => ({ '@id': `_:b${index}`, type: ['Profile'], parentOrg: Array.from({ length: 60 }, (__, other) => ({ '@id': `_:b${other}` })).filter((_node, other) => other !== index) }));
    const poison = { ...good, issuer: { ...(good.issuer as object), parentOrg: nodes } };
    const result = await verifyCredential(poison);
    expect(result.verified).toBe(false);
    expect(result.checks.find((check) => !check.ok)).toMatchObject({ check: 'json-ld', code: 'graph_too_complex' });
  });

  it('never lets a secret key out: not in results, errors, presentations or thrown objects', async () => {
    const outputs: unknown[] = [key, good, await verifyCredential(good), await createPresentation([good], { key, challenge: 'c', domain: 'd' })];
    for (const [, entry] of entryPoints()) {
      try {
        outputs.push(await entry({ ...good, proof: 'x' }));
      } catch (error) {
        outputs.push(error, (error as Error).message, (error as { details?: unknown }).details, (error as { cause?: unknown }).cause);
      }
    }
    try {
      await signCredential({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { shoeSize: 9 } }, { key });
    } catch (error) {
      outputs.push(error, String(error), JSON.stringify(error), (error as { details?: unknown }).details);
    }
    const seen = new WeakSet<object>();
    const serialise = (value: unknown): string =>
      typeof value === 'string'
        ? value
        : JSON.stringify(value, (_name, entry: unknown) => {
            if (typeof entry === 'object' && entry !== null) {
              if (seen.has(entry)) return '[seen]';
              seen.add(entry);
            }
            return entry instanceof Error ? { ...entry, message: entry.message, stack: entry.stack, cause: entry.cause } : entry;
          }) ?? '';
    for (const output of outputs) {
      const text = serialise(output);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(1, 20));
    }
  });

  it('never throws anything but a coded error, whatever JSON it is given', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (value) => {
        for (const [, entry] of entryPoints()) await refusesCleanly(() => entry(value));
        expect(prototypePolluted()).toBe(false);
      }),
      fuzzParameters(60),
    );
  });
});
