import { CarepassError } from '@carepass/frameworks';
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from '../jsonld/contexts.js';
import type { IssuerKey } from './keys.js';

/** A DID document: who controls a DID and which keys may act for it. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: { id: string; type: string; controller: string; publicKeyMultibase: string }[];
  assertionMethod: string[];
  authentication: string[];
  capabilityInvocation: string[];
  capabilityDelegation: string[];
}

function documentFor(did: string, verificationMethodId: string, publicKeyMultibase: string): DidDocument {
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: [{ id: verificationMethodId, type: 'Multikey', controller: did, publicKeyMultibase }],
    assertionMethod: [verificationMethodId],
    authentication: [verificationMethodId],
    capabilityInvocation: [verificationMethodId],
    capabilityDelegation: [verificationMethodId],
  };
}

/**
 * Resolves a `did:key` with an Ed25519 key to its DID document, offline: the key is in the DID.
 *
 * @throws {@link CarepassError} `DID_NOT_RESOLVED` for other methods or key types.
 */
export function resolveDidKey(did: string): DidDocument {
  const match = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]{40,50})$/.exec(did);
  if (!match) throw new CarepassError('DID_NOT_RESOLVED', `"${did}" is not an Ed25519 did:key (did:key:z6Mk…)`);
  const publicKeyMultibase = match[1] as string;
  return documentFor(did, `${did}#${publicKeyMultibase}`, publicKeyMultibase);
}

/**
 * The issuer DID a public key document (as `keys generate` writes it, or `exportIssuerKey` returns)
 * names: its `controller` when it has one, otherwise the `did:key` of its Ed25519 public key. For
 * adding an issuer to a trust registry from the key file it shared.
 *
 * @throws {@link CarepassError} `KEY_INVALID` when it is not a JSON object with an Ed25519
 * `publicKeyMultibase` (z6Mk…) or a string `controller`.
 */
export function getIssuerId(publicKeyDocument: unknown): string {
  if (typeof publicKeyDocument !== 'object' || publicKeyDocument === null || Array.isArray(publicKeyDocument)) throw new CarepassError('KEY_INVALID', 'a public key document must be a JSON object');
  const { controller, publicKeyMultibase } = publicKeyDocument as { controller?: unknown; publicKeyMultibase?: unknown };
  if (typeof controller === 'string' && controller.startsWith('did:')) return controller;
  const did = `did:key:${String(publicKeyMultibase)}`;
  if (typeof publicKeyMultibase !== 'string' || !/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(did)) throw new CarepassError('KEY_INVALID', '$.publicKeyMultibase must be an Ed25519 Multikey public key (z6Mk…), or $.controller a DID');
  return did;
}

/**
 * The `did.json` an issuer hosts for did:web at `https://<domain>/.well-known/did.json` (or
 * `https://<domain>/<path>/did.json`). The key's controller must be that did:web DID.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when the key is not controlled by a did:web DID.
 */
export function createDidWebDocument(key: IssuerKey): DidDocument {
  if (!/^did:web:[^:]+(:[^:]+)*$/.test(key.controller)) {
    throw new CarepassError('INVALID_ARGUMENT', `the key is controlled by ${key.controller}; generate it with controller: "did:web:<domain>"`);
  }
  return documentFor(key.controller, key.id, key.publicKeyMultibase);
}

/** Where a did:web DID document is hosted: `did:web:example.org:issuers:a` → `https://example.org/issuers/a/did.json`. */
export function getDidWebUrl(did: string): string {
  const match = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(did);
  if (!match) throw new CarepassError('DID_NOT_RESOLVED', `"${did}" is not a did:web DID`);
  const host = decodeURIComponent(match[1] as string);
  const path = (match[2] as string).split(':').filter(Boolean).map(decodeURIComponent).join('/');
  return path === '' ? `https://${host}/.well-known/did.json` : `https://${host}/${path}/did.json`;
}

/** @deprecated Renamed {@link getIssuerId} (verb-first); this alias goes in the next minor release. */
export const issuerIdOf = getIssuerId;

/** @deprecated Renamed {@link getDidWebUrl} (verb-first); this alias goes in the next minor release. */
export const didWebUrl = getDidWebUrl;
