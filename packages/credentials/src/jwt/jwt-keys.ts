// Which public key a VC-JWT's header points to, and who controls it. Browser-safe.
import { CarepassError } from '@carepass/frameworks';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { getDidKeyOfJwk, publicJwkFromMultibase } from '../keys/jwk.js';
import type { VerificationCode } from '../verify/codes.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import { isObject } from '../json.js';

/** The public key a JWT's header names, with who controls it when that is known. */
export interface ResolvedJwtKey {
  /** The public key. */
  jwk: JWK;
  /** The DID that controls the key (from a DID URL `kid`, or the did:key/did:jwk of an embedded `jwk`). */
  controllers: string[];
  /** Where the key came from, for the proof check's message. */
  source: string;
}

/** Why a JWT's key could not be had. */
export interface JwtKeyProblem {
  code: VerificationCode;
  message: string;
  path: string;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

/** Reads a JWK from a verification method: `publicKeyJwk` (JsonWebKey, JsonWebKey2020) or a Multikey. */
function jwkOfMethod(method: Record<string, unknown>): JWK | undefined {
  if (isObject(method.publicKeyJwk)) return method.publicKeyJwk as JWK;
  if (typeof method.publicKeyMultibase === 'string') return publicJwkFromMultibase(method.publicKeyMultibase);
  return undefined;
}

/** The controllers an embedded `jwk` is bound to: the did:key of the same key, and did:jwk of it. */
async function controllersOfEmbedded(jwk: JWK, issuer: string | undefined): Promise<string[]> {
  const controllers: string[] = [];
  try {
    controllers.push(getDidKeyOfJwk(jwk));
  } catch {
    // not a key type with a did:key
  }
  if (issuer?.startsWith('did:jwk:')) {
    try {
      const issuerJwk = JSON.parse(new TextDecoder().decode(base64url.decode(issuer.slice('did:jwk:'.length).split('#')[0] as string))) as JWK;
      if ((await calculateJwkThumbprint(issuerJwk)) === (await calculateJwkThumbprint(jwk))) controllers.push(issuer);
    } catch {
      // an unreadable did:jwk binds nothing
    }
  }
  return controllers;
}

/**
 * A key named by an https URL (a JWKS, or a JWK, with the key's kid as the fragment), loaded only
 * through the document loader, which fetches only when the caller gave it a fetch function. The
 * key is bound to an https issuer of the same origin (as did:web binds a DID to its domain).
 */
async function resolveUrlKey(kid: string, issuer: string | undefined, documentLoader: DocumentLoader): Promise<ResolvedJwtKey | JwtKeyProblem> {
  const [url, fragment] = kid.split('#') as [string, string | undefined];
  try {
    const { document } = await documentLoader(url);
    const candidates = isObject(document) && Array.isArray(document.keys) ? document.keys.filter(isObject) : isObject(document) ? [document] : [];
    const jwk = (fragment === undefined && candidates.length === 1 ? candidates[0] : candidates.find((candidate) => candidate.kid === fragment || candidate.kid === kid)) as JWK | undefined;
    if (!jwk) return { code: 'jwt_key_unresolved', message: `${url} has no key ${fragment ?? ''}`.trim(), path: '$.header.kid' };
    const sameOrigin = issuer !== undefined && /^https:\/\//u.test(issuer) && new URL(issuer).origin === new URL(url).origin;
    return { jwk, controllers: sameOrigin ? [issuer] : [], source: kid };
  } catch (error) {
    return { code: 'jwt_key_unresolved', message: `the key ${kid} could not be loaded: ${(error as Error).message}`, path: '$.header.kid' };
  }
}

/**
 * Finds the public key of a JWT from its protected header: an embedded public `jwk`, or a `kid`
 * that is a DID URL, resolved through the document loader (did:key offline; did:web only from the
 * DID documents or resolver the caller gave it). A P-256 did:key (`zDn…`) is resolved here, offline.
 */
export async function resolveJwtKey(header: Record<string, unknown>, issuer: string | undefined, documentLoader: DocumentLoader): Promise<ResolvedJwtKey | JwtKeyProblem> {
  if (header.jwk !== undefined) {
    if (!isObject(header.jwk)) return { code: 'jwt_header_invalid', message: 'the header\'s jwk is not a JSON object', path: '$.header.jwk' };
    const jwk = header.jwk as JWK;
    const secret = PRIVATE_MEMBERS.find((member) => member in jwk);
    if (secret) return { code: 'jwt_header_invalid', message: `the header's jwk holds private key material (${secret}); a JWT must carry only a public key`, path: `$.header.jwk.${secret}` };
    return { jwk, controllers: await controllersOfEmbedded(jwk, issuer), source: 'the jwk in the header' };
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') return { code: 'jwt_key_unresolved', message: 'the header has neither a kid nor a jwk, so the signing key cannot be found', path: '$.header.kid' };
  if (/^https:\/\//u.test(kid)) return resolveUrlKey(kid, issuer, documentLoader);
  if (!kid.startsWith('did:')) {
    return { code: 'jwt_key_unresolved', message: `the kid "${kid}" is neither a DID URL nor an https URL; pass the issuer's keys in jwtKeys, or resolve keys from DIDs (did:key offline, did:web from the DID documents you pass)`, path: '$.header.kid' };
  }
  const did = kid.split('#')[0] as string;
  try {
    if (/^did:key:zDn/.test(did)) {
      const multibase = did.slice('did:key:'.length);
      const fragment = kid.includes('#') ? kid.slice(kid.indexOf('#') + 1) : multibase;
      if (fragment !== multibase) return { code: 'jwt_key_unresolved', message: `${did} has no verification method ${kid}`, path: '$.header.kid' };
      return { jwk: publicJwkFromMultibase(multibase), controllers: [did], source: kid };
    }
    const url = kid.includes('#') ? kid : did.startsWith('did:key:') ? `${did}#${did.slice('did:key:'.length)}` : kid;
    const { document } = await documentLoader(url);
    if (!isObject(document)) throw new CarepassError('DID_NOT_RESOLVED', `${kid} did not resolve to a verification method`);
    const method = url.includes('#') ? document : ((document.verificationMethod as unknown[] | undefined) ?? []).find((candidate) => isObject(candidate));
    const jwk = isObject(method) ? jwkOfMethod(method) : undefined;
    if (!jwk) return { code: 'jwt_key_unresolved', message: `${kid} names no public key (publicKeyJwk or publicKeyMultibase)`, path: '$.header.kid' };
    const controller = isObject(method) && typeof method.controller === 'string' ? method.controller : did;
    return { jwk, controllers: [controller], source: kid };
  } catch (error) {
    return { code: 'jwt_key_unresolved', message: `the key ${kid} could not be resolved: ${(error as Error).message}`, path: '$.header.kid' };
  }
}
