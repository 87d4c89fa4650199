import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { CarepassError } from '@carepass/frameworks';
import { base64url } from 'jose';
import { publicJwkFromMultibase } from './jwk.js';

/**
 * An Ed25519 issuer key as a Multikey verification method. The secret half is held out of sight:
 * it is not an enumerable property, so `JSON.stringify`, logs and error messages never show it.
 * Use {@link exportIssuerKey} with `includeSecret` to write a key file.
 */
export interface IssuerKey {
  /** Always `Multikey`. */
  type: 'Multikey';
  /** The verification method id, `<controller>#<publicKeyMultibase>`. */
  id: string;
  /** The DID that controls the key (`did:key:…` or `did:web:…`). */
  controller: string;
  /** The public key, multibase base58btc with the Ed25519 multicodec header (`z6Mk…`). */
  publicKeyMultibase: string;
}

const secrets = new WeakMap<IssuerKey, string>();

/** Options for {@link generateIssuerKey}. */
export interface GenerateIssuerKeyOptions {
  /** DID to control the key, e.g. `did:web:training.example`; default: the key's own did:key. */
  controller?: string;
  /** 32 bytes to derive the key from, for reproducible tests; default: random. */
  seed?: Uint8Array;
}

function makeKey(publicKeyMultibase: string, secretKeyMultibase: string, controller?: string): IssuerKey {
  const did = controller ?? `did:key:${publicKeyMultibase}`;
  const key: IssuerKey = { type: 'Multikey', id: `${did}#${publicKeyMultibase}`, controller: did, publicKeyMultibase };
  secrets.set(key, secretKeyMultibase);
  return key;
}

/**
 * Generates an Ed25519 issuer key. Without a controller its DID is `did:key:<publicKeyMultibase>`,
 * which any verifier resolves offline.
 *
 * @example
 * ```ts
 * const key = await generateIssuerKey();
 * console.log(key.controller); // did:key:z6Mk…
 * ```
 */
export async function generateIssuerKey(options: GenerateIssuerKeyOptions = {}): Promise<IssuerKey> {
  if (options.seed !== undefined && options.seed.length !== 32) throw new CarepassError('INVALID_ARGUMENT', 'seed must be 32 bytes');
  const pair = await Ed25519Multikey.generate(options.seed ? { seed: options.seed } : {});
  return makeKey(pair.publicKeyMultibase, pair.secretKeyMultibase as string, options.controller);
}

/**
 * Reads an issuer key from its JSON form: a Multikey as written by {@link exportIssuerKey}
 * (`publicKeyMultibase`, `secretKeyMultibase`, optional `controller`), or the W3C test-vector form
 * (`publicKeyMultibase`, `privateKeyMultibase`).
 *
 * @throws {@link CarepassError} `KEY_INVALID` naming the field at fault, never echoing secret material.
 */
export async function importIssuerKey(json: unknown): Promise<IssuerKey> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CarepassError('KEY_INVALID', 'a key file must hold a JSON object');
  const record = json as Record<string, unknown>;
  const publicKeyMultibase = record.publicKeyMultibase;
  const secret = record.secretKeyMultibase ?? record.privateKeyMultibase;
  if (typeof publicKeyMultibase !== 'string' || !publicKeyMultibase.startsWith('z6Mk')) {
    throw new CarepassError('KEY_INVALID', '$.publicKeyMultibase must be an Ed25519 Multikey public key (z6Mk…)');
  }
  if (typeof secret !== 'string') throw new CarepassError('KEY_INVALID', '$.secretKeyMultibase is missing: this is not a secret key file');
  const controller = typeof record.controller === 'string' ? record.controller : undefined;
  try {
    // Round-trip through the library to prove the halves belong together.
    const pair = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase, secretKeyMultibase: secret, ...(controller ? { controller } : {}) });
    const probe = new TextEncoder().encode('carepass key check');
    const signature = await pair.signer().sign({ data: probe });
    if (!(await pair.verifier().verify({ data: probe, signature }))) throw new Error('mismatch');
  } catch {
    throw new CarepassError('KEY_INVALID', '$.secretKeyMultibase is not a valid Ed25519 secret key for this public key');
  }
  return makeKey(publicKeyMultibase, secret, controller);
}

/**
 * The JSON form of a key. Public by default; `includeSecret: true` adds `secretKeyMultibase`, for
 * writing a key file (see `writeIssuerKeyFile` in the Node entry, which writes it with mode 0600).
 */
export function exportIssuerKey(key: IssuerKey, options: { includeSecret?: boolean } = {}): Record<string, string> {
  const json: Record<string, string> = { '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey', id: key.id, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase };
  if (options.includeSecret) {
    const secret = secrets.get(key);
    if (secret === undefined) throw new CarepassError('KEY_INVALID', 'this key has no secret half');
    json.secretKeyMultibase = secret;
  }
  return json;
}

/** A signer for a key, for the Data Integrity libraries. Internal: it touches the secret. */
export async function signerFor(key: IssuerKey): Promise<ReturnType<Ed25519Multikey.Ed25519MultikeyPair['signer']>> {
  const secret = secrets.get(key);
  if (secret === undefined) throw new CarepassError('KEY_INVALID', `the key ${key.id} has no secret half, so it cannot sign`);
  const pair = await Ed25519Multikey.from({ type: 'Multikey', id: key.id, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: secret });
  return pair.signer();
}

/**
 * The key as a private JWK (`OKP`/`Ed25519`, `d` the 32-byte seed), for JOSE signing (VC-JWT).
 * Internal: it touches the secret.
 */
export async function privateJwkFor(key: IssuerKey): Promise<{ kty: 'OKP'; crv: 'Ed25519'; x: string; d: string }> {
  const secret = secrets.get(key);
  if (secret === undefined) throw new CarepassError('KEY_INVALID', `the key ${key.id} has no secret half, so it cannot sign`);
  const pair = (await Ed25519Multikey.from({ type: 'Multikey', id: key.id, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: secret })) as unknown as { publicKey: Uint8Array; secretKey: Uint8Array };
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(pair.publicKey), d: base64url.encode(pair.secretKey.subarray(0, 32)) };
}

/**
 * The key as a JWK (`OKP`/`Ed25519`), for JOSE libraries: public by default, with the private
 * part (`d`) when `includeSecret` is set (to sign an OpenID4VCI proof of possession, for instance).
 *
 * @throws {@link CarepassError} `KEY_INVALID` when the secret is asked for and the key has none.
 */
export async function exportIssuerKeyJwk(key: IssuerKey, options: { includeSecret?: boolean } = {}): Promise<{ kty: 'OKP'; crv: 'Ed25519'; x: string; d?: string }> {
  return options.includeSecret ? privateJwkFor(key) : (publicJwkFromMultibase(key.publicKeyMultibase) as { kty: 'OKP'; crv: 'Ed25519'; x: string });
}

/** Tells whether a value is an {@link IssuerKey} made by this package (and so can sign). */
export function isIssuerKey(value: unknown): value is IssuerKey {
  return typeof value === 'object' && value !== null && secrets.has(value as IssuerKey);
}
