// What `#ed25519` resolves to in Node (package.json `imports`, condition `node`): node:crypto's
// Ed25519 and SHA-256 for the fast verification path (native and synchronous). Elsewhere it
// resolves to ../proof/ed25519-portable.ts, and proofs go through jsonld-signatures.
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { Ed25519Platform } from '../proof/ed25519-platform.js';

// DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410), before the 32 key bytes.
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const keyObjects = new Map<string, KeyObject>();

function keyObject(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('base64');
  let key = keyObjects.get(id);
  if (!key) {
    if (keyObjects.size >= 10_000) keyObjects.clear();
    const der = new Uint8Array(SPKI_PREFIX.length + publicKey.length);
    der.set(SPKI_PREFIX, 0);
    der.set(publicKey, SPKI_PREFIX.length);
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    keyObjects.set(id, key);
  }
  return key;
}

/** node:crypto's Ed25519 verify and SHA-256. */
export const ed25519Platform: Ed25519Platform | undefined = {
  verify: (publicKey, data, signature) => verify(null, data, keyObject(publicKey), signature),
  sha256: (text) => createHash('sha256').update(text, 'utf8').digest(),
};
