import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import type { RdfQuad } from '../jsonld/fast-rdf.js';
import { generateIssuerKey, type IssuerKey, issueCredential, signCredential, verifyCredential } from '../index.js';
import { compareClaims, readSignedDocument } from './claims.js';
import { signedView } from './signed-view.js';

const documentLoader = createDocumentLoader();
const CRED = 'https://www.w3.org/2018/credentials#';
const named = (value: string) => ({ termType: 'NamedNode', value }) as const;
const blank = (value: string) => ({ termType: 'BlankNode', value }) as const;
const quad = (subject: RdfQuad['subject'], predicate: string, object: RdfQuad['object']): RdfQuad => ({ subject, predicate: named(predicate), object, graph: { termType: 'DefaultGraph', value: '' } });
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

let key: IssuerKey;
let credential: Record<string, unknown>;

beforeAll(async () => {
  key = await generateIssuerKey();
  credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z', awardedDate: '2026-01-05T09:00:00Z' }, { key, issuer: { name: 'Sunrise Home Care' } });
});

describe('the signed view: the credential as its signed graph says it', () => {
  it('rebuilds what was issued, in the compact shape, with types as arrays and sets sorted', async () => {
    const { proof: _proof, ...unsigned } = credential;
    const read = await readSignedDocument(unsigned, documentLoader);
    if ('issues' in read) throw new Error(JSON.stringify(read.issues));
    const subject = read.view.credentialSubject as Record<string, unknown>;
    expect(read.view).toMatchObject({ id: credential.id, type: ['OpenBadgeCredential', 'VerifiableCredential'], validFrom: '2026-01-05T09:00:00Z', awardedDate: '2026-01-05T09:00:00Z', issuer: { id: key.controller, name: 'Sunrise Home Care', type: ['Profile'] } });
    expect(subject).toMatchObject({ id: 'did:example:naomi', type: ['AchievementSubject'], achievement: { id: 'https://w3id.org/carepass/frameworks/care-certificate/2025/12', type: ['Achievement'] } });
    // A set keeps its array form even with one member (alignment is an @set in Open Badges).
    expect((subject.achievement as { alignment: unknown[] }).alignment).toHaveLength(1);
  });

  it('names an aliased type by its one name: AchievementCredential is OpenBadgeCredential', async () => {
    const { proof: _proof, ...unsigned } = credential;
    const aliased = await signCredential({ ...unsigned, type: ['VerifiableCredential', 'AchievementCredential'] }, { key });
    const result = await verifyCredential(aliased);
    expect(result.verified).toBe(true);
    expect(result.document?.type).toEqual(['OpenBadgeCredential', 'VerifiableCredential']);
  });

  it('finds exactly one credential node, and says so when there is none or more than one', () => {
    const a = named('urn:example:a');
    const b = named('urn:example:b');
    expect(signedView([quad(a, TYPE, named(`${CRED}VerifiablePresentation`))])).toMatchObject({ issue: { code: 'credential_node_missing' } });
    expect(signedView([quad(a, TYPE, named(`${CRED}VerifiableCredential`)), quad(b, TYPE, named(`${CRED}VerifiableCredential`))])).toMatchObject({ issue: { code: 'credential_node_ambiguous' } });
    expect(signedView([quad(a, TYPE, named(`${CRED}VerifiableCredential`))])).toEqual({ view: { '@context': [], id: 'urn:example:a', type: ['VerifiableCredential'] } });
  });

  it('tells the credential from credentials embedded in it: the node the JSON names, or the one nothing points to', () => {
    const a = named('urn:example:a');
    const b = named('urn:example:b');
    const quads = [quad(a, TYPE, named(`${CRED}VerifiableCredential`)), quad(b, TYPE, named(`${CRED}VerifiableCredential`)), quad(a, 'https://example.org/endorsement', b)];
    expect(signedView(quads)).toMatchObject({ view: { id: 'urn:example:a' } });
    expect(signedView(quads, { rootId: 'urn:example:b' })).toMatchObject({ view: { id: 'urn:example:b' } });
    // Pointing both ways, only the JSON's id decides; with neither, it stays ambiguous.
    const cycle = [...quads, quad(b, 'https://example.org/refreshService', a)];
    expect(signedView(cycle)).toMatchObject({ issue: { code: 'credential_node_ambiguous' } });
    expect(signedView(cycle, { rootId: 'urn:example:a' })).toMatchObject({ view: { id: 'urn:example:a' } });
  });

  it('reads a node the JSON describes twice as the graph does, one node with every type: a self-issued credential verifies', async () => {
    const selfIssued = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: key.controller } }, { key });
    const result = await verifyCredential(selfIssued);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.document?.issuer).toMatchObject({ id: key.controller, type: ['AchievementSubject', 'Profile'] });
    // Names are not merged: a node given two different names is still refused as ambiguous.
    const { proof: _proof, ...unsigned } = selfIssued;
    const twoNames = { ...unsigned, credentialSubject: { ...(unsigned.credentialSubject as object), name: 'Someone else' }, issuer: { ...(unsigned.issuer as object), name: 'Sunrise Home Care' } };
    const read = await readSignedDocument(twoNames, documentLoader);
    expect('issues' in read && read.issues[0]?.code).toBe('json_graph_mismatch');
  });

  it('stops, with its own code, on a graph whose shared nodes would make its tree exponential', () => {
    const root = named('urn:example:root');
    const quads = [quad(root, TYPE, named(`${CRED}VerifiableCredential`))];
    // 40 levels, each node pointing twice at the next: 2^40 paths from the root.
    for (let level = 0; level < 40; level++) {
      const from = level === 0 ? root : blank(`n${level}`);
      quads.push(quad(from, 'https://example.org/left', blank(`n${level + 1}`)), quad(from, 'https://example.org/right', blank(`n${level + 1}`)));
      quads.push(quad(blank(`n${level + 1}`), 'https://example.org/leaf', { termType: 'Literal', value: String(level) }));
    }
    expect(signedView(quads)).toMatchObject({ issue: { code: 'graph_too_complex' } });
  });

  it('tells where the JSON and the graph disagree, with both values', () => {
    const { proof: _proof, ...unsigned } = credential;
    const { awardedDate: _awarded, ...withoutDate } = unsigned;
    expect(compareClaims(withoutDate, unsigned)).toEqual({ path: '$.awardedDate', message: expect.stringMatching(/the JSON says nothing, the signed graph says "2026-01-05T09:00:00Z"/u) });
    // The same claims written another way (one-item array, value object, reordered set) agree.
    const rewritten = { ...unsigned, validFrom: { '@value': unsigned.validFrom }, type: [...(unsigned.type as string[])].reverse(), issuer: [unsigned.issuer] };
    expect(compareClaims(rewritten, unsigned)).toBeUndefined();
  });

  it('never signs a document whose JSON claims what its graph does not', async () => {
    const { proof: _proof, ...unsigned } = credential;
    const hidden = { ...unsigned, '@context': [...(unsigned['@context'] as string[]), { hide: '@nest' }], hide: { validUntil: '2020-01-01T00:00:00Z' } };
    await expect(signCredential(hidden, { key })).rejects.toMatchObject({ code: 'CREDENTIAL_INVALID', details: { issues: [expect.objectContaining({ code: 'json_graph_mismatch', path: '$.validUntil' })] } });
  });
});
