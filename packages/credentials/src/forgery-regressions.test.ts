import { beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from './issue/issue.js';
import { generateIssuerKey, type IssuerKey } from './keys/keys.js';
import { createPresentation, verifyPresentation } from './verify/presentation.js';
import { signCredential, type SignedCredential } from './issue/sign.js';
import { allocateStatusIndex, createStatusChecker, createStatusListState, issueStatusListCredentials, setCredentialStatus, createStatusEntries, createStatusListResolver } from './status/status-list.js';
import { referenceSignatureHolds, rewriteLabelled, withDecoyAlignments, withDecoyIdentifier, withFullIri, withInlineContext, withNested, withTypeSplit } from '@carepass/test-support';
import { createTrustChecker, createTrustRegistry } from './trust/trust.js';
import { type VerifyCredentialOptions, type VerifyCredentialResult, verifyCredential } from './verify/verify.js';

// One test per door found by security issue #14 ("what Carepass reads must be what was signed"):
// each forgery keeps the signed RDF graph, so its signature still holds by the reference
// eddsa-rdfc-2022 verifier (checked first, outside Carepass), while its JSON says something else.
// Each is refused, or read exactly as the genuine document is. Every one of them was accepted or
// misread before the fix (commit 4120c15).

const NOW = new Date('2026-11-23T12:00:00Z');
const CRED = 'https://www.w3.org/2018/credentials#';
const XSD_DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';
const TRUST = 'https://w3id.org/carepass/vocab#';
const INTEGRITY = ['parse', 'data-model', 'json-ld', 'open-badges', 'proof', 'issuer'];
type Json = Record<string, unknown>;

let issuer: IssuerKey;
let stranger: IssuerKey;
let worker: IssuerKey;
let documents: Record<'revoked' | 'expired' | 'framework' | 'hashed' | 'bls' | 'nonConformant' | 'outOfScope' | 'fromLapsed' | 'registry', SignedCredential>;
let statusOptions: VerifyCredentialOptions;

/** Refused for what it is (its integrity), not for its status, validity or trust. */
const integrityRefused = (result: VerifyCredentialResult): boolean => !result.verified && INTEGRITY.includes(result.checks.find((check) => !check.ok)?.check ?? '');
const checkOf = (result: VerifyCredentialResult, name: string) => result.checks.find((check) => check.check === name);

/** Verifies a forgery after proving that its signature still holds without Carepass. */
async function verifyForgery(forged: object, options: VerifyCredentialOptions = { now: NOW }): Promise<VerifyCredentialResult> {
  expect(await referenceSignatureHolds(forged), 'the forgery must keep the signature').toBe(true);
  return verifyCredential(forged, options);
}

beforeAll(async () => {
  const keyFrom = (fill: number) => generateIssuerKey({ seed: new Uint8Array(32).fill(fill) });
  [issuer, stranger, worker] = [await keyFrom(11), await keyFrom(12), await keyFrom(13)];
  const lapsed = await keyFrom(14);
  const operator = await keyFrom(15);
  const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/lists/1', issuer: issuer.controller }), { random: () => 0.5 });
  const state = await setCredentialStatus(allocation.state, allocation.index, 'revocation', true);
  const lists = await issueStatusListCredentials(state, { key: issuer, validFrom: '2026-11-20T00:00:00Z', created: '2026-11-20T00:00:00Z' });
  statusOptions = { now: NOW, checkStatus: createStatusChecker({ resolve: createStatusListResolver(Object.values(lists)) }) };
  const common = { key: issuer, issuer: { name: 'Sunrise Home Care' }, created: '2026-01-05T09:00:00Z' } as const;
  const subject = { id: 'did:example:naomi' };
  const competency = (code: string, extra: Json = {}) => issueCredential({ competency: `care-certificate@2025#${code}`, subject, validFrom: '2026-01-05T09:00:00Z', ...extra }, common);
  const plain = await competency('15');
  const { proof: _proof, ...unsigned } = plain;
  documents = {
    revoked: await issueCredential({ competency: 'care-certificate@2025#10', subject, validFrom: '2026-01-05T09:00:00Z', validUntil: '2029-01-05T09:00:00Z' }, { ...common, extra: { credentialStatus: createStatusEntries(state, allocation.index) } }),
    expired: await competency('13', { validUntil: '2026-06-01T00:00:00Z' }),
    // A Care Certificate awarded in 2016, issued again in 2026: the award date is what recognition reads.
    framework: await issueCredential({ framework: 'care-certificate@2015', subject, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2026-01-05T09:00:00Z' }, common),
    hashed: await issueCredential({ microQualification: 'dementia-types-and-care', subject: { email: 'naomi@example.org', salt: 'pepper' }, validFrom: '2026-01-05T09:00:00Z' }, common),
    bls: await issueCredential({ competency: 'care-certificate@2015#12', subject, validFrom: '2026-01-05T09:00:00Z' }, common),
    // Signed by its issuer, but not an Open Badge Carepass accepts: the issuer is no Profile.
    nonConformant: await signCredential({ ...unsigned, issuer: issuer.controller }, { key: issuer, proofAsArray: true, created: '2026-01-05T09:00:00Z' }),
    outOfScope: await issueCredential({ microQualification: 'dementia-types-and-care', subject, validFrom: '2026-01-05T09:00:00Z' }, common),
    fromLapsed: await issueCredential({ competency: 'care-certificate@2025#10', subject, validFrom: '2026-01-05T09:00:00Z' }, { ...common, key: lapsed }),
    registry: await createTrustRegistry({
      key: operator,
      name: 'National register of endorsed care training providers',
      id: 'https://registry.example/national',
      validFrom: '2026-01-01T00:00:00Z',
      issuers: [
        { id: issuer.controller, name: 'Sunrise Home Care', scope: ['care-certificate'], trustedFrom: '2026-01-01T00:00:00Z', trustedUntil: '2030-01-01T00:00:00Z' },
        { id: lapsed.controller, name: 'Lapsed Training Ltd', scope: ['care-certificate'], trustedUntil: '2026-06-01T00:00:00Z' },
      ],
    }),
  };
}, 60_000);

describe('forgery regressions (#14): rewrites that keep the signed graph', () => {
  it('inline context: a subject identifier added through an @index alias is refused or not read', async () => {
    const genuine = await verifyCredential(documents.hashed, { now: NOW });
    const forged = await verifyForgery(withDecoyIdentifier(documents.hashed, worker.controller));
    expect(integrityRefused(forged) || forged.credential.subject === genuine.credential.subject).toBe(true);
  });

  it('inline context: alignments added in empty @set objects (their @index aliased as targetUrl) are refused or not read', async () => {
    const genuine = await verifyCredential(documents.bls, { now: NOW });
    // The Open Badges type is hidden too, so that no shape check looks at the decoys.
    const rewritten = withTypeSplit(withDecoyAlignments(documents.bls, ['https://w3id.org/carepass/frameworks/care-certificate/2015/1', 'https://w3id.org/carepass/frameworks/care-certificate/2015/2']));
    const forged = await verifyForgery(rewritten);
    expect(integrityRefused(forged)).toBe(true);
    // Even refused, what the result shows is what was signed, never the decoys.
    expect(forged.credential.alignments).toEqual(genuine.credential.alignments);
  });

  it('type split into type and @type cannot skip the Open Badges checks', async () => {
    const genuine = await verifyCredential(documents.nonConformant, { now: NOW });
    expect(genuine).toMatchObject({ verified: false, status: 'invalid' });
    expect(checkOf(genuine, 'open-badges')?.code).toBe('open_badge_invalid');
    const forged = await verifyForgery(withTypeSplit(documents.nonConformant));
    expect(forged.verified).toBe(false);
    expect(integrityRefused(forged)).toBe(true);
  });

  it('credentialStatus written as its full IRI: a revoked credential is still revoked or refused', async () => {
    expect((await verifyCredential(documents.revoked, statusOptions)).status).toBe('revoked');
    const forged = await verifyForgery(withFullIri(documents.revoked, (copy) => copy, 'credentialStatus', `${CRED}credentialStatus`), statusOptions);
    expect(forged.verified).toBe(false);
    expect(forged.status === 'revoked' || integrityRefused(forged)).toBe(true);
  });

  it('a status entry type wrapped in an array: a revoked credential is still revoked', async () => {
    const rewritten = structuredClone(documents.revoked) as unknown as { credentialStatus: Json[] };
    for (const entry of rewritten.credentialStatus) entry.type = [entry.type];
    const forged = await verifyForgery(rewritten, statusOptions);
    expect(forged).toMatchObject({ verified: false, status: 'revoked' });
    expect(checkOf(forged, 'status')?.code).toBe('revoked');
  });

  it.each([
    ['as its full IRI with an xsd:dateTime value object', (document: SignedCredential) => withFullIri(document, (copy) => copy, 'validUntil', `${CRED}validUntil`, (value) => ({ '@value': value, '@type': XSD_DATE_TIME }))],
    ['under an @nest alias', (document: SignedCredential) => withNested(document, (copy) => copy, 'validUntil')],
  ])('validUntil written %s: an expired credential is still expired or refused, never "valid, no expiry"', async (_, rewrite) => {
    expect((await verifyCredential(documents.expired, { now: NOW })).status).toBe('expired');
    const forged = await verifyForgery(rewrite(documents.expired));
    expect(forged.verified).toBe(false);
    expect(forged.status === 'expired' || integrityRefused(forged)).toBe(true);
  });

  it.each([
    ['under an @nest alias', '@nest alias holding awardedDate at $'],
    ['as its full IRI', 'full IRI <https://purl.imsglobal.org/spec/vc/ob/vocab.html#awardedDate> for $.awardedDate'],
  ])('awardedDate hidden %s: the award date read does not change, or the credential is refused', async (_, label) => {
    const genuine = await verifyCredential(documents.framework, { now: NOW });
    expect(genuine.credential.awardedDate).toBe('2016-03-01T00:00:00Z');
    const forged = await verifyForgery(rewriteLabelled(documents.framework, label));
    expect(integrityRefused(forged) || forged.credential.awardedDate === '2016-03-01T00:00:00Z').toBe(true);
  });
});

describe('forgery regressions (#14): trust registries', () => {
  const trustOf = async (registry: object, credential: object) => {
    const result = await verifyCredential(credential, { now: NOW, checkTrust: await createTrustChecker({ registries: [registry], now: NOW }) });
    return { status: result.status, code: checkOf(result, 'trust')?.code };
  };

  const lapsedEntry = (copy: Json) => ((copy.credentialSubject as Json).trustedIssuer as Json[])[1] as Json;
  it.each([
    ['under an @nest alias', (registry: SignedCredential) => withNested(registry, lapsedEntry, 'trustedUntil')],
    ['as its full IRI', (registry: SignedCredential) => withFullIri(registry, lapsedEntry, 'trustedUntil', `${TRUST}trustedUntil`, (value) => ({ '@value': value, '@type': XSD_DATE_TIME }))],
  ])('trustedUntil hidden %s: an issuer whose trust expired stays untrusted, or the registry is refused', async (_, rewrite) => {
    expect(await trustOf(documents.registry, documents.fromLapsed)).toEqual({ status: 'untrusted', code: 'untrusted' });
    const rewritten = rewrite(documents.registry);
    expect(await referenceSignatureHolds(rewritten)).toBe(true);
    expect(['untrusted', 'registry_invalid']).toContain((await trustOf(rewritten, documents.fromLapsed)).code);
  });

  it('an issuer cannot gain scope "*": the nearest rewrite (a node reference whose @index alias reads as scope) is refused', async () => {
    // A scope is an array of strings to any reader, and JSON-LD only drops single strings (an @index
    // value): the decoy below says scope "*" as a string, the most a graph-keeping rewrite can say.
    expect(await trustOf(documents.registry, documents.outOfScope)).toEqual({ status: 'out-of-scope', code: 'out_of_scope' });
    const rewritten = withInlineContext(documents.registry, { scope: '@index' }) as { credentialSubject: { trustedIssuer: Json[] } };
    rewritten.credentialSubject.trustedIssuer.push({ id: issuer.controller, scope: '*' });
    expect(await referenceSignatureHolds(rewritten)).toBe(true);
    expect(['out_of_scope', 'registry_invalid']).toContain((await trustOf(rewritten, documents.outOfScope)).code);
  });
});

describe('forgery regressions (#14): proof sets and presentations', () => {
  const garbageOf = (proof: Json, other: Json): Json => ({ ...proof, proofValue: other.proofValue });

  it('a proof set [genuine, garbage] is refused, whichever garbage', async () => {
    const [genuine] = [documents.bls.proof].flat() as Json[];
    const [other] = [documents.framework.proof].flat() as Json[];
    const { proof: _proof, ...unsigned } = documents.framework;
    const [byStranger] = [(await signCredential({ ...unsigned, issuer: { ...(unsigned.issuer as Json), id: stranger.controller } }, { key: stranger, proofAsArray: true, created: '2026-01-05T09:00:00Z' })).proof].flat() as Json[];
    for (const garbage of [garbageOf(genuine as Json, other as Json), byStranger as Json]) {
      const result = await verifyCredential({ ...documents.bls, proof: [genuine, garbage] }, { now: NOW });
      expect(result.verified).toBe(false);
      expect(checkOf(result, 'proof')?.ok).toBe(false);
    }
  });

  it('a proof set [genuine, genuine by another key over the same content] is accepted', async () => {
    const { proof, ...unsigned } = documents.bls;
    const [second] = [(await signCredential(unsigned, { key: stranger, proofAsArray: true, created: '2026-01-06T09:00:00Z' })).proof].flat();
    const result = await verifyCredential({ ...documents.bls, proof: [...[proof].flat(), second] }, { now: NOW });
    expect(result).toMatchObject({ verified: true, status: 'valid' });
  });

  const presentation = async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: worker.controller }, validFrom: '2026-01-05T09:00:00Z' }, { key: issuer, issuer: { name: 'Sunrise Home Care' }, created: '2026-01-05T09:00:00Z' });
    return createPresentation([credential], { key: worker, challenge: 'nonce-14', domain: 'employer-b.example', created: '2026-11-23T11:00:00Z' });
  };
  const presented = { challenge: 'nonce-14', domain: 'employer-b.example' };

  it.each([
    ['as a node object', (document: Json) => ({ ...document, holder: { id: document.holder } })],
    ['as its full IRI', (document: Json) => withFullIri(document, (copy) => copy, 'holder', `${CRED}holder`, (holder) => ({ id: holder }))],
    ['under an @nest alias', (document: Json) => withNested(document, (copy) => copy, 'holder')],
  ])('a presentation whose holder is written %s: the holder is read from the signed graph, or it is refused', async (form, rewrite) => {
    const rewritten = rewrite(await presentation());
    expect(await referenceSignatureHolds(rewritten, { purpose: presented })).toBe(true);
    const result = await verifyPresentation(rewritten, { ...presented, now: NOW });
    if (result.verified) expect(result.holder).toBe(worker.controller);
    else expect(result.checks.map((check) => `${check.check}:${check.code}`)).toEqual(['parse:ok', 'json-ld:json_graph_mismatch']);
    // The same graph, written as the compact form would write it: nothing to refuse.
    if (form === 'as a node object') expect(result).toMatchObject({ verified: true, holder: worker.controller });
  });

  it("a presentation of another worker's credential, its subject identifier rewritten to the holder, is refused", async () => {
    const { proof: _proof, ...unsigned } = documents.hashed;
    const forged = withDecoyIdentifier(documents.hashed, worker.controller);
    expect(await referenceSignatureHolds(forged)).toBe(true);
    expect(unsigned.credentialSubject).not.toHaveProperty('id');
    const vp = await createPresentation([forged], { key: worker, ...presented, created: '2026-11-23T11:00:00Z' });
    const result = await verifyPresentation(vp, { ...presented, now: NOW });
    expect(result.verified).toBe(false);
    expect(result.credentials[0]?.verified).toBe(false);
  });

  it('a presentation with proofs [genuine, garbage] is refused', async () => {
    const genuine = await presentation();
    const [proof] = [genuine.proof].flat() as Json[];
    const [other] = [documents.bls.proof].flat() as Json[];
    const result = await verifyPresentation({ ...genuine, proof: [proof, garbageOf(proof as Json, other as Json)] }, { ...presented, now: NOW });
    expect(result.verified).toBe(false);
    expect(result.checks.find((check) => check.check === 'proof')?.ok).toBe(false);
  });
});
