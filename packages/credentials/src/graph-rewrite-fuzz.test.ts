import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from './jsonld/document-loader.js';
import { issueCredential } from './issue/issue.js';
import { generateIssuerKey } from './keys/keys.js';
import type { SignedCredential } from './issue/sign.js';
import { allocateStatusIndex, createStatusChecker, createStatusListState, issueStatusListCredentials, setCredentialStatus, createStatusEntries, createStatusListResolver } from './status/status-list.js';
import { GRAPH_REWRITE_FAMILIES, type GraphRewriteFamily, graphRewrites, randomGraphRewrite, sampleGraphRewrites } from '@carepass/test-support';
import { seededRandom } from '@carepass/test-support';
import { createTrustChecker, createTrustRegistry } from './trust/trust.js';
import { type ExtraCheck, type VerifyCredentialOptions, type VerifyCredentialResult, verifyCredential } from './verify/verify.js';

// Security issue #14, as a property: an eddsa-rdfc-2022 proof signs the RDF graph, so any rewrite
// of the JSON that keeps the graph keeps the signature. For every such rewrite (graph-rewrites.ts:
// every single one of each document, then seeded random compositions of 1 to 4), Carepass either
// refuses the document for its integrity or answers exactly as for the original: same verdict,
// same status, same signed view, same summary, same checks. Trust registries and status lists
// rewritten the same way never change a trust verdict or let a revoked credential through.
// 600 rewrites at least in `npm test`: a seeded sample of the single rewrites of each document
// that covers every family, and at least MIN_COMPOSITIONS compositions per document. From
// ALL_SINGLES_FROM rewrites up (the adversarial run) every single rewrite is run as well. Replay a
// failure with the seed in the title.
const COUNT = Number(process.env.CAREPASS_GRAPH_REWRITES ?? 600);
const SEED = Number(process.env.CAREPASS_SEED ?? 20261123);
const MIN_COMPOSITIONS = 40;
const ALL_SINGLES_FROM = 5_000;
const TIMEOUT = Math.max(600_000, COUNT * 60);
const NOW = new Date('2026-11-23T12:00:00Z');
/** Checks that refuse a document for what it is, before anything about its status, validity or trust. */
const INTEGRITY = new Set(['parse', 'data-model', 'json-ld', 'open-badges', 'proof', 'issuer']);
const LIST_REFUSALS = ['status_list_invalid', 'status_unavailable', 'status_list_stale'];

type Json = Record<string, unknown>;
type Name = 'expiredRevoked' | 'revoked' | 'jcs' | 'hashedSubject' | 'wholeFramework' | 'registry' | 'revocationList';
interface Rewritten {
  label: string;
  families: readonly GraphRewriteFamily[];
  document: unknown;
}
/**
 * Per family: the rewrites that used it; those `kept` (their signature checked out and every answer
 * was the original's: for a registry or a list, it was accepted and changed no verdict); those refused.
 */
type Tally = Map<GraphRewriteFamily, { rewrites: number; kept: number; refused: number }>;

const documentLoader = createDocumentLoader();
let documents: Record<Name, SignedCredential>;
let compositions: number;
let singlesPerDocument: number;
let planned: number;
let options: VerifyCredentialOptions;
let lists: Record<'revocation' | 'suspension', SignedCredential>;
/** The credentials a trust registry is asked about: in scope, out of scope, trust expired, unlisted. */
let trustCases: { name: string; credential: SignedCredential; document: Json; issuer: string }[];

/**
 * The single rewrites run for a document: all of them in the adversarial run; otherwise up to
 * `limit`, taken family by family in turn (so every family is tried) in a seeded order.
 */
function singlesOf(document: SignedCredential, limit: number, random: () => number): ReturnType<typeof graphRewrites> {
  return COUNT >= ALL_SINGLES_FROM ? graphRewrites(document) : sampleGraphRewrites(document, limit, random);
}

function* rewritesOf(name: Name): Generator<Rewritten> {
  const document = documents[name];
  for (const rewrite of singlesOf(document, singlesPerDocument, seededRandom(SEED - 1 - Object.keys(documents).indexOf(name)))) yield { label: rewrite.label, families: [rewrite.family], document: rewrite.apply(document) };
  const random = seededRandom(SEED + Object.keys(documents).indexOf(name));
  for (let run = 0; run < compositions; run++) {
    const composed = randomGraphRewrite(document, random);
    yield { label: `composition #${run}: ${composed.label}`, families: composed.families, document: composed.document };
  }
}

function record(tally: Tally, families: readonly GraphRewriteFamily[], outcome: 'kept' | 'refused' | 'changed'): void {
  for (const family of new Set(families)) {
    const entry = tally.get(family) ?? { rewrites: 0, kept: 0, refused: 0 };
    entry.rewrites++;
    if (outcome !== 'changed') entry[outcome]++;
    tally.set(family, entry);
  }
}

const describeTally = (tally: Tally): string => GRAPH_REWRITE_FAMILIES.map((family) => `${family} ${tally.get(family)?.rewrites ?? 0} (kept ${tally.get(family)?.kept ?? 0}, refused ${tally.get(family)?.refused ?? 0})`).join('; ');
const unchanged = (rewritten: unknown, name: Name): boolean => JSON.stringify(rewritten) === JSON.stringify(documents[name]);
const checkList = (result: VerifyCredentialResult) => result.checks.map(({ check, ok, code }) => ({ check, ok, code }));

beforeAll(async () => {
  const keyFrom = (fill: number) => generateIssuerKey({ seed: new Uint8Array(32).fill(fill) });
  const [issuer, operator, lapsed, stranger] = [await keyFrom(31), await keyFrom(32), await keyFrom(33), await keyFrom(34)];
  let state = await createStatusListState({ id: 'https://status.example/lists/1', issuer: issuer.controller });
  const indexes: number[] = [];
  for (const start of [0.25, 0.75]) {
    const allocation = await allocateStatusIndex(state, { random: () => start });
    state = await setCredentialStatus(allocation.state, allocation.index, 'revocation', true);
    indexes.push(allocation.index);
  }
  // Signed three days before `now`: fresh by the 31-day default.
  lists = await issueStatusListCredentials(state, { key: issuer, validFrom: '2026-11-20T00:00:00Z', created: '2026-11-20T00:00:00Z' });
  const common = { key: issuer, issuer: { name: 'Sunrise Home Care', url: 'https://sunrise.example' }, created: '2026-01-05T09:00:00Z' } as const;
  const subject = { id: 'did:example:naomi' };
  const evidence = [{ genre: 'Workplace observation', narrative: 'Moving and handling observed on shift', audience: 'Registered manager' }];
  const standard = (validUntil: string, index: number) =>
    issueCredential({ competency: 'care-certificate@2025#10', subject, validFrom: '2026-01-05T09:00:00Z', validUntil, evidence }, { ...common, extra: { credentialStatus: createStatusEntries(state, index) } });
  const registry = await createTrustRegistry({
    key: operator,
    name: 'National register of endorsed care training providers',
    id: 'https://registry.example/national',
    validFrom: '2026-01-01T00:00:00Z',
    issuers: [
      { id: issuer.controller, name: 'Sunrise Home Care', accreditation: 'Endorsed training provider', scope: ['care-certificate'], trustedFrom: '2026-01-01T00:00:00Z', trustedUntil: '2030-01-01T00:00:00Z' },
      { id: lapsed.controller, name: 'Lapsed Training Ltd', scope: ['care-certificate', 'dementia-types-and-care'], trustedUntil: '2026-06-01T00:00:00Z' },
    ],
  });
  documents = {
    // An Open Badge for one Care Certificate standard, revoked: expired, and still valid by date.
    expiredRevoked: await standard('2026-06-01T00:00:00Z', indexes[0] as number),
    revoked: await standard('2029-01-05T09:00:00Z', indexes[1] as number),
    // Its proof signs the JSON: most rewrites break it, and none may change an answer.
    jcs: await issueCredential({ competency: 'care-certificate@2025#15', subject, validFrom: '2026-01-05T09:00:00Z' }, { ...common, suite: 'eddsa-jcs-2022' }),
    hashedSubject: await issueCredential({ microQualification: 'dementia-types-and-care', subject: { email: 'naomi@example.org', salt: 'pepper' }, validFrom: '2026-01-05T09:00:00Z' }, common),
    // The "16 of 16" door: a whole framework, with the date it was awarded.
    wholeFramework: await issueCredential({ framework: 'care-certificate@2015', subject, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2026-01-05T09:00:00Z', evidence }, common),
    registry,
    revocationList: lists.revocation,
  };
  const checkTrust = await createTrustChecker({ registries: [registry], now: NOW, documentLoader });
  options = { now: NOW, documentLoader, checkStatus: createStatusChecker({ resolve: createStatusListResolver(Object.values(lists)) }), checkTrust };
  singlesPerDocument = Math.ceil(COUNT / Object.keys(documents).length);
  const singles = Object.values(documents).reduce((sum, document) => sum + singlesOf(document, singlesPerDocument, Math.random).length, 0);
  compositions = Math.max(MIN_COMPOSITIONS, Math.ceil((COUNT - singles) / Object.keys(documents).length));
  planned = singles + compositions * Object.keys(documents).length;
  const trusted = [
    ['in scope and trusted', await issueCredential({ competency: 'care-certificate@2025#12', subject, validFrom: '2026-01-05T09:00:00Z' }, common)],
    ['out of scope', await issueCredential({ microQualification: 'catheter-and-stoma-care', subject, validFrom: '2026-01-05T09:00:00Z' }, common)],
    ['trust expired', await issueCredential({ competency: 'care-certificate@2025#12', subject, validFrom: '2026-01-05T09:00:00Z' }, { ...common, key: lapsed })],
    ['unlisted issuer', await issueCredential({ competency: 'care-certificate@2025#12', subject, validFrom: '2026-01-05T09:00:00Z' }, { ...common, key: stranger })],
  ] as const;
  trustCases = await Promise.all(
    trusted.map(async ([name, credential]) => {
      const result = await verifyCredential(credential, { now: NOW, documentLoader });
      return { name, credential, document: result.document as Json, issuer: result.credential.issuer?.id as string };
    }),
  );
}, 60_000);

describe(`graph-rewrite fuzzing: at least ${COUNT} rewrites that keep the signed graph (seed ${SEED})`, () => {
  it('starts from documents that verify as expected', async () => {
    const statuses = Object.fromEntries(await Promise.all((['expiredRevoked', 'revoked', 'jcs', 'hashedSubject', 'wholeFramework'] as const).map(async (name) => [name, (await verifyCredential(documents[name], options)).status])));
    expect(statuses).toEqual({ expiredRevoked: 'expired', revoked: 'revoked', jcs: 'valid', hashedSubject: 'out-of-scope', wholeFramework: 'valid' });
    for (const name of ['registry', 'revocationList'] as const) expect((await verifyCredential(documents[name], { now: NOW, documentLoader })).verified).toBe(true);
    expect(trustCases.every((entry) => entry.document !== undefined)).toBe(true);
    expect(planned).toBeGreaterThanOrEqual(COUNT);
  });

  it('credentials: every rewrite is refused for its integrity, or answered exactly as the original', async () => {
    const tally: Tally = new Map();
    const problems: string[] = [];
    let total = 0;
    let kept = 0;
    for (const name of ['expiredRevoked', 'revoked', 'jcs', 'hashedSubject', 'wholeFramework'] as const) {
      const original = await verifyCredential(documents[name], options);
      for (const { label, families, document } of rewritesOf(name)) {
        // Two rewrites can undo each other (keys reversed twice): nothing to check then.
        if (unchanged(document, name)) continue;
        total++;
        const result = await verifyCredential(document, options);
        const failed = result.checks.find((check) => !check.ok);
        if (!result.verified && failed && INTEGRITY.has(failed.check)) {
          record(tally, families, 'refused');
          continue;
        }
        const differences = [
          result.verified !== original.verified && `verified ${original.verified} → ${result.verified}`,
          result.status !== original.status && `status ${original.status} → ${result.status}`,
          !isDeepStrictEqual(result.document, original.document) && 'document (the signed view)',
          !isDeepStrictEqual(result.credential, original.credential) && 'credential (the summary)',
          !isDeepStrictEqual(checkList(result), checkList(original)) && `checks ${JSON.stringify(checkList(original))} → ${JSON.stringify(checkList(result))}`,
        ].filter(Boolean);
        if (differences.length > 0) problems.push(`${name}, ${label}: ${differences.join('; ')}`);
        // Past every integrity check, so past the proof check too.
        const proofPassed = result.checks.some((check) => check.check === 'proof' && check.ok);
        if (proofPassed && differences.length === 0) kept++;
        record(tally, families, proofPassed && differences.length === 0 ? 'kept' : 'changed');
      }
    }
    console.info(`graph rewrites of credentials: ${total}; signature checked out and answers identical: ${kept}; by family: ${describeTally(tally)}`);
    expect(problems.slice(0, 10), `${problems.length} rewrites changed an answer (CAREPASS_SEED=${SEED})`).toEqual([]);
    // Not vacuous: a good share get through the proof check (genuinely graph-preserving), in every family.
    expect(kept / total).toBeGreaterThanOrEqual(0.25);
    for (const family of GRAPH_REWRITE_FAMILIES) expect(tally.get(family)?.kept ?? 0, `${family}: no rewrite passed the proof check`).toBeGreaterThan(0);
  }, TIMEOUT);

  it('trust registries: every rewrite gives the same trust verdicts, or the whole registry is refused', async () => {
    const verdictsOf = async (checker: ExtraCheck) => Promise.all(trustCases.map(async ({ document, issuer }) => {
      const { code, ok } = await checker(document, { now: NOW, documentLoader, issuer });
      return { code, ok };
    }));
    const checkerFor = (registry: unknown) => createTrustChecker({ registries: [registry as object], now: NOW, documentLoader });
    const expected = await verdictsOf(await checkerFor(documents.registry));
    expect(expected.map(({ code }) => code)).toEqual(['ok', 'out_of_scope', 'untrusted', 'untrusted']);
    // They are the verdicts verifyCredential reports with this checker as checkTrust.
    const reported = await Promise.all(trustCases.map(async ({ credential }) => (await verifyCredential(credential, { now: NOW, documentLoader, checkTrust: await checkerFor(documents.registry) })).checks.find((check) => check.check === 'trust')));
    expect(reported.map((check) => ({ code: check?.code, ok: check?.ok }))).toEqual(expected);
    const tally: Tally = new Map();
    const problems: string[] = [];
    let total = 0;
    let kept = 0;
    for (const { label, families, document } of rewritesOf('registry')) {
      if (unchanged(document, 'registry')) continue;
      total++;
      const verdicts = await verdictsOf(await checkerFor(document));
      const refused = verdicts.every(({ code }) => code === 'registry_invalid');
      const same = isDeepStrictEqual(verdicts, expected);
      if (!refused && same) kept++;
      record(tally, families, refused ? 'refused' : same ? 'kept' : 'changed');
      if (!refused && !same) problems.push(`${label}: ${JSON.stringify(expected)} → ${JSON.stringify(verdicts)}`);
    }
    console.info(`graph rewrites of the trust registry: ${total}; by family: ${describeTally(tally)}`);
    expect(problems.slice(0, 10), `${problems.length} rewrites changed a trust verdict (CAREPASS_SEED=${SEED})`).toEqual([]);
    expect(kept / total).toBeGreaterThanOrEqual(0.25);
  }, TIMEOUT);

  it('status lists: no rewrite of the revocation list lets the revoked credential through', async () => {
    const revoked = await verifyCredential(documents.revoked, options);
    const context = { now: NOW, documentLoader, issuer: revoked.credential.issuer?.id as string };
    const statusWith = async (list: unknown) => {
      const checker = createStatusChecker({ resolve: async (url) => (url === documents.revocationList.id ? (list as object) : url === lists.suspension.id ? lists.suspension : undefined) });
      return (await checker(revoked.document as Json, context)).code;
    };
    expect(await statusWith(documents.revocationList)).toBe('revoked');
    const tally: Tally = new Map();
    const problems: string[] = [];
    let total = 0;
    let kept = 0;
    for (const { label, families, document } of rewritesOf('revocationList')) {
      if (unchanged(document, 'revocationList')) continue;
      total++;
      const code = await statusWith(document);
      if (code === 'revoked') kept++;
      record(tally, families, code === 'revoked' ? 'kept' : LIST_REFUSALS.includes(code) ? 'refused' : 'changed');
      if (code !== 'revoked' && !LIST_REFUSALS.includes(code)) problems.push(`${label}: ${code}`);
    }
    console.info(`graph rewrites of the revocation list: ${total}; by family: ${describeTally(tally)}`);
    expect(problems.slice(0, 10), `${problems.length} rewrites let a revoked credential through (CAREPASS_SEED=${SEED})`).toEqual([]);
    expect(kept / total).toBeGreaterThanOrEqual(0.25);
  }, TIMEOUT);
});
