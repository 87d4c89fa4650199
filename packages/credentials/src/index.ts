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
 *
 * In browsers (the `browser` export condition, which bundlers such as Vite use) the same API is
 * served without the file helpers (`readIssuerKeyFile`, `writeIssuerKeyFile`, the status list
 * file functions and `readRegularFile`) and without batch verification over worker threads
 * (`verifyCredentials`, `verifyCredentialStream`, `verifyCredentialFiles`), so nothing in a web
 * page depends on Node.
 */
export * from './browser.js';
export { createVerificationPool, verifyCredentialFiles, verifyCredentials, verifyCredentialStream } from './batch/batch.js';
export type { VerificationPool, VerificationPoolStats } from './batch/batch.js';
export { SMALL_BATCH } from './batch/batch-verifier.js';
export type { VerifyCredentialBatchOptions, VerifyCredentialFileResult, VerifyCredentialsOptions } from './batch/batch-verifier.js';
export { readIssuerKeyFile, writeIssuerKeyFile } from './node/key-files.js';
export { DEFAULT_MAX_FILE_BYTES, describeNonRegularFile, readRegularFile, readRegularFileBytes, readRegularFileSync } from './node/node-files.js';
export type { FileKind, ReadRegularFileOptions } from './node/node-files.js';
export { parseCredentialText, parseJsonText, readJsonFile, writeFileAtomic } from './node/json-files.js';
export type { ReadJsonFileOptions, WriteFileAtomicOptions } from './node/json-files.js';
export { allocateFromStatusListFile, createStatusListFile, publishStatusListFile, readStatusListDocuments, readStatusListFile, readStatusListDirectory, statusListsFromDirectory, updateStatusListFile, verifyStatusListFile } from './node/status-list-files.js';
export { StatusListFileSchema } from './node/status-list-files.js';
export type { StatusListFile, VerifyStatusListFileResult } from './node/status-list-files.js';
