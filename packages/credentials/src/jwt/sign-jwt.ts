// Signs a credential as a VC-JWT (a compact JWS), with jose: Open Badges 3.0 §8.2, or W3C
// VC-JOSE-COSE (application/vc+jwt). Browser-safe.
import { CarepassError } from '@carepass/frameworks';
import { CompactSign, importJWK, type JWK } from 'jose';
import { createDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.js';
import { type IssuerKey, isIssuerKey, privateJwkFor } from '../keys/keys.js';
import { checkSignable } from '../issue/sign.js';
import { asArray, isObject } from '../json.js';
import { getJwkAlgorithm, type JwtAlgorithm, type JwtSigningKey } from '../keys/jwk.js';

/**
 * How the JWT is written:
 * - `open-badges` (default): Open Badges 3.0 §8.2. The payload is the credential plus the
 *   registered claims derived from it: `iss` (issuer id), `nbf` (validFrom), `exp` (validUntil),
 *   `jti` (id), `sub` (credentialSubject.id); header `typ: JWT`.
 * - `vc-jose-cose`: W3C VC-JOSE-COSE, `application/vc+jwt`. The payload is the VC 2.0 credential
 *   as it is; header `typ: vc+jwt`, `cty: vc`.
 */
export type CredentialJwtProfile = 'open-badges' | 'vc-jose-cose';

/** Options for {@link signCredentialJwt}. */
export interface SignCredentialJwtOptions {
  /** A Carepass issuer key (EdDSA), or a {@link JwtSigningKey} (ES256 or EdDSA) with its `kid`. */
  key: IssuerKey | JwtSigningKey;
  /** How the JWT is written; default `open-badges`. */
  profile?: CredentialJwtProfile;
  /** Document loader for the checks before signing; default the offline loader. */
  documentLoader?: DocumentLoader;
}

/** The registered JWT claims a credential's own members may not take the names of. */
export const JWT_CLAIM_NAMES = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'] as const;

/** Seconds since the epoch of a date-time, as JWT's NumericDate. */
export const numericDate = (dateTime: string): number => Math.floor(Date.parse(dateTime) / 1000);

/** The registered claims Open Badges 3.0 derives from a credential (only those it has a value for). */
export function claimsOf(credential: Record<string, unknown>): Record<string, string | number> {
  const claims: Record<string, string | number> = {};
  const issuer = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
  if (typeof issuer === 'string') claims.iss = issuer;
  const validFrom = credential.validFrom ?? credential.issuanceDate;
  if (typeof validFrom === 'string') claims.nbf = numericDate(validFrom);
  const validUntil = credential.validUntil ?? credential.expirationDate;
  if (typeof validUntil === 'string') claims.exp = numericDate(validUntil);
  if (typeof credential.id === 'string') claims.jti = credential.id;
  const subject = asArray(credential.credentialSubject)[0];
  if (isObject(subject) && typeof subject.id === 'string') claims.sub = subject.id;
  return claims;
}

/** The private JWK, its algorithm and kid of either kind of key. */
async function signingKeyOf(key: IssuerKey | JwtSigningKey): Promise<{ jwk: JWK; alg: JwtAlgorithm; kid: string }> {
  if (isIssuerKey(key)) return { jwk: await privateJwkFor(key), alg: 'EdDSA', kid: key.id };
  if (!isObject(key) || typeof key.kid !== 'string' || key.kid === '' || !isObject(key.privateJwk)) {
    throw new CarepassError('INVALID_ARGUMENT', 'options.key must be an IssuerKey, or { kid, privateJwk } with the private key as a JWK');
  }
  const jwk = key.privateJwk as JWK;
  const alg = getJwkAlgorithm(jwk);
  if (!alg) throw new CarepassError('KEY_INVALID', '$.privateJwk must be an Ed25519 (kty OKP) or P-256 (kty EC) key: Carepass signs VC-JWTs with EdDSA or ES256');
  if (typeof jwk.d !== 'string') throw new CarepassError('KEY_INVALID', '$.privateJwk.d is missing: this is a public key, which cannot sign');
  return { jwk, alg, kid: key.kid };
}

/**
 * Signs an unsigned credential as a compact VC-JWT. The credential is checked first as
 * {@link signCredential} checks it (VC data model, JSON-LD safe mode, JSON that claims what its
 * graph says), and is never mutated. Verify the result with {@link verifyCredential}, which takes the
 * JWT text as it takes JSON.
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` (with `details.issues`) for a credential verifiers
 * would refuse, or one with a member named like a JWT claim; `KEY_INVALID` / `INVALID_ARGUMENT` for
 * the key; `SIGNING_FAILED` if the JOSE library refuses it.
 * @example
 * ```ts
 * const jwt = await signCredentialJwt(unsigned, { key }); // eyJhbGciOiJFZERTQSIs…
 * ```
 */
export async function signCredentialJwt(credential: object, options: SignCredentialJwtOptions): Promise<string> {
  if (!isObject(options)) throw new CarepassError('INVALID_ARGUMENT', 'options must be an object with a key');
  const profile = options.profile ?? 'open-badges';
  if (profile !== 'open-badges' && profile !== 'vc-jose-cose') throw new CarepassError('INVALID_ARGUMENT', `options.profile must be "open-badges" or "vc-jose-cose", not ${JSON.stringify(profile)}`);
  const { jwk, alg, kid } = await signingKeyOf(options.key);
  const unsigned = await checkSignable(credential, options.documentLoader ?? createDocumentLoader());
  const clash = JWT_CLAIM_NAMES.find((name) => name in unsigned);
  if (clash) {
    const issue = { code: 'jwt_claim_mismatch', path: `$.${clash}`, message: `a credential signed as a JWT may not have a member named "${clash}", the name of a registered JWT claim` };
    throw new CarepassError('CREDENTIAL_INVALID', `cannot sign: ${issue.path}: ${issue.message}`, { details: { issues: [issue] } });
  }
  const context = asArray(unsigned['@context'])[0];
  if (profile === 'vc-jose-cose' && context !== 'https://www.w3.org/ns/credentials/v2') {
    const issue = { code: 'context_not_first', path: '$["@context"][0]', message: 'VC-JOSE-COSE secures VC 2.0 credentials only: the first @context must be https://www.w3.org/ns/credentials/v2' };
    throw new CarepassError('CREDENTIAL_INVALID', `cannot sign: ${issue.path}: ${issue.message}`, { details: { issues: [issue] } });
  }
  const payload = profile === 'open-badges' ? { ...unsigned, ...claimsOf(unsigned) } : unsigned;
  const header = profile === 'open-badges' ? { alg, kid, typ: 'JWT' } : { alg, kid, typ: 'vc+jwt', cty: 'vc' };
  try {
    return await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(await importJWK(jwk, alg));
  } catch (error) {
    throw new CarepassError('SIGNING_FAILED', `signing the JWT failed: ${(error as Error).message}`, { cause: error });
  }
}
