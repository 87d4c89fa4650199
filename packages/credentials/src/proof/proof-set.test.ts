import { createHash } from 'node:crypto';
import jsigs from 'jsonld-signatures';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { canonizeRdfc } from './fast-proof.js';
import { type IssuerKey, generateIssuerKey, issueCredential, verifyCredential } from '../index.js';
import { signerFor } from '../keys/keys.js';
import { readVector } from '@carepass/test-support';

// Proof sets and chains (VC Data Integrity 1.0 §2.1.1 and §4.5): every proof must verify, and a
// proof that names a previousProof secures the document together with the proofs it names.

const documentLoader = createDocumentLoader();
const created = '2026-01-05T09:00:00Z';
const now = new Date('2026-06-01T00:00:00Z');
let issuer: IssuerKey;
let witness: IssuerKey;
let unsigned: Record<string, unknown>;

const base58 = (bytes: Uint8Array): string => {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
};

/** Signs one eddsa-rdfc-2022 proof over `secured` (which carries a chain's previous proofs), as the spec's algorithm says. */
async function rdfcProof(key: IssuerKey, secured: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const proof = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created, verificationMethod: key.id, proofPurpose: 'assertionMethod', ...extra };
  const hash = async (document: object) => createHash('sha256').update(await canonizeRdfc(document, documentLoader)).digest();
  const data = Buffer.concat([await hash({ '@context': secured['@context'], ...proof }), await hash(secured)]);
  const signature = await (await signerFor(key)).sign({ data: new Uint8Array(data) });
  return { ...proof, proofValue: `z${base58(signature)}` };
}

beforeAll(async () => {
  issuer = await generateIssuerKey();
  witness = await generateIssuerKey();
  const { proof: _proof, ...rest } = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: created }, { key: issuer, issuer: { name: 'Sunrise Home Care' } });
  unsigned = rest;
});

describe('proof sets and chains', () => {
  it('signs proofs here the way the reference implementation checks them', async () => {
    const proof = await rdfcProof(issuer, unsigned);
    const reference = await jsigs.verify({ ...unsigned, proof }, { suite: new DataIntegrityProof({ cryptosuite: rdfcCryptosuite }), purpose: new jsigs.purposes.AssertionProofPurpose({ date: now }), documentLoader });
    expect(reference.verified).toBe(true);
  });

  it('accepts a set only when every proof verifies: one bad proof fails the credential', async () => {
    const genuine = await rdfcProof(issuer, unsigned);
    const second = await rdfcProof(witness, unsigned);
    const both = await verifyCredential({ ...unsigned, proof: [genuine, second] }, { now });
    expect(both.verified).toBe(true);
    expect(both.checks.find((check) => check.check === 'proof')?.message).toMatch(/all 2 signatures valid/u);
    const garbage = { ...second, proofValue: genuine.proofValue };
    const withGarbage = await verifyCredential({ ...unsigned, proof: [genuine, garbage] }, { now });
    expect(withGarbage.verified).toBe(false);
    expect(withGarbage.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'signature_invalid', path: '$.proof[1]' });
    // A set made only by someone else is genuine, but not the issuer's.
    const notIssuers = await verifyCredential({ ...unsigned, proof: [second] }, { now });
    expect(notIssuers.checks.find((check) => !check.ok)).toMatchObject({ check: 'issuer', code: 'issuer_not_controller' });
  });

  it('checks a chained proof over the proofs it names, and refuses a chain with a link removed or forged', async () => {
    const first = await rdfcProof(issuer, unsigned, { id: 'urn:uuid:proof-1' });
    const chained = await rdfcProof(witness, { ...unsigned, proof: first }, { id: 'urn:uuid:proof-2', previousProof: 'urn:uuid:proof-1' });
    const chain = await verifyCredential({ ...unsigned, proof: [first, chained] }, { now });
    expect(chain.checks.filter((check) => !check.ok)).toEqual([]);
    expect(chain.verified).toBe(true);

    const linkRemoved = await verifyCredential({ ...unsigned, proof: [chained] }, { now });
    expect(linkRemoved.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'previous_proof_missing', path: '$.proof[0].previousProof' });

    // Signed as if alone, but claiming to follow the first proof: its signature does not cover it.
    const unchained = await rdfcProof(witness, unsigned, { id: 'urn:uuid:proof-2', previousProof: 'urn:uuid:proof-1' });
    const forged = await verifyCredential({ ...unsigned, proof: [first, unchained] }, { now });
    expect(forged.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'signature_invalid', path: '$.proof[1]' });

    const selfReference = await verifyCredential({ ...unsigned, proof: [{ ...first, previousProof: 'urn:uuid:proof-1' }] }, { now });
    expect(selfReference.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'previous_proof_missing' });
  });

  it('refuses proof fields written as keywords or full IRIs, which would say the same thing twice', async () => {
    const proof = await rdfcProof(issuer, unsigned);
    const rewritten = { ...proof, 'https://w3id.org/security#proofPurpose': { '@id': 'https://w3id.org/security#assertionMethod' } };
    const result = await verifyCredential({ ...unsigned, proof: rewritten }, { now });
    expect(result.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'proof_property_invalid' });
  });

  it('accepts the W3C vc-di-eddsa proof set and chain vectors, and refuses one with a link removed', async () => {
    const at = new Date('2024-01-01T00:00:00Z');
    for (const [name, count] of [['signedProofSet1', 1], ['signedProofSet2', 2], ['signedProofChain1', 3], ['signedProofChain2', 4]] as const) {
      const vector = readVector<Record<string, unknown> & { proof: unknown }>(`vc-di-eddsa/TestVectors/proof-set-chain/${name}.json`);
      expect([vector.proof].flat()).toHaveLength(count);
      const proof = (await verifyCredential(vector, { now: at })).checks.find((check) => check.check === 'proof');
      expect(proof, name).toMatchObject({ ok: true });
    }
    const chain = readVector<Record<string, unknown> & { proof: Record<string, unknown>[] }>('vc-di-eddsa/TestVectors/proof-set-chain/signedProofChain2.json');
    const broken = await verifyCredential({ ...chain, proof: chain.proof.filter((_, index) => index !== 2) }, { now: at });
    expect(broken.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'previous_proof_missing', path: '$.proof[2].previousProof' });
    const forged = await verifyCredential({ ...chain, proof: chain.proof.map((proof, index) => (index === 0 ? { ...proof, created: '2023-02-24T23:36:39Z' } : proof)) }, { now: at });
    expect(forged.checks.find((check) => !check.ok)).toMatchObject({ check: 'proof', code: 'signature_invalid', path: '$.proof[0]' });
  });
});