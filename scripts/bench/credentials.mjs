// Credential verification and issuance, side by side in one process on identical credentials:
// the plain @digitalbazaar/vc pipeline (vc.verifyCredential / vc.issue with DataIntegrityProof and
// the eddsa cryptosuites, an in-memory offline loader with the same contexts) against Carepass
// (verifyCredential / signCredential, which also run the data model, safe mode, Open Badges,
// issuer and validity checks). Plus a raw Ed25519 verify with node:crypto, the floor.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { TextEncoder } from 'node:util';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { base64url, CompactSign, compactVerify, importJWK } from 'jose';
import { BUNDLED_CONTEXTS, createDocumentLoader, exportIssuerKey, generateIssuerKey, issueCredential, publicJwkFromMultibase, signCredential, signCredentialJwt, verifyCredential } from '@carepass/credentials';

const clone = (value) => JSON.parse(JSON.stringify(value));

/** Mean time per call of `run`, after a warm-up, in milliseconds. */
async function measure(run, { warmup = 100, count = 500 } = {}) {
  for (let index = 0; index < warmup; index++) await run();
  const start = process.hrtime.bigint();
  for (let index = 0; index < count; index++) await run();
  return Number(process.hrtime.bigint() - start) / 1e6 / count;
}

/** The private JWK of a multikey pair (Ed25519: `d` is the 32-byte seed). */
function jwkOf(pair) {
  const b64 = (bytes) => base64url.encode(bytes);
  return { kty: 'OKP', crv: 'Ed25519', x: b64(pair.publicKey), d: b64(pair.secretKey.subarray(0, 32)) };
}

/** Runs the credential benchmarks and returns rows: operation, plain, ours (ms per op). */
export async function benchCredentials({ count = 500 } = {}) {
  const key = await generateIssuerKey();
  const request = { competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z', evidence: [{ genre: 'Workplace observation', narrative: 'Basic life support observed on a manikin' }] };
  const options = { key, issuer: { name: 'Sunrise Home Care' }, created: '2026-01-05T09:00:00Z' };
  const rdfc = await issueCredential(request, options);
  const jcs = await issueCredential(request, { ...options, suite: 'eddsa-jcs-2022' });
  const unsigned = clone(rdfc);
  delete unsigned.proof;

  // The plain pipeline's loader: the same bundled contexts and the issuer's DID document, from memory.
  const ours = createDocumentLoader();
  const methodId = rdfc.proof[0].verificationMethod;
  const preloaded = new Map([...BUNDLED_CONTEXTS, [key.controller, (await ours(key.controller)).document], [methodId, (await ours(methodId)).document]]);
  const plainLoader = async (url) => {
    const document = preloaded.get(url);
    if (!document) throw new Error(`not preloaded: ${url}`);
    return { contextUrl: null, documentUrl: url, document, tag: 'static' };
  };
  const pair = await Ed25519Multikey.from({ ...exportIssuerKey(key, { includeSecret: true }), id: methodId, controller: key.controller });
  const now = new Date('2026-11-23T12:00:00Z');

  const plainVerify = (credential, cryptosuite) => async () => {
    const result = await vc.verifyCredential({ credential: clone(credential), suite: new DataIntegrityProof({ cryptosuite }), documentLoader: plainLoader });
    if (!result.verified) throw new Error('plain pipeline refused its input');
  };
  const oursVerify = (credential) => async () => {
    const result = await verifyCredential(clone(credential), { now });
    if (!result.verified) throw new Error('Carepass refused its input');
  };
  const plainIssue = (cryptosuite) => () => vc.issue({ credential: clone(unsigned), suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite, date: '2026-01-05T09:00:00Z' }), documentLoader: plainLoader });
  const oursIssue = (suite) => () => signCredential(clone(unsigned), { key, suite, created: '2026-01-05T09:00:00Z' });

  // VC-JWT: jose alone (signature only) against Carepass (signature plus every check above).
  const jwt = await signCredentialJwt(clone(unsigned), { key });
  const joseKey = await importJWK({ ...publicJwkFromMultibase(key.publicKeyMultibase), alg: 'EdDSA' }, 'EdDSA');
  const joseSigningKey = await importJWK(jwkOf(pair), 'EdDSA');
  const payload = new TextEncoder().encode(JSON.stringify(unsigned));
  const joseVerify = async () => {
    await compactVerify(jwt, joseKey, { algorithms: ['EdDSA'] });
  };
  const oursJwtVerify = async () => {
    const result = await verifyCredential(jwt, { now });
    if (!result.verified) throw new Error('Carepass refused its JWT');
  };

  // Raw Ed25519 over the 64 bytes a Data Integrity proof signs.
  const raw = generateKeyPairSync('ed25519');
  const data = createHash('sha512').update('carepass').digest();
  const signature = sign(null, data, raw.privateKey);

  const rows = [
    { name: 'verify, eddsa-rdfc-2022 (Open Badges 3.0 credential)', plain: await measure(plainVerify(rdfc, rdfcCryptosuite), { count }), ours: await measure(oursVerify(rdfc), { count }) },
    { name: 'verify, eddsa-jcs-2022', plain: await measure(plainVerify(jcs, createVerifyCryptosuite()), { count }), ours: await measure(oursVerify(jcs), { count }) },
    { name: 'issue (sign), eddsa-rdfc-2022', plain: await measure(plainIssue(rdfcCryptosuite), { count }), ours: await measure(oursIssue('eddsa-rdfc-2022'), { count }) },
    { name: 'issue (sign), eddsa-jcs-2022', plain: await measure(plainIssue(createSignCryptosuite()), { count }), ours: await measure(oursIssue('eddsa-jcs-2022'), { count }) },
    { name: 'verify, VC-JWT EdDSA (plain: jose compactVerify alone)', plain: await measure(joseVerify, { count }), ours: await measure(oursJwtVerify, { count }) },
    { name: 'issue (sign), VC-JWT EdDSA (plain: jose CompactSign alone)', plain: await measure(() => new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA' }).sign(joseSigningKey), { count }), ours: await measure(() => signCredentialJwt(clone(unsigned), { key }), { count }) },
    { name: 'raw Ed25519 verify, node:crypto (the floor)', plain: undefined, ours: await measure(() => verify(null, data, raw.publicKey, signature), { count: count * 10 }) },
  ];
  return rows;
}
