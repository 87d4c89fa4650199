import fc from 'fast-check';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzParameters } from '@carepass/test-support';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.js';
import { createDocumentLoader } from './document-loader.js';
import { canonizeRdfc, verifyProofFast } from '../proof/fast-proof.js';
import { fastToRdf } from './fast-rdf.js';
import { generateIssuerKey, issueCredential, type IssuerKey } from '../index.js';

// Differential tests: the fast path must give byte-identical RDFC-1.0 output to jsonld.js +
// rdf-canonize (as eddsa-rdfc-2022 calls them) whenever it gives an answer, and must give up —
// never answer differently — on anything jsonld.js's safe mode refuses.

const documentLoader = createDocumentLoader();

/** The reference: what the eddsa-rdfc-2022 cryptosuite computes (lib/canonize.js). */
async function reference(document: object): Promise<{ ok: true; nquads: string } | { ok: false }> {
  try {
    const dataset = await (jsonld as unknown as { toRDF(input: object, options: object): Promise<unknown> }).toRDF(document, { algorithm: 'RDFC-1.0', base: null, safe: true, documentLoader, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false });
    return { ok: true, nquads: await rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads' }) };
  } catch {
    return { ok: false };
  }
}

async function fast(document: object): Promise<string | undefined> {
  const quads = await fastToRdf(document);
  return quads && rdfCanonize.canonize(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
}

// Generated documents in the vocabularies Carepass issues: known terms and types at random, with
// awkward values (Unicode, control characters, quotes, IRIs, blank node ids, non-IRIs, numbers,
// booleans, null) and now and then an undefined term, so both answers and give-ups are exercised.
const TERMS = ['id', 'type', 'name', 'description', 'issuer', 'validFrom', 'validUntil', 'credentialSubject', 'achievement', 'criteria', 'narrative', 'alignment', 'targetName', 'targetUrl', 'targetFramework', 'targetCode', 'targetType', 'evidence', 'genre', 'audience', 'identifier', 'identityHash', 'identityType', 'hashed', 'salt', 'awardedDate', 'creditsAvailable', 'creditsEarned', 'result', 'resultDescription', 'image', 'url', 'email', 'achievementType', 'humanCode', 'inLanguage', 'version', 'tag', 'fieldOfStudy', 'credentialStatus', 'statusPurpose', 'statusListIndex', 'statusListCredential', 'relatedResource', 'digestSRI', 'parentOrg', 'value', 'status', 'licenseNumber', 'role'];
const TYPES = ['VerifiableCredential', 'OpenBadgeCredential', 'AchievementCredential', 'AchievementSubject', 'Achievement', 'Profile', 'Evidence', 'Alignment', 'Criteria', 'IdentityObject', 'Result', 'ResultDescription', 'BitstringStatusListEntry', 'Image', 'EndorsementCredential'];
const scalar = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('did:example:naomi', 'https://example.org/a b', 'https://w3id.org/carepass/x', 'urn:uuid:6a1c', '_:b1', '_:b2', 'not an iri', '2024-01-01T00:00:00Z', 'ob:thing', 'xsd:string', 'Achievement', 'Certificate', '"quoted"\\back\nline\ttab\u0000nul\u2028'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...TERMS) }, { weight: 1, arbitrary: fc.constantFrom('shoeSize', 'https://example.org/prop', '@id', '@value', '@list') });
const types = fc.oneof(fc.constantFrom(...TYPES), fc.array(fc.constantFrom(...TYPES, 'UnknownType'), { minLength: 1, maxLength: 3 }));
const { node } = fc.letrec<{ node: Record<string, unknown>; value: unknown }>((tie) => ({
  node: fc.tuple(types, fc.dictionary(key, tie('value'), { maxKeys: 5 })).map(([type, fields]) => ({ ...fields, type })),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('node'), fc.array(fc.oneof(scalar, tie('node')), { maxLength: 3 })),
}));
const generatedDocument = fc.tuple(node, fc.constantFrom([VC_V2_CONTEXT, OB_V3_CONTEXT], [VC_V2_CONTEXT])).map(([body, context]) => ({ '@context': context, ...body }));

describe('fast JSON-LD to RDF: byte-identical to jsonld.js + rdf-canonize', () => {
  let issuer: IssuerKey;
  beforeAll(async () => {
    issuer = await generateIssuerKey();
  });

  it('on generated documents: equal whenever it answers, and it answers only when jsonld.js (safe mode) succeeds', async () => {
    let answered = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(generatedDocument, async (document) => {
        const [ours, theirs] = [await fast(document), await reference(document)];
        if (theirs.ok) accepted++;
        if (ours === undefined) return;
        answered++;
        expect(theirs.ok, 'the fast path answered where safe mode refuses').toBe(true);
        if (theirs.ok) expect(ours).toBe(theirs.nquads);
      }),
      fuzzParameters(4000),
    );
    // Not vacuous: of the documents jsonld.js accepts, the fast path answered for most.
    expect(accepted).toBeGreaterThan(50);
    expect(answered / accepted).toBeGreaterThan(0.5);
  }, 600_000);

  it('on credentials Carepass issues, with generated names and evidence: always answers, always equal', async () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    const request = fc.record({
      award: fc.constantFrom({ competency: 'care-certificate@2025#12' }, { competency: 'care-certificate@2015#9.1' }, { framework: 'care-certificate@2025' }, { microQualification: 'dementia-types-and-care' }, { competency: 'cstf-england@1.1#fire-safety-l1' }),
      subject: fc.oneof(fc.constant({ id: 'did:example:naomi' }), fc.record({ email: fc.constant('naomi@example.org'), salt: text })),
      issuerName: text,
      evidence: fc.array(fc.record({ genre: fc.constantFrom('Workplace observation', 'Assessment'), narrative: text }), { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ award, subject, issuerName, evidence }) => {
        const signed = await issueCredential({ ...award, subject, validFrom: '2026-01-05T09:00:00Z', ...(evidence.length > 0 ? { evidence } : {}) } as never, { key: issuer, issuer: { name: issuerName }, suite: 'eddsa-jcs-2022' });
        const { proof, ...unsigned } = signed as Record<string, unknown>;
        const proofConfig: Record<string, unknown> = { '@context': unsigned['@context'], ...(proof as Record<string, unknown>[])[0] };
        delete proofConfig.proofValue;
        for (const document of [unsigned, proofConfig]) {
          const ours = await fast(document);
          expect(ours, 'the fast path gave up on a credential Carepass issues').toBeDefined();
          const theirs = await reference(document);
          expect(theirs.ok && ours === theirs.nquads).toBe(true);
        }
      }),
      fuzzParameters(60),
    );
  }, 600_000);

  it('gives up, so jsonld.js decides, on inline contexts (the base-URL trick), lists, undefined terms and unknown contexts', async () => {
    const base = { '@context': [VC_V2_CONTEXT], type: ['VerifiableCredential'], issuer: 'did:example:i', credentialSubject: { id: 'did:example:s' } };
    expect(await fastToRdf(base)).toBeDefined();
    for (const document of [
      { ...base, '@context': [VC_V2_CONTEXT, { '@base': 'https://evil.example/' }] },
      { ...base, credentialSubject: { id: 'did:example:s', shoeSize: 9 } },
      { ...base, credentialSubject: { '@context': { x: 'https://x.example/' }, x: 1 } },
      { ...base, '@context': [VC_V2_CONTEXT, 'https://unknown.example/context'] },
      { ...base, issuer: 'relative/issuer' },
      { ...base, credentialSubject: { id: 'did:example:s', name: { '@value': 'x', '@language': 'en' } } },
    ]) {
      expect(await fastToRdf(document)).toBeUndefined();
    }
  });

  it('canonizeRdfc equals the reference whether or not the fast path applies', async () => {
    const withList = { '@context': [VC_V2_CONTEXT, 'https://www.w3.org/ns/credentials/examples/v2'], type: ['VerifiableCredential'], issuer: 'did:example:i', credentialSubject: { id: 'did:example:s', list: { '@list': ['a', 'b'] } } };
    const theirs = await reference(withList);
    expect(theirs.ok).toBe(true);
    if (theirs.ok) expect(await canonizeRdfc(withList, documentLoader)).toBe(theirs.nquads);
  });

  it('verifies proofs on the fast path, and refuses a changed credential there', async () => {
    for (const suite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
      const { proof, ...unsigned } = (await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' } }, { key: issuer, suite })) as Record<string, unknown>;
      const single = [proof].flat()[0] as Record<string, unknown>;
      expect(await verifyProofFast({ unsigned, proof: single }, { documentLoader, expectedPurpose: 'assertionMethod' })).toEqual({ verified: true, controller: issuer.controller });
      expect(await verifyProofFast({ unsigned: { ...unsigned, name: 'Forged' }, proof: single }, { documentLoader, expectedPurpose: 'assertionMethod' })).toMatchObject({ verified: false, code: 'signature_invalid' });
      expect(await verifyProofFast({ unsigned, proof: single }, { documentLoader, expectedPurpose: 'authentication' })).toBeUndefined();
    }
  });
});
