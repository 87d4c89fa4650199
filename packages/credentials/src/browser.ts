// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- declarations for the untyped libraries
/// <reference path="./vendor.d.ts" />
// The whole API except the helpers that read and write files: what the `browser` export condition
// serves, so bundlers never pull Node's file system into a web page. `index.ts` adds the file helpers.
export { CarepassError, isCarepassError } from '@carepass/frameworks';
export {
  BUNDLED_CONTEXTS,
  CLR_V2_CONTEXT,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  MULTIKEY_V1_CONTEXT,
  OB_V3_CONTEXT,
  STATUS_LIST_V1_CONTEXT,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from './jsonld/contexts.js';
export { createDocumentLoader } from './jsonld/document-loader.js';
export type { CreateDocumentLoaderOptions, DocumentLoader, RemoteDocument } from './jsonld/document-loader.js';
export { createDidWebDocument, didWebUrl, getDidWebUrl, getIssuerId, issuerIdOf, resolveDidKey } from './keys/did.js';
export type { DidDocument } from './keys/did.js';
export { exportIssuerKey, exportIssuerKeyJwk, generateIssuerKey, importIssuerKey, isIssuerKey } from './keys/keys.js';
export type { GenerateIssuerKeyOptions, IssuerKey } from './keys/keys.js';
export { DEFAULT_CRYPTOSUITE, signCredential } from './issue/sign.js';
export type { Cryptosuite, SignCredentialOptions, SignedCredential } from './issue/sign.js';
export { summariseCredential, verifyCredential } from './verify/verify.js';
export type {
  CredentialSummary,
  ExtraCheck,
  RefusedCredentialResult,
  VerificationCheck,
  VerificationCheckName,
  VerificationStatus,
  VerifyCredentialOptions,
  VerifiedCredentialResult,
  VerifyCredentialResult,
  VerifyCredentialResultBase,
} from './verify/verify.js';
export { isVerificationCode, VERIFICATION_CODE_HELP, VerificationCodes } from './verify/codes.js';
export type { VerificationCode, VerificationCodeHelp } from './verify/codes.js';
export { checkCredentialDataModel, checkOpenBadge } from './verify/data-model.js';
export type { CredentialIssue, Json } from './verify/data-model.js';
export { hashIdentity, issueCredential, issueCredentialJwt } from './issue/issue.js';
export type { IssueCredentialJwtOptions, IssueCredentialOptions, IssuerProfileInput } from './issue/issue.js';
export { getDidKeyOfJwk, getJwkAlgorithm, JWT_ALGORITHMS, publicJwkFromMultibase } from './keys/jwk.js';
export type { JwtAlgorithm, JwtSigningKey } from './keys/jwk.js';
export { signCredentialJwt } from './jwt/sign-jwt.js';
export { issueClrCredential } from './issue/clr.js';
export type { IssueClrCredentialRequest } from './issue/clr.js';
export { createEndorsementCredential, findEndorsements, issueEndorsement, verifyEndorsements } from './endorse/endorsement.js';
export type { EndorsementReport, IssueEndorsementOptions, IssueEndorsementRequest } from './endorse/endorsement.js';
export type { CredentialJwtProfile, SignCredentialJwtOptions } from './jwt/sign-jwt.js';
export { decodeCredentialJwt, isCompactJwt, readEnvelopedJwt } from './jwt/verify-jwt.js';
export type { DecodedCredentialJwt } from './jwt/verify-jwt.js';
export { CredentialSubjectInputSchema, EvidenceInputSchema, IssueCredentialRequestSchema, parseIssueCredentialRequest } from './issue/issue-request.js';
export type { CredentialSubjectInput, EvidenceInput, IssueCredentialRequest } from './issue/issue-request.js';
export { createPresentation, verifyPresentation } from './verify/presentation.js';
export type { CreatePresentationOptions, VerifyPresentationOptions, VerifyPresentationResult } from './verify/presentation.js';
export { decodeStatusBitstring, encodeStatusBitstring, MAX_STATUS_LIST_BYTES, MIN_STATUS_LIST_BITS, readStatus, writeStatus } from './status/bitstring.js';
export {
  allocateStatusIndex,
  createStatusChecker,
  DEFAULT_MAX_STATUS_LIST_AGE_SECONDS,
  createStatusListState,
  issueStatusListCredentials,
  setCredentialStatus,
  createStatusEntries,
  findStatusIndex,
  getStatusListCredentialId,
  createStatusListResolver,
  statusEntriesFor,
  statusIndexOf,
  statusListCredentialId,
  statusListsFromDocuments,
} from './status/status-list.js';
export type { CreateStatusCheckerOptions, StatusListResolver, StatusListState, StatusPurpose } from './status/status-list.js';
export { addTrustedIssuer, createTrustChecker, createTrustRegistry, parseTrustRegistry, readTrustRegistry, TrustedIssuerEntrySchema, verifyTrustRegistry } from './trust/trust.js';
export type { CreateTrustCheckerOptions, CreateTrustRegistryOptions, TrustedIssuerEntry, TrustRegistryContent, VerifyTrustRegistryOptions, VerifyTrustRegistryResult } from './trust/trust.js';
export { TRUST_REGISTRY_CONTEXT } from './jsonld/trust-context.js';
export { BAKING, bakePng, bakeSvg, extractBakedCredential, extractFromPng, extractFromSvg } from './baking/baking.js';
export { badgeImageDataUri, badgeImageSvg } from './baking/badge-image.js';
export type { BadgeImageInput } from './baking/badge-image.js';
