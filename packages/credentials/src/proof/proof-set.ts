// Every proof on a credential is checked, on its own, over what it secures (Data Integrity §4.5,
// proof sets and chains): one bad proof fails the credential, where jsonld-signatures would accept
// a set in which any one proof verifies. A proof with `previousProof` secures the document with
// the proofs it names as its `proof`.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { isCarepassError } from '@carepass/frameworks';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import { fastRdfcCryptosuite, verifyProofFast } from './fast-proof.js';
import type { RdfQuad } from '../jsonld/fast-rdf.js';
import { asArray, isObject, type JsonObject as Json } from '../json.js';
import type { VerificationCode } from '../verify/codes.js';

/** What checking a credential's proofs found: the controllers of the keys, or the first failure. */
export type ProofSetResult = { ok: true; controllers: string[] } | { ok: false; code: VerificationCode; message: string; path?: string };

/** The verification suites, built once: rdfc and jcs Data Integrity, and legacy Ed25519Signature2020. */
function verificationSuites(): unknown[] {
  return [new DataIntegrityProof({ cryptosuite: fastRdfcCryptosuite }), new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }), new Ed25519Signature2020()];
}

/** Translates what jsonld-signatures and its suites throw into a stable code. */
export function describeProofError(error: unknown): { code: VerificationCode; message: string } {
  const errors = asArray((error as { errors?: unknown[] })?.errors ?? error);
  for (const candidate of errors) {
    if (isCarepassError(candidate)) return { code: candidate.code === 'DID_NOT_RESOLVED' ? 'verification_method_unresolved' : 'document_unavailable', message: candidate.message };
    const cause = (candidate as { cause?: unknown; details?: { cause?: unknown } })?.cause ?? (candidate as { details?: { cause?: unknown } })?.details?.cause;
    if (isCarepassError(cause)) return { code: cause.code === 'DID_NOT_RESOLVED' ? 'verification_method_unresolved' : 'context_unknown', message: cause.message };
    const message = String((candidate as Error)?.message ?? candidate);
    if (/safe mode/i.test(message)) return { code: 'undefined_term', message: 'the document has terms no context defines (JSON-LD safe mode)' };
    // rdf-canonize's work limit: blank nodes arranged so that canonicalisation would take too long.
    if (/maximum deep iterations/i.test(message)) return { code: 'canonicalization_limit', message: 'canonicalising the document would take too much work (its blank nodes look built to exhaust a verifier), so it is refused' };
    if (/not authorized|controller|proof purpose/i.test(message)) return { code: 'verification_method_not_authorized', message: `the key is not authorised for this purpose by its controller: ${message}` };
    if (/Invalid signature|signature/i.test(message)) return { code: 'signature_invalid', message: 'the signature does not match the credential: it was changed after signing, or signed with another key' };
    if (/no matching proofs|not match/i.test(message)) return { code: 'proof_unsupported', message };
    return { code: 'signature_invalid', message: `proof verification failed: ${message}` };
  }
  return { code: 'signature_invalid', message: 'proof verification failed' };
}

/** Checks one proof over `unsigned` (which holds a chain's previous proofs as its `proof`). */
async function verifyOne(unsigned: Json, proof: Json, options: { documentLoader: DocumentLoader; expectedPurpose: string; now: Date; unsignedQuads?: RdfQuad[] }): Promise<{ ok: true; controller: string | undefined } | { ok: false; code: VerificationCode; message: string }> {
  try {
    const fast = options.expectedPurpose === 'assertionMethod' ? await verifyProofFast({ unsigned, proof }, options) : undefined;
    if (fast) return fast.verified ? { ok: true, controller: fast.controller } : { ok: false, code: fast.code, message: fast.message };
    if (unsigned.proof !== undefined) {
      return { ok: false, code: 'proof_chain_unsupported', message: 'this proof names a previousProof, and chained proofs are checked only for eddsa-rdfc-2022 and eddsa-jcs-2022 with Multikey keys' };
    }
    // A JSON round trip, not structuredClone: in-memory objects may share references that a file
    // never does, and some suites compare contexts by identity.
    const secured = JSON.parse(JSON.stringify({ ...unsigned, proof })) as object;
    const result = await jsigs.verify(secured, { suite: verificationSuites(), purpose: new jsigs.purposes.AssertionProofPurpose({ date: options.now }), documentLoader: options.documentLoader });
    const entry = result.results?.[0];
    if (!result.verified || !entry?.verified) return { ok: false, ...describeProofError(result.error ?? entry?.error) };
    return { ok: true, controller: entry.purposeResult?.controller?.id };
  } catch (error) {
    return { ok: false, ...(isCarepassError(error) ? { code: 'verification_method_unresolved', message: error.message } : describeProofError(error)) };
  }
}

/**
 * Verifies every proof of a document: each on its own, chained proofs over the proofs they name.
 * `unsigned` is the document without `proof`; `unsignedQuads` its graph, when already computed.
 */
export async function verifyProofSet(document: Json, unsigned: Json, options: { documentLoader: DocumentLoader; expectedPurpose: string; now: Date; unsignedQuads?: RdfQuad[] }): Promise<ProofSetResult> {
  const proofs = asArray(document.proof).filter(isObject);
  const many = Array.isArray(document.proof);
  const controllers: string[] = [];
  for (const [index, proof] of proofs.entries()) {
    const path = many ? `$.proof[${index}]` : '$.proof';
    let input = unsigned;
    const previous = asArray(proof.previousProof as unknown);
    if (previous.length > 0) {
      const named = previous.map((id) => (typeof id === 'string' ? proofs.filter((candidate) => candidate.id === id && candidate !== proof) : []));
      const missing = previous.filter((_, position) => named[position]?.length !== 1);
      if (missing.length > 0) return { ok: false, code: 'previous_proof_missing', message: `the proof names previousProof ${JSON.stringify(missing)}, which is not exactly one other proof of this document`, path: `${path}.previousProof` };
      const chained = named.flat();
      input = { ...unsigned, proof: chained.length === 1 ? chained[0] : chained };
    }
    // The graph already computed is the unsigned document's: not the input of a chained proof.
    const { unsignedQuads, ...rest } = options;
    const result = await verifyOne(input, proof, { ...rest, ...(previous.length === 0 && unsignedQuads ? { unsignedQuads } : {}) });
    if (!result.ok) return { ...result, ...(proofs.length > 1 ? { message: `proof ${index + 1} of ${proofs.length}: ${result.message}` } : {}), path };
    if (result.controller !== undefined) controllers.push(result.controller);
  }
  return { ok: true, controllers };
}
