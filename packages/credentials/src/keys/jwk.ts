// Keys as JWKs: the JOSE algorithm a key is for, and Ed25519 and P-256 public keys between their
// Multikey / did:key form and JWKs (P-256 points decompressed here). Browser-safe.
import { CarepassError } from '@carepass/frameworks';
import { decode as decodeBase58, encode as encodeBase58 } from 'base58-universal';
import { base64url, type JWK } from 'jose';

/**
 * The JOSE algorithms Carepass signs and verifies VC-JWTs with: Ed25519, ECDSA on P-256, and RSA
 * (RS256, the minimum Open Badges 3.0 requires verifiers to support; keys of 2,048 bits or more).
 */
export type JwtAlgorithm = 'EdDSA' | 'ES256' | 'RS256';

/** Every {@link JwtAlgorithm}; any other `alg` (`none`, HMAC, other curves) is refused. */
export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['EdDSA', 'ES256', 'RS256'];

/**
 * A signing key for VC-JWTs that is not a Carepass {@link IssuerKey}, for example an ES256 key from
 * an HSM or a wallet: its private JWK (`kty: 'EC'`, `crv: 'P-256'`; `kty: 'OKP'`, `crv: 'Ed25519'`;
 * or `kty: 'RSA'`)
 * and the `kid` verifiers resolve its public half from (a DID URL such as
 * `did:key:zDn…#zDn…` or `did:web:training.example#key-1`).
 */
export interface JwtSigningKey {
  /** The key id written in the JWT header: a DID URL whose DID is the issuer. */
  kid: string;
  /** The private key as a JWK (with `d`). */
  privateJwk: JWK;
}

/** The algorithm a JWK is for, or undefined for a key type Carepass does not use. */
export function getJwkAlgorithm(jwk: JWK): JwtAlgorithm | undefined {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  return undefined;
}

// Multicodec headers (varint) of the public keys did:key carries.
const ED25519_PUB = [0xed, 0x01];
const P256_PUB = [0x80, 0x24];

// NIST P-256: y² = x³ − 3x + b over the prime field p.
const P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

const toBigInt = (bytes: Uint8Array): bigint => bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
const toBytes = (value: bigint): Uint8Array => {
  const bytes = new Uint8Array(32);
  for (let index = 31; index >= 0; index--) {
    bytes[index] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
};
const modPow = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
};

/** The uncompressed point of a compressed P-256 public key (0x02/0x03 ‖ x), or undefined if it is not on the curve. */
function decompressP256(compressed: Uint8Array): { x: Uint8Array; y: Uint8Array } | undefined {
  if (compressed.length !== 33 || (compressed[0] !== 2 && compressed[0] !== 3)) return undefined;
  const x = toBigInt(compressed.subarray(1));
  if (x >= P) return undefined;
  const ySquared = (((x * x * x - 3n * x + B) % P) + P) % P;
  // p ≡ 3 (mod 4), so a square root is a power.
  let y = modPow(ySquared, (P + 1n) / 4n, P);
  if ((y * y) % P !== ySquared) return undefined;
  if (Number(y & 1n) !== (compressed[0] & 1)) y = P - y;
  return { x: toBytes(x), y: toBytes(y) };
}

/**
 * The public JWK of a Multikey `publicKeyMultibase`: Ed25519 (`z6Mk…`) or P-256 (`zDn…`).
 *
 * @throws {@link CarepassError} `KEY_INVALID` for anything else.
 */
export function publicJwkFromMultibase(publicKeyMultibase: string): JWK {
  let bytes: Uint8Array;
  try {
    if (!publicKeyMultibase.startsWith('z')) throw new Error('not base58btc');
    bytes = decodeBase58(publicKeyMultibase.slice(1));
  } catch {
    throw new CarepassError('KEY_INVALID', `"${publicKeyMultibase}" is not a multibase base58btc public key`);
  }
  if (bytes[0] === ED25519_PUB[0] && bytes[1] === ED25519_PUB[1] && bytes.length === 34) return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(bytes.subarray(2)) };
  if (bytes[0] === P256_PUB[0] && bytes[1] === P256_PUB[1]) {
    const point = decompressP256(bytes.subarray(2));
    if (point) return { kty: 'EC', crv: 'P-256', x: base64url.encode(point.x), y: base64url.encode(point.y) };
  }
  throw new CarepassError('KEY_INVALID', `"${publicKeyMultibase}" is not an Ed25519 (z6Mk…) or P-256 (zDn…) Multikey public key`);
}

/**
 * The `did:key` of a public JWK (Ed25519 or P-256), for an issuer that signs with a key of its own:
 * `did:key:zDn…` for P-256. Its key id is `<did>#<the part after did:key:>`.
 *
 * @throws {@link CarepassError} `KEY_INVALID` for other keys.
 */
export function getDidKeyOfJwk(jwk: JWK): string {
  const algorithm = getJwkAlgorithm(jwk);
  try {
    if (algorithm === 'EdDSA') {
      const x = base64url.decode(jwk.x as string);
      if (x.length === 32) return `did:key:z${encodeBase58(Uint8Array.from([...ED25519_PUB, ...x]))}`;
    } else if (algorithm === 'ES256') {
      const x = base64url.decode(jwk.x as string);
      const y = base64url.decode(jwk.y as string);
      if (x.length === 32 && y.length === 32) return `did:key:z${encodeBase58(Uint8Array.from([...P256_PUB, 2 + ((y[31] as number) & 1), ...x]))}`;
    }
  } catch {
    // falls through to the error below
  }
  throw new CarepassError('KEY_INVALID', 'the JWK is not an Ed25519 (OKP) or P-256 (EC) public key');
}
