import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url, CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { readVector, readVectorBytes, readVectorText } from '@carepass/test-support';
import { extractBakedCredential } from '../baking/baking.js';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { issueCredential, issueCredentialJwt } from '../issue/issue.js';
import { generateIssuerKey, privateJwkFor } from '../keys/keys.js';
import { verifyCredential } from '../verify/verify.js';
import { getDidKeyOfJwk, publicJwkFromMultibase } from '../keys/jwk.js';
import { signCredentialJwt } from './sign-jwt.js';
import { decodeCredentialJwt } from './verify-jwt.js';

const REQUEST = { competency: 'care-certificate@2025#15', subject: { id: 'did:example:worker-1' }, validFrom: '2026-01-05T09:00:00Z' } as const;
const NOW = '2026-06-01T00:00:00Z';
const key = await generateIssuerKey({ seed: new Uint8Array(32).fill(11) });
const otherKey = await generateIssuerKey({ seed: new Uint8Array(32).fill(12) });

/** A P-256 key of the caller's own, with its did:key as kid. */
async function es256Key() {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const did = getDidKeyOfJwk(publicJwk);
  return { kid: `${did}#${did.slice('did:key:'.length)}`, privateJwk: await exportJWK(pair.privateKey), publicJwk, did };
}

/** Signs any payload and header with a private JWK, as an attacker or a careless issuer might. */
async function signRaw(payload: unknown, header: Record<string, unknown>, jwk: JWK, alg = String(header.alg)): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as { alg: string }).sign(await importJWK(jwk, alg));
}

const failed = (result: Awaited<ReturnType<typeof verifyCredential>>) => result.checks.filter((check) => !check.ok).map((check) => check.code);

describe('VC-JWT: issuing and verifying', () => {
  it('issues an Open Badges 3.0 JWT (EdDSA) whose registered claims come from the credential, and verifies it with every check', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW });
    const decoded = decodeCredentialJwt(jwt);
    expect(decoded?.header).toEqual({ alg: 'EdDSA', kid: key.id, typ: 'JWT' });
    expect(decoded?.payload).toMatchObject({ iss: key.controller, nbf: Date.parse('2026-01-05T09:00:00Z') / 1000, sub: 'did:example:worker-1', jti: decoded?.credential.id });
    expect(decoded?.credential).not.toHaveProperty('iss');
    const result = await verifyCredential(jwt, { now: NOW });
    expect(failed(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.checks.map((check) => check.check)).toEqual(['parse', 'data-model', 'json-ld', 'open-badges', 'proof', 'issuer', 'validity', 'trust']);
    expect(result.credential).toMatchObject({ issuer: { id: key.controller }, subject: 'did:example:worker-1', proofs: [{ type: 'JWT', cryptosuite: 'EdDSA', verificationMethod: key.id }] });
    // What recognition reads is the signed view, with the same alignments as the Data Integrity form.
    const dataIntegrity = await verifyCredential(await issueCredential(REQUEST, { key, now: NOW }), { now: NOW });
    expect(result.credential.alignments).toEqual(dataIntegrity.credential.alignments);
    expect(result.document).toMatchObject({ credentialSubject: { achievement: { humanCode: '15' } } });
  });

  it('signs with a caller\'s ES256 key named by a P-256 did:key, resolved offline', async () => {
    const signing = await es256Key();
    expect(signing.did).toMatch(/^did:key:zDn/);
    expect(publicJwkFromMultibase(signing.did.slice('did:key:'.length))).toEqual({ kty: 'EC', crv: 'P-256', x: signing.publicJwk.x, y: signing.publicJwk.y });
    const jwt = await issueCredentialJwt(REQUEST, { key: { kid: signing.kid, privateJwk: signing.privateJwk }, now: NOW });
    expect(decodeCredentialJwt(jwt)?.header.alg).toBe('ES256');
    const result = await verifyCredential(jwt, { now: NOW });
    expect(failed(result)).toEqual([]);
    expect(result.credential.issuer?.id).toBe(signing.did);
  });

  it('writes VC-JOSE-COSE (typ vc+jwt) and verifies it as text and as an EnvelopedVerifiableCredential', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW, profile: 'vc-jose-cose' });
    expect(decodeCredentialJwt(jwt)?.header).toEqual({ alg: 'EdDSA', kid: key.id, typ: 'vc+jwt', cty: 'vc' });
    expect(decodeCredentialJwt(jwt)?.payload).not.toHaveProperty('iss');
    expect((await verifyCredential(jwt, { now: NOW })).verified).toBe(true);
    const enveloped = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` };
    expect((await verifyCredential(enveloped, { now: NOW })).verified).toBe(true);
  });

  it('applies validity, status and issuer trust to JWTs as to any credential', async () => {
    const jwt = await issueCredentialJwt({ ...REQUEST, validUntil: '2026-03-01T00:00:00Z' }, { key, now: NOW });
    const result = await verifyCredential(jwt, { now: NOW });
    expect(result.status).toBe('expired');
    expect(decodeCredentialJwt(jwt)?.payload.exp).toBe(Date.parse('2026-03-01T00:00:00Z') / 1000);
    const untrusted = await verifyCredential(await issueCredentialJwt(REQUEST, { key, now: NOW }), { now: NOW, checkTrust: async () => ({ ok: false, code: 'untrusted', message: 'not in the registry', status: 'untrusted' }) });
    expect(untrusted.status).toBe('untrusted');
  });
});

describe('VC-JWT: what is refused', () => {
  it('refuses alg none, HMAC with the public key as secret, and an alg that does not fit the key (algorithm confusion)', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW });
    const [, payload] = jwt.split('.') as [string, string, string];
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', kid: key.id }))}.${payload}.`;
    expect(failed(await verifyCredential(none, { now: NOW }))).toEqual(['jwt_alg_unsupported']);
    const publicJwk = publicJwkFromMultibase(key.publicKeyMultibase);
    const hmac = await signRaw(decodeCredentialJwt(jwt)?.payload, { alg: 'HS256', kid: key.id }, { kty: 'oct', k: publicJwk.x as string }, 'HS256');
    expect(failed(await verifyCredential(hmac, { now: NOW }))).toEqual(['jwt_alg_unsupported']);
    // An ES256 signature presented under the issuer's Ed25519 kid.
    const signing = await es256Key();
    const confused = await signRaw(decodeCredentialJwt(jwt)?.payload, { alg: 'ES256', kid: key.id }, signing.privateJwk);
    const result = await verifyCredential(confused, { now: NOW });
    expect(failed(result)).toEqual(['jwt_alg_unsupported']);
    expect(result.checks.find((check) => !check.ok)?.message).toMatch(/algorithm confusion/);
    // The caller can narrow the list.
    expect(failed(await verifyCredential(jwt, { now: NOW, jwtAlgorithms: ['ES256'] }))).toEqual(['jwt_alg_unsupported']);
  });

  it('refuses a JWT signed with a key that is not the issuer\'s, unless issuer binding is off', async () => {
    const unsigned = (decodeCredentialJwt(await issueCredentialJwt(REQUEST, { key, now: NOW, profile: 'vc-jose-cose' })) as { credential: object }).credential;
    const jwt = await signCredentialJwt(unsigned, { key: otherKey });
    const result = await verifyCredential(jwt, { now: NOW });
    expect(failed(result)).toEqual(['issuer_not_controller']);
    expect((await verifyCredential(jwt, { now: NOW, issuerBinding: false })).checks.find((check) => check.check === 'issuer')?.code).toBe('not_required');
  });

  it('refuses registered claims that disagree with the credential, and Open Badges JWTs without iss or nbf', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW });
    const { payload } = decodeCredentialJwt(jwt) as { payload: Record<string, unknown> };
    const privateJwk = await privateJwkFor(key);
    const header = { alg: 'EdDSA', kid: key.id, typ: 'JWT' };
    for (const [claim, value] of [['iss', otherKey.controller], ['nbf', 1], ['exp', 1], ['jti', 'urn:uuid:00000000-0000-4000-8000-000000000000'], ['sub', 'did:example:someone-else']] as const) {
      const result = await verifyCredential(await signRaw({ ...payload, [claim]: value }, header, privateJwk), { now: NOW });
      expect(failed(result), claim).toEqual(['jwt_claim_mismatch']);
      expect(result.checks.find((check) => !check.ok)?.path).toBe(`$.payload.${claim}`);
    }
    for (const claim of ['iss', 'nbf']) {
      const { [claim]: _dropped, ...rest } = payload;
      expect(failed(await verifyCredential(await signRaw(rest, header, privateJwk), { now: NOW })), claim).toEqual(['jwt_claim_mismatch']);
    }
  });

  it('refuses a payload changed after signing, malformed text, and headers a VC-JWT may not have', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW });
    const [head, body, signature] = jwt.split('.') as [string, string, string];
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(body))) as Record<string, unknown>;
    const changed = `${head}.${base64url.encode(JSON.stringify({ ...payload, name: 'Something else' }))}.${signature}`;
    expect(failed(await verifyCredential(changed, { now: NOW }))).toEqual(['signature_invalid']);
    for (const text of ['eyJ.eyJ.', `${head}.${base64url.encode('[1,2]')}.${signature}`, `${base64url.encode('not json')}.${body}.${signature}`]) {
      expect(failed(await verifyCredential(text, { now: NOW })), text).toEqual(['jwt_malformed']);
    }
    expect(failed(await verifyCredential('not a credential', { now: NOW }))).toEqual(['not_an_object']);
    const privateJwk = await privateJwkFor(key);
    for (const header of [{ alg: 'EdDSA', kid: key.id, crit: ['b64'], b64: true }, { alg: 'EdDSA', kid: key.id, typ: 'bad+typ' }, { alg: 'EdDSA', kid: key.id, jwk: publicJwkFromMultibase(key.publicKeyMultibase) }, { alg: 'EdDSA', jwk: privateJwk }]) {
      expect(failed(await verifyCredential(await signRaw(payload, header, privateJwk), { now: NOW })), JSON.stringify(header)).toEqual(['jwt_header_invalid']);
    }
  });

  it('never fetches a key: a did:web or https kid needs the caller\'s documents or fetcher', async () => {
    const jwt = await issueCredentialJwt(REQUEST, { key, now: NOW });
    const { payload } = decodeCredentialJwt(jwt) as { payload: Record<string, unknown> };
    const signing = await es256Key();
    const issuer = 'https://training.example/issuer';
    const credential = { ...payload, issuer: { id: issuer, type: ['Profile'] }, iss: issuer };
    const urlKid = 'https://training.example/jwks.json#key-1';
    const token = await signRaw(credential, { alg: 'ES256', kid: urlKid, typ: 'JWT' }, signing.privateJwk);
    expect(failed(await verifyCredential(token, { now: NOW }))).toEqual(['jwt_key_unresolved']);
    const fetched: string[] = [];
    const documentLoader = createDocumentLoader({ fetch: async (url) => (fetched.push(url), { keys: [{ ...signing.publicJwk, kid: 'key-1' }] }) });
    const result = await verifyCredential(token, { now: NOW, documentLoader });
    expect(failed(result)).toEqual([]);
    expect(fetched).toEqual(['https://training.example/jwks.json']);
    // The same key handed over as the issuer's JWKS, by kid.
    expect(failed(await verifyCredential(token, { now: NOW, jwtKeys: { [issuer]: [{ ...signing.publicJwk, kid: urlKid }] } }))).toEqual([]);
    // A weak RSA key is refused even when it is the issuer's.
    // (jose will not make or use so small a key, so this one is made and used with node:crypto.)
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weakHeader = base64url.encode(JSON.stringify({ alg: 'RS256', jwk: rsa.publicKey.export({ format: 'jwk' }), typ: 'JWT' }));
    const weakPayload = base64url.encode(JSON.stringify(credential));
    const weak = `${weakHeader}.${weakPayload}.${base64url.encode(sign('sha256', Buffer.from(`${weakHeader}.${weakPayload}`), rsa.privateKey))}`;
    expect(failed(await verifyCredential(weak, { now: NOW, issuerBinding: false }))).toEqual(['jwt_alg_unsupported']);
  });
});

describe('VC-JWT: other implementations\' credentials', () => {
  it('verifies 1EdTech\'s baked OB 3.0 JWT samples (RS256, embedded jwk), bound to the issuer only through its published key', async () => {
    for (const file of ['ob3-validator/simple-jwt.png', 'ob3-validator/simple-jwt.svg']) {
      const baked = extractBakedCredential(readVectorBytes(file));
      expect(typeof baked?.credential).toBe('string');
      const jwt = baked?.credential as string;
      // Open Badges 3.0 does not bind an embedded key to an https issuer; Carepass does by default.
      const strict = await verifyCredential(jwt);
      expect(failed(strict), file).toEqual(['issuer_not_controller']);
      const lenient = await verifyCredential(jwt, { issuerBinding: false });
      expect(failed(lenient), file).toEqual([]);
      expect(lenient.credential).toMatchObject({ issuer: { id: 'https://1edtech.edu/issuers/565049' }, achievement: { name: 'Teamwork' } });
      const jwk = decodeCredentialJwt(jwt)?.header.jwk as object;
      expect(failed(await verifyCredential(jwt, { jwtKeys: { 'https://1edtech.edu/issuers/565049': [jwk] } })), file).toEqual([]);
    }
  });

  it('reads the VC 1.1 JWT encoding (the credential under a vc claim)', async () => {
    const jwt = extractBakedCredential(readVectorBytes('ob3-validator/simple-jwt_v1.svg'))?.credential as string;
    expect(decodeCredentialJwt(jwt)?.credential).toMatchObject({ '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'], issuer: { id: 'https://example.edu/issuers/565049' } });
    const result = await verifyCredential(jwt, { issuerBinding: false });
    expect(result.credential.version).toBe('1.1');
    expect(result.checks.find((check) => check.check === 'data-model')?.ok).toBe(true);
  });

  it('passes the W3C VC-JOSE-COSE suite\'s JWT verification cases', async () => {
    const p256 = readVector<{ controller: string; publicKeyJwk: object }>('vc-jose-cose/vm-p256.json');
    const ed25519 = readVector<{ controller: string; publicKeyJwk: object }>('vc-jose-cose/vm-ed25519.json');
    const jwtKeys = { [p256.controller]: [p256.publicKeyJwk, ed25519.publicKeyJwk] };
    const verify = (file: string) => verifyCredential(readVectorText(`vc-jose-cose/${file}`), { jwtKeys });
    expect(failed(await verify('credential-jose-minimal.txt'))).toEqual([]);
    expect(failed(await verify('credential-jose-unknown-extensions.txt'))).toEqual(['jwt_alg_unsupported']);
    expect(failed(await verify('credential-jose-bad-signature.txt'))).toEqual(['signature_invalid']);
    expect(failed(await verify('credential-jose-bad-media-type.txt'))).toEqual(['jwt_header_invalid']);
  });
});
