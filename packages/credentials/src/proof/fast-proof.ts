// The fast path for verifying a Data Integrity proof (eddsa-rdfc-2022 and eddsa-jcs-2022) on a
// VC 2.0 credential: the same steps as @digitalbazaar/data-integrity and jsonld-signatures, done
// directly. Canonicalisation goes through fast-rdf (byte-identical to jsonld + rdf-canonize, which
// it falls back to); the signature is checked by the platform's Ed25519 from `#ed25519`
// (node:crypto in Node, see ed25519-platform.ts). Anything unusual — several proofs, another proof type, a key that is not a
// Multikey, no registered verifier — returns undefined and the caller uses jsonld-signatures.
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import canonicalizeJson from 'canonicalize';
import * as rdfCanonize from 'rdf-canonize';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import { fastToRdf, type RdfQuad } from '../jsonld/fast-rdf.js';
import { isObject } from '../json.js';
import { ed25519Platform as platform } from '#ed25519';
import type { VerificationCode } from '../verify/codes.js';

/** What the fast path decided. */
export type FastProofResult = { verified: true; controller: string } | { verified: false; code: VerificationCode; message: string };

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX = new Map([...BASE58].map((character, index) => [character, index]));

/** Decodes base58btc (the part after the multibase `z`); undefined for a bad character. */
function decodeBase58(text: string): Uint8Array | undefined {
  if (text.length > 200) return undefined;
  const bytes: number[] = [];
  for (const character of text) {
    let carry = BASE58_INDEX.get(character);
    if (carry === undefined) return undefined;
    for (let index = 0; index < bytes.length; index++) {
      carry += (bytes[index] as number) * 58;
      bytes[index] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const character of text) {
    if (character !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** The raw Ed25519 public key of a Multikey `z6Mk…` value, or undefined. */
function ed25519PublicKey(multibase: unknown): Uint8Array | undefined {
  if (typeof multibase !== 'string' || !multibase.startsWith('z')) return undefined;
  const bytes = decodeBase58(multibase.slice(1));
  if (!bytes || bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) return undefined;
  return bytes.slice(2);
}

/**
 * RDFC-1.0 canonical N-Quads of a document, as eddsa-rdfc-2022 computes them: the fast path when
 * it applies, else jsonld.js (safe mode, base null) and rdf-canonize. Errors are jsonld.js's.
 */
export async function canonizeRdfc(document: object, documentLoader: DocumentLoader): Promise<string> {
  const quads = await fastToRdf(document);
  if (quads) return rdfCanonize.canonize(quads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' });
  const { default: jsonld } = await import('jsonld');
  const dataset = await (jsonld as unknown as { toRDF(input: object, options: object): Promise<unknown> }).toRDF(document, { algorithm: 'RDFC-1.0', base: null, safe: true, documentLoader, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false });
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads', base: null, safe: true, documentLoader });
}

/** Whether the fast path can check this proof at all (no I/O). */
export function fastProofApplies(context: unknown, proof: unknown, expectedPurpose: string): boolean {
  if (!platform) return false;
  // VC 2.0, or VC 1.1 (whose documents bring the Data Integrity terms in a context of their own).
  if (!Array.isArray(context) || (context[0] !== VC_V2_CONTEXT && context[0] !== VC_V1_CONTEXT)) return false;
  return (
    isObject(proof) &&
    proof.type === 'DataIntegrityProof' &&
    (proof.cryptosuite === 'eddsa-rdfc-2022' || proof.cryptosuite === 'eddsa-jcs-2022') &&
    proof.proofPurpose === expectedPurpose &&
    typeof proof.verificationMethod === 'string' &&
    typeof proof.proofValue === 'string'
  );
}

async function load(documentLoader: DocumentLoader, url: string): Promise<Record<string, unknown> | undefined> {
  const { document } = await documentLoader(url);
  const parsed: unknown = typeof document === 'string' ? JSON.parse(document) : document;
  return isObject(parsed) ? parsed : undefined;
}

/** One proof to check, and the document it secures. */
export interface ProofToVerify {
  /** The secured document without the proof being checked (with the previous proofs of a chain as its `proof`). */
  unsigned: Record<string, unknown>;
  /** The proof being checked. */
  proof: Record<string, unknown>;
}

/**
 * Verifies one Data Integrity proof that {@link fastProofApplies} to, over `unsigned`. Returns
 * undefined to hand over to jsonld-signatures (e.g. a key type it does not know). Errors from the
 * document loader propagate, as they do from jsonld-signatures.
 */
export async function verifyProofFast(input: ProofToVerify, options: { documentLoader: DocumentLoader; expectedPurpose: string; unsignedQuads?: RdfQuad[] }): Promise<FastProofResult | undefined> {
  const active = platform;
  const { proof } = input;
  if (!active || !fastProofApplies(input.unsigned['@context'], proof, options.expectedPurpose)) return undefined;
  const methodId = proof.verificationMethod as string;

  // The key, and that its controller authorises it for this purpose (ControllerProofPurpose).
  const method = await load(options.documentLoader, methodId);
  if (!method || method.type !== 'Multikey' || method.revoked !== undefined || typeof method.controller !== 'string') return undefined;
  const publicKey = ed25519PublicKey(method.publicKeyMultibase);
  if (!publicKey) return undefined;
  const controller = await load(options.documentLoader, method.controller);
  if (!controller) return undefined;
  const authorised = [controller[options.expectedPurpose]].flat().some((entry) => entry === method.id || (isObject(entry) && entry.id === method.id));
  if (!authorised) return { verified: false, code: 'verification_method_not_authorized', message: `the key ${methodId} is not authorised by its controller ${method.controller} for ${options.expectedPurpose}` };

  const signature = decodeBase58((proof.proofValue as string).slice(1));
  if (!(proof.proofValue as string).startsWith('z') || !signature) return { verified: false, code: 'proof_value_encoding', message: 'proofValue is not multibase base58btc' };
  if (signature.length !== 64) return { verified: false, code: 'signature_length', message: `an Ed25519 signature is 64 bytes, not ${signature.length}` };

  const unsigned: Record<string, unknown> = { ...input.unsigned };
  let proofConfig: Record<string, unknown>;
  let canonical: [string, string];
  if (proof.cryptosuite === 'eddsa-rdfc-2022') {
    proofConfig = { '@context': unsigned['@context'], ...proof };
    delete proofConfig.proofValue;
    const documentC14n = options.unsignedQuads ? rdfCanonize.canonize(options.unsignedQuads, { algorithm: 'RDFC-1.0', format: 'application/n-quads' }) : canonizeRdfc(unsigned, options.documentLoader);
    canonical = await Promise.all([canonizeRdfc(proofConfig, options.documentLoader), documentC14n]);
  } else {
    proofConfig = { ...proof };
    delete proofConfig.proofValue;
    if (proof['@context'] !== undefined) {
      const proofContext = [proof['@context']].flat();
      const documentContext = [unsigned['@context']].flat();
      if (proofContext.some((entry, index) => entry !== documentContext[index])) return { verified: false, code: 'signature_invalid', message: 'the proof\'s @context is not the start of the credential\'s' };
      unsigned['@context'] = proof['@context'];
    }
    canonical = [canonicalizeJson(proofConfig) ?? '', canonicalizeJson(unsigned) ?? ''];
  }
  const data = new Uint8Array(64);
  data.set(active.sha256(canonical[0]), 0);
  data.set(active.sha256(canonical[1]), 32);
  if (!active.verify(publicKey, data, signature)) {
    return { verified: false, code: 'signature_invalid', message: 'the signature does not match the credential: it was changed after signing, or signed with another key' };
  }
  return { verified: true, controller: method.controller };
}

/**
 * The eddsa-rdfc-2022 cryptosuite of @digitalbazaar/eddsa-rdfc-2022-cryptosuite with its
 * canonicalisation replaced by {@link canonizeRdfc}: the same output, faster, for signing and for
 * the proofs that go through jsonld-signatures.
 */
export const fastRdfcCryptosuite: typeof rdfcCryptosuite = {
  ...rdfcCryptosuite,
  canonize: (input: object, options: object) => canonizeRdfc(input, (options as { documentLoader: DocumentLoader }).documentLoader),
};
