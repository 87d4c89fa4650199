// The crypto callbacks every @openid4vc class takes, on node:crypto, shared by the issuer, the
// verifier and the reference wallet.
import { createHash, randomBytes } from 'node:crypto';

/** Hashes with the algorithm @openid4vc names (`sha-256`, `sha-384`, `sha-512`). */
export const hash = (data: Uint8Array, alg: string): Uint8Array => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest());

/** Random bytes. */
export const generateRandom = (length: number): Uint8Array => new Uint8Array(randomBytes(length));
