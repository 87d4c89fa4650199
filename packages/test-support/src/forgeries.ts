// Test-only: hand-made rewrites of signed documents that keep their RDF graph (so an
// eddsa-rdfc-2022 signature still holds) while their JSON says something else, and the reference
// verifier that proves the signature still holds without any Carepass code. Used by the forgery
// regression tests of credentials and portability; graph-rewrites.ts generates the systematic ones.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader } from '@carepass/credentials';
import { graphRewrites } from './graph-rewrites.js';

type Json = Record<string, unknown>;

const documentLoader = createDocumentLoader();
/** The Open Badges 3.0 vocabulary, where `hashed`, `identityType` and `identityHash` live. */
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';

/**
 * Whether every proof of a document holds by the reference eddsa-rdfc-2022 implementation
 * (@digitalbazaar/data-integrity and jsonld-signatures), with no Carepass code and no other check.
 */
export async function referenceSignatureHolds(document: unknown, options: { purpose?: 'assertionMethod' | { challenge: string; domain: string } } = {}): Promise<boolean> {
  const purpose = options.purpose === undefined || options.purpose === 'assertionMethod' ? new jsigs.purposes.AssertionProofPurpose() : new jsigs.purposes.AuthenticationProofPurpose(options.purpose);
  const result = await jsigs.verify(JSON.parse(JSON.stringify(document)) as object, { suite: new DataIntegrityProof({ cryptosuite: rdfcCryptosuite }), purpose, documentLoader });
  return result.verified && (result.results ?? []).every((entry) => entry.verified);
}

/** A deep copy of a document with an inline context appended to its `@context`. */
export function withInlineContext(document: object, definitions: Json): Json {
  const copy = structuredClone(document) as Json;
  copy['@context'] = [...[copy['@context']].flat(), definitions];
  return copy;
}

/**
 * The credential's `type` split between `type` and `@type`: `OpenBadgeCredential` moves to
 * `@type`, so a reader of `type` no longer sees an Open Badge (the graph has the same two types).
 */
export function withTypeSplit(credential: object): Json {
  const copy = structuredClone(credential) as Json;
  const types = [copy.type].flat() as string[];
  copy.type = types.filter((type) => type !== 'OpenBadgeCredential');
  copy['@type'] = types.filter((type) => type === 'OpenBadgeCredential');
  return copy;
}

/**
 * Extra alignments of the credential's achievement that never reach RDF: each is a set object
 * (`x_set` aliases `@set`) with no items, whose `@index` (aliased as `targetUrl`) names a
 * competency. JSON-LD drops an empty set and its index, so the graph, and the signature, are kept;
 * a reader of the JSON sees one more alignment per URL.
 */
export function withDecoyAlignments(credential: object, targetUrls: readonly string[]): Json {
  const copy = withInlineContext(credential, { x_set: '@set', targetUrl: '@index' });
  const achievement = (copy.credentialSubject as Json).achievement as Json;
  achievement.alignment = [...[achievement.alignment].flat(), ...targetUrls.map((targetUrl) => ({ x_set: [], targetUrl }))];
  return copy;
}

/**
 * A second subject identifier in front of the genuine one, naming `identityHash` (e.g. a DID):
 * a node reference to the genuine identity object (given the blank node id `_:id1`) whose
 * `identityHash` is an alias of `@index`, and whose `hashed` and `identityType` restate what the
 * genuine one says. Every triple it makes is already in the graph.
 */
export function withDecoyIdentifier(credential: object, identityHash: string): Json {
  const copy = withInlineContext(credential, { identityHash: '@index', hashed: { '@id': `${OB}hashed`, '@type': 'https://www.w3.org/2001/XMLSchema#boolean' }, identityType: { '@id': `${OB}identityType` } });
  const subject = copy.credentialSubject as Json;
  const [genuine, ...others] = [subject.identifier].flat() as Json[];
  if (!genuine) throw new Error('withDecoyIdentifier: the credential has no identifier');
  genuine.id = '_:id1';
  subject.identifier = [{ id: '_:id1', identityHash, hashed: genuine.hashed, identityType: genuine.identityType }, genuine, ...others];
  return copy;
}

/** The graph-preserving rewrite of a document that graph-rewrites.ts labels so, applied to a copy. */
export function rewriteLabelled(document: object, label: string): Json {
  const rewrite = graphRewrites(document).find((candidate) => candidate.label === label);
  if (!rewrite) throw new Error(`rewriteLabelled: no rewrite "${label}" of this document`);
  return rewrite.apply(document) as Json;
}

/** A property of a node moved under an `@nest` alias (`x_nest`): the same triples, a key a reader of the JSON no longer finds. */
export function withNested(document: object, at: (copy: Json) => Json, key: string): Json {
  const copy = withInlineContext(document, { x_nest: '@nest' });
  const node = at(copy);
  node.x_nest = { ...(node.x_nest as Json | undefined), [key]: node[key] };
  delete node[key];
  return copy;
}

/** A property of a node written as its full IRI, with its values as given (`value` spells out a coercion). */
export function withFullIri(document: object, at: (copy: Json) => Json, key: string, iri: string, value: (current: unknown) => unknown = (current) => current): Json {
  const copy = structuredClone(document) as Json;
  const node = at(copy);
  node[iri] = value(node[key]);
  delete node[key];
  return copy;
}
