// Verifies a VC-JWT (Open Badges 3.0 §8.2, W3C VC-JOSE-COSE) into the same structured result as a
// Data Integrity credential: the same checks, codes, status, trust and validity. The signature is
// checked by jose, over the exact bytes of the JWT; what Carepass then reads is the payload's
// signed view (its graph, compacted in the bundled contexts), as for Data Integrity.
import { checkJsonLimits, parseDateInput } from '@carepass/frameworks';
import { base64url, calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import { checkCredentialDataModel, type CredentialIssue, dataModelVersion } from '../verify/data-model.js';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { checkSignedView } from '../verify/view-checks.js';
import { describeJsonLdError } from '../jsonld/safe-mode.js';
import { checkAfterProof, type CredentialSummary, summariseCredential, type VerificationCheck, type VerificationCheckName, type VerificationStatus, type VerifyCredentialOptions, type VerifyCredentialResult } from '../verify/result.js';
import { asArray, isObject, type JsonObject as Json } from '../json.js';
import { getJwkAlgorithm, JWT_ALGORITHMS, type JwtAlgorithm } from '../keys/jwk.js';
import { type JwtKeyProblem, resolveJwtKey, type ResolvedJwtKey } from './jwt-keys.js';
import { JWT_CLAIM_NAMES, numericDate } from './sign-jwt.js';

/** A compact JWS: three base64url parts (the signature may be empty only to be refused). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/u;
/** The JWT types a VC-JWT may declare. */
const JWT_TYPES = new Set(['JWT', 'vc+jwt', 'application/vc+jwt', 'vc+ld+jwt', 'application/vc+ld+jwt']);
/** The smallest RSA modulus accepted for RS256, in bits. */
const MIN_RSA_BITS = 2048;

/** Whether a value is text in the shape of a compact JWS (not whether it verifies). */
export function isCompactJwt(value: unknown): value is string {
  return typeof value === 'string' && value.length < 16 * 1024 * 1024 && COMPACT_JWS.test(value.trim());
}

const ENVELOPE_PREFIXES = ['data:application/vc+jwt,', 'data:application/vc+ld+json+jwt,'];

/**
 * The JWT inside a VC 2.0 `EnvelopedVerifiableCredential` (`id: "data:application/vc+jwt,eyJ…"`),
 * or undefined for anything else.
 */
export function readEnvelopedJwt(value: unknown): string | undefined {
  if (!isObject(value) || !asArray(value.type).includes('EnvelopedVerifiableCredential') || typeof value.id !== 'string') return undefined;
  const prefix = ENVELOPE_PREFIXES.find((candidate) => (value.id as string).startsWith(candidate));
  return prefix === undefined ? undefined : (value.id as string).slice(prefix.length);
}

const decodeJson = (part: string): unknown => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part)));

/** A JWT taken apart, without verifying it. */
export interface DecodedCredentialJwt {
  /** The protected header. */
  header: Json;
  /** The payload: the credential, with any registered JWT claims. */
  payload: Json;
  /** The credential: the payload without the registered JWT claims (or its `vc` claim, in the VC 1.1 JWT encoding). */
  credential: Json;
}

/**
 * Takes a compact VC-JWT apart without verifying it, for display: never act on what it says before
 * {@link verifyCredential} has verified it.
 *
 * @returns undefined when the text is not a compact JWS with a JSON object header and payload.
 */
export function decodeCredentialJwt(jwt: string): DecodedCredentialJwt | undefined {
  if (!isCompactJwt(jwt)) return undefined;
  const [headerPart, payloadPart] = jwt.trim().split('.') as [string, string, string];
  try {
    const header = decodeJson(headerPart);
    const payload = decodeJson(payloadPart);
    if (!isObject(header) || !isObject(payload)) return undefined;
    // The VC 1.1 JWT encoding puts the credential under a `vc` claim; VC 2.0 (and Open Badges 3.0
    // §8.2) make the payload the credential itself.
    if (payload['@context'] === undefined && isObject(payload.vc)) return { header, payload, credential: { ...payload.vc } };
    const credential: Json = { ...payload };
    for (const claim of JWT_CLAIM_NAMES) delete credential[claim];
    return { header, payload, credential };
  } catch {
    return undefined;
  }
}

/** The header checks that come before any key is looked at. */
function checkHeader(header: Json, allowed: readonly JwtAlgorithm[]): JwtKeyProblem | undefined {
  const alg = header.alg;
  if (typeof alg !== 'string') return { code: 'jwt_alg_unsupported', message: 'the header has no alg', path: '$.header.alg' };
  if (!(allowed as readonly string[]).includes(alg)) return { code: 'jwt_alg_unsupported', message: `the JWT is signed with "${alg}", which is not accepted (accepted: ${allowed.join(', ')})`, path: '$.header.alg' };
  if (header.crit !== undefined) return { code: 'jwt_header_invalid', message: 'the header lists critical extensions (crit) that Carepass does not implement', path: '$.header.crit' };
  if (header.typ !== undefined && (typeof header.typ !== 'string' || !JWT_TYPES.has(header.typ))) return { code: 'jwt_header_invalid', message: `typ ${JSON.stringify(header.typ)} is not JWT or vc+jwt`, path: '$.header.typ' };
  if (header.cty !== undefined && header.cty !== 'vc' && header.cty !== 'application/vc' && header.cty !== 'vc+ld+json') return { code: 'jwt_header_invalid', message: `cty ${JSON.stringify(header.cty)} is not vc`, path: '$.header.cty' };
  if (header.kid !== undefined && header.jwk !== undefined) return { code: 'jwt_header_invalid', message: 'the header has both a kid and a jwk: it must name one key', path: '$.header' };
  return undefined;
}

/** Why a key does not fit the header's algorithm (algorithm confusion), or undefined when it does. */
function keyMisfit(jwk: JWK, alg: string): string | undefined {
  if (alg === 'RS256') {
    if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return `the key is ${String(jwk.kty)}, not the RSA key RS256 needs`;
    const bits = base64url.decode(jwk.n).length * 8;
    return bits < MIN_RSA_BITS ? `the RSA key has ${bits} bits, fewer than ${MIN_RSA_BITS}` : undefined;
  }
  const fits = getJwkAlgorithm(jwk);
  return fits === alg ? undefined : `the key (${String(jwk.kty)} ${String(jwk.crv ?? '')}) is for ${fits ?? 'no accepted algorithm'}, not ${alg}`;
}

/** Finds the key from the keys the caller gave for the issuer (`jwtKeys`), by kid or thumbprint. */
async function keyFromIssuerKeys(header: Json, issuer: string | undefined, options: VerifyCredentialOptions): Promise<ResolvedJwtKey | undefined> {
  const keys = issuer === undefined ? undefined : options.jwtKeys?.[issuer];
  if (!keys) return undefined;
  const embedded = isObject(header.jwk) ? await calculateJwkThumbprint(header.jwk as JWK).catch(() => undefined) : undefined;
  for (const key of keys) {
    if (!isObject(key)) continue;
    const thumbprint = await calculateJwkThumbprint(key as JWK).catch(() => undefined);
    if ((typeof header.kid === 'string' && (key.kid === header.kid || thumbprint === header.kid)) || (embedded !== undefined && embedded === thumbprint)) {
      return { jwk: key as JWK, controllers: [issuer as string], source: `the key ${String(key.kid ?? thumbprint)} given for ${issuer}` };
    }
  }
  return undefined;
}

/** The claims checks: each registered claim present must say what the credential says. */
function checkClaims(payload: Json, signed: Json, summary: CredentialSummary, profile: 'open-badges' | 'vc-jose-cose'): CredentialIssue[] {
  const issues: CredentialIssue[] = [];
  const subject = asArray(signed.credentialSubject)[0];
  const expected: Record<string, string | number | undefined> = {
    iss: summary.issuer?.id,
    nbf: summary.validFrom === undefined ? undefined : numericDate(summary.validFrom),
    exp: summary.validUntil === undefined ? undefined : numericDate(summary.validUntil),
    jti: summary.id,
    sub: isObject(subject) && typeof subject.id === 'string' ? subject.id : undefined,
  };
  for (const [claim, value] of Object.entries(expected)) {
    const given = payload[claim];
    if (given === undefined) {
      // Open Badges 3.0 §8.2 requires iss and nbf; VC-JOSE-COSE requires none.
      if (profile === 'open-badges' && (claim === 'iss' || claim === 'nbf')) issues.push({ code: 'jwt_claim_mismatch', path: `$.payload.${claim}`, message: `the JWT has no ${claim} claim, which Open Badges 3.0 requires` });
      continue;
    }
    if (given !== value) issues.push({ code: 'jwt_claim_mismatch', path: `$.payload.${claim}`, message: `the ${claim} claim (${JSON.stringify(given)}) does not say what the credential says (${JSON.stringify(value ?? null)})` });
  }
  return issues;
}

/**
 * Verifies a compact VC-JWT. Called by {@link verifyCredential} for JWT text and for an
 * `EnvelopedVerifiableCredential`; use that.
 */
export async function verifyCredentialJwt(jwt: string, options: VerifyCredentialOptions = {}): Promise<VerifyCredentialResult> {
  const checks: VerificationCheck[] = [];
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  let signed: Json | undefined;
  const decoded = decodeCredentialJwt(jwt);
  const header = decoded?.header;
  let shown: unknown = decoded?.credential;
  const finish = (status?: VerificationStatus): VerifyCredentialResult => {
    const credential = { ...summariseCredential(shown), proofs: header ? [{ type: 'JWT', ...(typeof header.alg === 'string' ? { cryptosuite: header.alg } : {}), ...(typeof header.kid === 'string' ? { verificationMethod: header.kid } : {}) }] : [] };
    if (signed && checks.every((check) => check.ok)) return { verified: true, status: 'valid', checks, credential, document: signed };
    return { verified: false, status: status === undefined || status === 'valid' ? 'invalid' : status, checks, credential, ...(signed ? { document: signed } : {}) };
  };
  const fail = (check: VerificationCheckName, issues: readonly CredentialIssue[]) => {
    for (const issue of issues) checks.push({ check, ok: false, code: issue.code, message: issue.message, path: issue.path });
  };
  if (!decoded || !header) {
    checks.push({ check: 'parse', ok: false, code: 'jwt_malformed', message: 'not a compact JWS: three base64url parts, with a header and a payload that are JSON objects' });
    return finish();
  }
  const { payload, credential } = decoded;
  const tooBig = checkJsonLimits(payload, options.limits);
  if (tooBig) {
    checks.push({ check: 'parse', ok: false, code: tooBig.code, message: tooBig.message, path: tooBig.path.replace(/^\$/u, '$.payload') });
    return finish();
  }
  checks.push({ check: 'parse', ok: true, code: 'ok', message: `a compact VC-JWT (${String(header.alg)})` });
  try {
    const modelIssues = checkCredentialDataModel(credential);
    if (modelIssues.length > 0) {
      fail('data-model', modelIssues);
      return finish();
    }
    checks.push({ check: 'data-model', ok: true, code: 'ok', message: `follows the VC ${dataModelVersion(credential)} data model` });
    const view = await checkSignedView(credential, documentLoader, checks);
    if (!view.ok) {
      if (view.view) shown = view.view;
      return finish();
    }
    signed = view.signed;
    shown = signed;
    const { summary } = view;

    const problem = checkHeader(header, options.jwtAlgorithms ?? JWT_ALGORITHMS);
    if (problem) {
      fail('proof', [problem]);
      return finish();
    }
    const alg = header.alg as JwtAlgorithm;
    const issuer = summary.issuer?.id;
    const key = (await keyFromIssuerKeys(header, issuer, options)) ?? (await resolveJwtKey(header, issuer, documentLoader));
    if ('code' in key) {
      fail('proof', [key]);
      return finish();
    }
    const misfit = keyMisfit(key.jwk, alg);
    if (misfit) {
      fail('proof', [{ code: 'jwt_alg_unsupported', path: '$.header.alg', message: `${misfit} (algorithm confusion is refused)` }]);
      return finish();
    }
    try {
      await compactVerify(jwt.trim(), await importJWK({ ...key.jwk, alg }, alg), { algorithms: [alg] });
    } catch (error) {
      fail('proof', [{ code: 'signature_invalid', path: '$.signature', message: `the JWT signature does not verify with ${key.source}: ${(error as Error).message}` }]);
      return finish();
    }
    const profile = header.typ === 'vc+jwt' || header.typ === 'application/vc+jwt' || header.typ === 'vc+ld+jwt' || header.typ === 'application/vc+ld+jwt' ? 'vc-jose-cose' : 'open-badges';
    const claimIssues = checkClaims(payload, signed, summary, profile);
    if (claimIssues.length > 0) {
      fail('proof', claimIssues);
      return finish();
    }
    checks.push({ check: 'proof', ok: true, code: 'ok', message: `JWT signature valid (${alg}, ${key.source})` });
    return finish(await checkAfterProof({ checks, signed, summary, controllers: key.controllers, now, documentLoader, options }));
  } catch (error) {
    const issue = describeJsonLdError(error);
    checks.push({ check: 'proof', ok: false, code: issue.code, message: issue.message });
    return finish();
  }
}
