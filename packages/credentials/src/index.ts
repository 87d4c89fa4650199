// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- declarations for the untyped libraries, so every compile of this entry (typedoc too) sees them
/// <reference path="./vendor.d.ts" />
/**
 * @module @carepass/credentials
 *
 * Issue and verify Open Badges 3.0 / W3C Verifiable Credentials 2.0 for care workers with Data
 * Integrity proofs (eddsa-rdfc-2022, eddsa-jcs-2022; legacy Ed25519Signature2020 verified),
 * entirely offline: every JSON-LD context is bundled, did:key resolves locally, and nothing is
 * fetched unless the caller passes a fetcher.
 *
 * @example
 * ```ts
 * import { generateIssuerKey, issueCredential, verifyCredential } from '@carepass/credentials';
 * const key = await generateIssuerKey();
 * const credential = await issueCredential({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:worker' } }, { key, issuer: { name: 'Example Care Ltd' } });
 * const result = await verifyCredential(credential);
 * console.log(result.verified, result.status);
 * ```
 */
export { CarepassError, isCarepassError } from '@carepass/frameworks';
export {
  BUNDLED_CONTEXTS,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  OB_V3_CONTEXT,
  STATUS_LIST_V1_CONTEXT,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from './contexts.js';
export { createDocumentLoader } from './document-loader.js';
export type { CreateDocumentLoaderOptions, DocumentLoader, RemoteDocument } from './document-loader.js';
export { createDidWebDocument, didWebUrl, resolveDidKey } from './did.js';
export type { DidDocument } from './did.js';
export { exportIssuerKey, generateIssuerKey, importIssuerKey, isIssuerKey } from './keys.js';
export type { GenerateIssuerKeyOptions, IssuerKey } from './keys.js';
export { DEFAULT_CRYPTOSUITE, signCredential } from './sign.js';
export type { Cryptosuite, SignCredentialOptions, SignedCredential } from './sign.js';
export { summariseCredential, verifyCredential } from './verify.js';
export type {
  CredentialSummary,
  ExtraCheck,
  VerificationCheck,
  VerificationCheckName,
  VerificationStatus,
  VerifyCredentialOptions,
  VerifyCredentialResult,
} from './verify.js';
export { checkCredentialDataModel, checkOpenBadge } from './data-model.js';
export type { CredentialIssue, Json } from './data-model.js';
export { hashIdentity, issueCredential } from './issue.js';
export type { CredentialSubjectInput, EvidenceInput, IssueCredentialOptions, IssueCredentialRequest, IssuerProfileInput } from './issue.js';
export { createPresentation, verifyPresentation } from './presentation.js';
export type { CreatePresentationOptions, VerifyPresentationOptions, VerifyPresentationResult } from './presentation.js';
export { readIssuerKeyFile, writeIssuerKeyFile } from './key-files.js';
export { decodeStatusBitstring, encodeStatusBitstring, MAX_STATUS_LIST_BYTES, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './bitstring.js';
export {
  allocateStatusIndex,
  createStatusChecker,
  createStatusListState,
  issueStatusListCredentials,
  setCredentialStatus,
  statusEntriesFor,
  statusIndexOf,
  statusListCredentialId,
  statusListsFromDocuments,
} from './status-list.js';
export type { CreateStatusCheckerOptions, StatusListResolver, StatusListState, StatusPurpose } from './status-list.js';
export { allocateFromStatusListFile, createStatusListFile, readStatusListFile, statusListsFromDirectory, updateStatusListFile } from './status-list-files.js';
export type { StatusListFile } from './status-list-files.js';
export { addTrustedIssuer, createTrustChecker, createTrustRegistry, readTrustRegistry } from './trust.js';
export type { CreateTrustCheckerOptions, CreateTrustRegistryOptions, TrustedIssuerEntry } from './trust.js';
export { TRUST_REGISTRY_CONTEXT } from './trust-context.js';
