// The Ed25519 verifier the fast proof path uses, chosen per platform through the package's
// `#ed25519` import (package.json `imports`): node:crypto in Node, none elsewhere (browsers go
// through jsonld-signatures). Choosing by resolution rather than by registering at start-up is what
// lets the package declare `sideEffects: false`.

/** Checks an Ed25519 signature and hashes with SHA-256, synchronously. */
export interface Ed25519Platform {
  verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean;
  sha256(text: string): Uint8Array;
}
