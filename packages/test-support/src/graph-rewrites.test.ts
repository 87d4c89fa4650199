import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonld from 'jsonld';
import jsigs from 'jsonld-signatures';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allocateStatusIndex,
  createDocumentLoader,
  createStatusListState,
  createTrustRegistry,
  generateIssuerKey,
  issueCredential,
  issueStatusListCredentials,
  createStatusEntries,
  verifyCredential,
} from '@carepass/credentials';
import { GRAPH_REWRITE_FAMILIES, type GraphRewriteFamily, randomGraphRewrite, sampleGraphRewrites } from './graph-rewrites.js';
import { seededRandom } from './mutations.js';

// The generator's own contract: every rewrite it makes keeps the RDFC-1.0 canonical N-Quads of
// the credential byte for byte (jsonld.js, safe mode, as eddsa-rdfc-2022 canonicalises), so the
// signature still holds (checked with the reference cryptosuite, outside Carepass), and Carepass's
// proof check passes unless a check before it refuses the rewritten JSON.

const documentLoader = createDocumentLoader();
const NOW = new Date('2026-06-01T00:00:00Z');
const SEED = Number(process.env.CAREPASS_SEED ?? 20260601);
const COMPOSITIONS = Number(process.env.CAREPASS_GRAPH_REWRITES ?? 120);
// In `npm test` a seeded, family-covering sample of each document's single rewrites; in the
// adversarial run (CAREPASS_GRAPH_REWRITES of 5,000 or more) every one of them.
const SINGLES = COMPOSITIONS >= 5_000 ? Number.POSITIVE_INFINITY : 60;

type Json = Record<string, unknown>;
let documents: Record<'openBadge' | 'hashedSubject' | 'trustRegistry' | 'statusList', Json>;

async function canonical(document: unknown): Promise<string> {
  const { proof: _proof, ...unsigned } = document as Json;
  return jsonld.canonize(unsigned, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, base: null, documentLoader });
}

/** Whether the signature holds by the reference eddsa-rdfc-2022 implementation, with no other check. */
async function signatureHolds(document: unknown): Promise<boolean> {
  const purpose = new jsigs.purposes.AssertionProofPurpose({ date: NOW });
  const result = await jsigs.verify(JSON.parse(JSON.stringify(document)) as object, { suite: new DataIntegrityProof({ cryptosuite: rdfcCryptosuite }), purpose, documentLoader });
  return result.verified;
}

/** What the verifier made of a rewrite: the proof verified, or a check before the proof refused it. */
async function proofOutcome(document: unknown): Promise<string> {
  const result = await verifyCredential(document, { now: NOW, documentLoader });
  const earlier = result.checks.find((check) => !check.ok && ['parse', 'data-model', 'json-ld'].includes(check.check));
  if (earlier) return `refused before the proof (${earlier.check}: ${earlier.code})`;
  const proof = result.checks.find((check) => check.check === 'proof');
  return proof?.ok ? 'proof ok' : `proof ${proof?.code ?? 'not checked'}: ${proof?.message ?? ''}`;
}

/** Checks one rewritten document against its original; returns the problems found. */
async function problemsWith(original: Json, rewritten: unknown, label: string, expected: string): Promise<string[]> {
  const problems: string[] = [];
  if (JSON.stringify((rewritten as Json).proof) !== JSON.stringify(original.proof)) problems.push(`${label}: the proof was changed`);
  if (JSON.stringify(rewritten) === JSON.stringify(original)) problems.push(`${label}: nothing was rewritten`);
  let nquads: string;
  try {
    nquads = await canonical(rewritten);
  } catch (error) {
    return [...problems, `${label}: refused by jsonld.js in safe mode: ${String((error as { details?: { event?: { code?: string } } }).details?.event?.code ?? error)}`];
  }
  if (nquads !== expected) problems.push(`${label}: the graph changed`);
  else if (!(await signatureHolds(rewritten))) problems.push(`${label}: the signature no longer holds`);
  const outcome = await proofOutcome(rewritten);
  if (outcome.startsWith('proof ') && outcome !== 'proof ok') problems.push(`${label}: ${outcome}`);
  return problems;
}

beforeAll(async () => {
  const key = await generateIssuerKey({ seed: new Uint8Array(32).fill(11) });
  const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/lists/1', issuer: key.controller }), { random: () => 0.25 });
  const common = { key, issuer: { name: 'Sunrise Home Care', url: 'https://sunrise.example' }, created: '2026-01-05T09:00:00Z' } as const;
  const evidence = [
    { genre: 'Workplace observation', narrative: 'Moving and handling observed on shift', audience: 'Registered manager' },
    { genre: 'Written work', narrative: 'Workbook section 12 completed', id: 'https://sunrise.example/evidence/12' },
  ];
  const lists = await issueStatusListCredentials(allocation.state, { key, validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z', created: '2026-01-01T00:00:00Z' });
  documents = {
    // A competency with sub-outcomes (results aligned to each), evidence, status entries and validUntil.
    openBadge: await issueCredential(
      { competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z', validUntil: '2029-01-05T09:00:00Z', evidence },
      { ...common, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index) } },
    ),
    // A micro-qualification for a hashed email: an anonymous subject and identity object.
    hashedSubject: await issueCredential({ microQualification: 'dementia-types-and-care', subject: { email: 'naomi@example.org', salt: 'pepper' }, validFrom: '2026-01-05T09:00:00Z' }, common),
    trustRegistry: await createTrustRegistry({
      key,
      name: 'National register of endorsed care training providers',
      id: 'https://registry.example/national',
      validFrom: '2026-01-01T00:00:00Z',
      issuers: [
        { id: 'did:example:provider-a', name: 'Northern Care Training', accreditation: 'Endorsed training provider', scope: ['care-certificate'], trustedFrom: '2026-01-01T00:00:00Z', trustedUntil: '2030-01-01T00:00:00Z' },
        { id: 'did:example:provider-b', name: 'Southern Care Skills', scope: ['care-certificate@2025#12', 'dementia-types-and-care'] },
      ],
    }),
    statusList: lists.revocation,
  };
}, 60_000);

describe('graph rewrites', () => {
  it('start from credentials that verify', async () => {
    for (const document of Object.values(documents)) {
      expect(await proofOutcome(document)).toBe('proof ok');
      expect(await signatureHolds(document)).toBe(true);
    }
    expect(await signatureHolds({ ...documents.openBadge, name: 'Dementia awareness' })).toBe(false);
  });

  it.each(['openBadge', 'hashedSubject', 'trustRegistry', 'statusList'] as const)(`single rewrites of the %s (${SINGLES === Number.POSITIVE_INFINITY ? 'every one' : `up to ${SINGLES}, every family`}, seed ${SEED}) keep the canonical N-Quads and the proof`, async (name) => {
    const original = documents[name];
    const before = JSON.stringify(original);
    const expected = await canonical(original);
    const rewrites = sampleGraphRewrites(original, SINGLES, seededRandom(SEED));
    const problems: string[] = [];
    const counts = new Map<GraphRewriteFamily, number>();
    for (const rewrite of rewrites) {
      problems.push(...(await problemsWith(original, rewrite.apply(original), rewrite.label, expected)));
      counts.set(rewrite.family, (counts.get(rewrite.family) ?? 0) + 1);
    }
    expect(problems).toEqual([]);
    expect(JSON.stringify(original), 'the input was changed').toBe(before);
    // Every family is exercised (the registry and the status list have no anonymous node to give a blank node id).
    const families = GRAPH_REWRITE_FAMILIES.filter((family) => family !== 'blank-node' || name === 'openBadge' || name === 'hashedSubject');
    expect(Object.fromEntries(families.map((family) => [family, (counts.get(family) ?? 0) > 0]))).toEqual(Object.fromEntries(families.map((family) => [family, true])));
  }, 600_000);

  it('has teeth: the look-alikes it does not generate change the graph or are refused in safe mode', async () => {
    const original = documents.openBadge;
    const expected = await canonical(original);
    const alias = (document: Json, definition: Json) => void (document['@context'] = [...(document['@context'] as unknown[]), definition]);
    const lookalikes: Record<string, (document: Json & { evidence: Json[]; credentialSubject: Json & { achievement: Json; result: Json[] } }) => void> = {
      'a copy of an anonymous node in its set': (document) => void document.evidence.push(structuredClone(document.evidence[0] as Json)),
      'a coerced date as a value object without its @type': (document) => void (document.validFrom = { '@value': document.validFrom }),
      'one blank node id on two anonymous nodes': (document) => {
        (document.evidence[0] as Json).id = '_:x1';
        (document.credentialSubject.result[0] as Json).id = '_:x1';
      },
      'an @included repeat with anonymous nodes inside': (document) => {
        alias(document, { x_inc: '@included' });
        const { id, type, alignment } = document.credentialSubject.achievement;
        document.x_inc = { id, type, alignment };
      },
      'type moved under an @nest alias (its type-scoped context is lost)': (document) => {
        alias(document, { x_nest: '@nest' });
        document.x_nest = { type: document.type };
        delete (document as Json).type;
      },
      'a node reference alone under @included': (document) => void (alias(document, { x_inc: '@included' }), (document.x_inc = { id: document.id })),
      'an object under an @index alias': (document) => void (alias(document, { x_idx: '@index' }), (document.x_idx = { credentialStatus: [] })),
      'a term mapped to null': (document) => void (alias(document, { x_null: null }), (document.x_null = { validUntil: '2099-01-01T00:00:00Z' })),
      'a key that looks like a keyword': (document) => void (document['@validUntil'] = '2099-01-01T00:00:00Z'),
    };
    const outcomes: Record<string, string> = {};
    for (const [label, change] of Object.entries(lookalikes)) {
      const document = structuredClone(original) as Parameters<typeof change>[0];
      change(document);
      outcomes[label] = await canonical(document).then(
        (nquads) => (nquads === expected ? 'graph kept' : 'graph changed'),
        (error: { details?: { event?: { code?: string }; code?: string } }) => `refused: ${error.details?.event?.code ?? error.details?.code ?? 'error'}`,
      );
    }
    expect(outcomes).toMatchInlineSnapshot(`
      {
        "a coerced date as a value object without its @type": "graph changed",
        "a copy of an anonymous node in its set": "graph changed",
        "a key that looks like a keyword": "refused: invalid property",
        "a node reference alone under @included": "refused: object with only @id",
        "a term mapped to null": "refused: invalid property",
        "an @included repeat with anonymous nodes inside": "graph changed",
        "an object under an @index alias": "refused: invalid @index value",
        "one blank node id on two anonymous nodes": "graph changed",
        "type moved under an @nest alias (its type-scoped context is lost)": "refused: invalid property",
      }
    `);
  });

  it(`composes rewrites that keep the canonical N-Quads and the proof (${COMPOSITIONS} seeded, seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const names = Object.keys(documents) as (keyof typeof documents)[];
    const expected = new Map<string, string>();
    for (const name of names) expected.set(name, await canonical(documents[name]));
    const problems: string[] = [];
    const depths = new Set<number>();
    for (let run = 0; run < COMPOSITIONS; run++) {
      const name = names[run % names.length] as keyof typeof documents;
      const composed = randomGraphRewrite(documents[name], random);
      depths.add(composed.families.length);
      // Two rewrites can undo each other (keys reversed twice): nothing to check then.
      if (JSON.stringify(composed.document) === JSON.stringify(documents[name])) continue;
      problems.push(...(await problemsWith(documents[name], composed.document, `${name} #${run}: ${composed.label}`, expected.get(name) as string)));
    }
    expect(problems).toEqual([]);
    expect([...depths].sort()).toEqual([1, 2, 3, 4]);
  }, 600_000);
});
