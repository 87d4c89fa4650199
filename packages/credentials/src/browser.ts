// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- declarations for the untyped libraries
/// <reference path="./vendor.d.ts" />
// The whole API except the helpers that read and write files: what the `browser` export condition
// serves, so bundlers never pull Node's file system into a web page. `index.ts` adds the file helpers.
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
export { decodeStatusBitstring, encodeStatusBitstring, MAX_STATUS_LIST_BYTES, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './bitstring.js';
export {
  allocateStatusIndex,
  createStatusChecker,
  DEFAULT_MAX_STATUS_LIST_AGE_SECONDS,
  createStatusListState,
  issueStatusListCredentials,
  setCredentialStatus,
  statusEntriesFor,
  statusIndexOf,
  statusListCredentialId,
  statusListsFromDocuments,
} from './status-list.js';
export type { CreateStatusCheckerOptions, StatusListResolver, StatusListState, StatusPurpose } from './status-list.js';
export { addTrustedIssuer, createTrustChecker, createTrustRegistry, readTrustRegistry, verifyTrustRegistry } from './trust.js';
export type { CreateTrustCheckerOptions, CreateTrustRegistryOptions, TrustedIssuerEntry, TrustRegistryContent, VerifyTrustRegistryOptions, VerifyTrustRegistryResult } from './trust.js';
export { TRUST_REGISTRY_CONTEXT } from './trust-context.js';
