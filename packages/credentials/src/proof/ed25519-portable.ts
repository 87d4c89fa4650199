// What `#ed25519` resolves to outside Node (browsers, other runtimes): no synchronous Ed25519, so
// every proof goes through jsonld-signatures and its own Ed25519.
import type { Ed25519Platform } from './ed25519-platform.js';

/** No fast-path verifier on this platform. */
export const ed25519Platform: Ed25519Platform | undefined = undefined;
