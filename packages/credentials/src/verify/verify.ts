import { checkJsonLimits, parseDateInput } from '@carepass/frameworks';
import { checkCredentialDataModel, type CredentialIssue, DATE_TIME_STAMP, dataModelVersion, uncheckedRelatedResources } from './data-model.js';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { verifyProofSet } from '../proof/proof-set.js';
import { describeJsonLdError } from '../jsonld/safe-mode.js';
import { checkSignedView } from './view-checks.js';
import { asArray, isObject, type JsonObject as Json } from '../json.js';
import { decodeCredentialJwt, isCompactJwt, readEnvelopedJwt, verifyCredentialJwt } from '../jwt/verify-jwt.js';
import { verifyHeldCredentials } from './held-credentials.js';
import { checkAfterProof, summariseCredential, type VerificationCheck, type VerificationCheckName, type VerificationStatus, type VerifyCredentialOptions, type VerifyCredentialResult } from './result.js';

export type { CredentialSummary, ExtraCheck, RefusedCredentialResult, VerificationCheck, VerificationCheckName, VerificationStatus, VerifiedCredentialResult, VerifyCredentialOptions, VerifyCredentialResult, VerifyCredentialResultBase } from './result.js';
export { summariseCredential } from './result.js';

const SUITES = new Set(['eddsa-rdfc-2022', 'eddsa-jcs-2022']);

/** Field-level checks of each proof, so that each malformation gets its own code. */
function checkProofShape(credential: Json, expectedPurpose: string): CredentialIssue[] {
  const issues: CredentialIssue[] = [];
  if (!('proof' in credential)) return [{ code: 'proof_missing', path: '$.proof', message: 'the credential has no proof' }];
  const proofs = asArray(credential.proof);
  if (proofs.length === 0 || credential.proof === null) return [{ code: 'proof_missing', path: '$.proof', message: 'the proof is empty' }];
  proofs.forEach((proof, index) => {
    const path = Array.isArray(credential.proof) ? `$.proof[${index}]` : '$.proof';
    if (!isObject(proof)) {
      issues.push({ code: 'proof_invalid', path, message: 'a proof must be an object' });
      return;
    }
    // A proof's fields are read from its JSON (as every Data Integrity implementation reads them),
    // so they must be written plainly: no keyword or full-IRI keys that say the same thing twice.
    for (const key of Object.keys(proof)) {
      if ((key.startsWith('@') && key !== '@context') || key.includes(':')) issues.push({ code: 'proof_property_invalid', path: `${path}[${JSON.stringify(key)}]`, message: `the proof may not use the key ${JSON.stringify(key)}: write its fields by their names (type, cryptosuite, verificationMethod, proofPurpose, created, proofValue)` });
    }
    if (typeof proof.type !== 'string') issues.push({ code: 'proof_type_missing', path: `${path}.type`, message: 'the proof has no type' });
    else if (proof.type === 'DataIntegrityProof') {
      if (typeof proof.cryptosuite !== 'string' || !SUITES.has(proof.cryptosuite)) {
        issues.push({ code: 'cryptosuite_unsupported', path: `${path}.cryptosuite`, message: `cryptosuite ${JSON.stringify(proof.cryptosuite ?? null)} is not eddsa-rdfc-2022 or eddsa-jcs-2022` });
      }
    } else if (proof.type !== 'Ed25519Signature2020') {
      issues.push({ code: 'proof_type_unsupported', path: `${path}.type`, message: `proof type "${proof.type}" is not supported` });
    }
    if (typeof proof.verificationMethod !== 'string') issues.push({ code: 'verification_method_missing', path: `${path}.verificationMethod`, message: 'the proof has no verificationMethod' });
    if (typeof proof.proofPurpose !== 'string') issues.push({ code: 'proof_purpose_missing', path: `${path}.proofPurpose`, message: 'the proof has no proofPurpose' });
    else if (proof.proofPurpose !== expectedPurpose) issues.push({ code: 'proof_purpose_mismatch', path: `${path}.proofPurpose`, message: `proofPurpose is "${proof.proofPurpose}", expected "${expectedPurpose}"` });
    const value = proof.proofValue;
    if (typeof value !== 'string' || value === '') issues.push({ code: 'proof_value_missing', path: `${path}.proofValue`, message: 'the proof has no proofValue' });
    else if (!/^z[1-9A-HJ-NP-Za-km-z]+$/.test(value)) issues.push({ code: 'proof_value_encoding', path: `${path}.proofValue`, message: 'proofValue must be multibase base58btc (starting with "z")' });
    else if (value.length < 80 || value.length > 95) issues.push({ code: 'signature_length', path: `${path}.proofValue`, message: 'proofValue does not decode to a 64-byte Ed25519 signature' });
    for (const field of ['created', 'expires'] as const) {
      if (proof[field] !== undefined && (typeof proof[field] !== 'string' || !DATE_TIME_STAMP.test(proof[field] as string) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(proof[field] as string))) {
        issues.push({ code: 'proof_date_invalid', path: `${path}.${field}`, message: `proof.${field} must be an XML Schema dateTimeStamp` });
      }
    }
  });
  return issues;
}

/**
 * Verifies a credential and reports every check: parse, VC data model, JSON-LD safe mode, Open
 * Badges rules, proof (eddsa-rdfc-2022, eddsa-jcs-2022 or Ed25519Signature2020), that the signing
 * key belongs to the issuer, the validity window, and (when configured) status and trust. Accepts
 * VC 1.1 and 2.0, as JSON with embedded proofs, or as a VC-JWT (Open Badges 3.0 §8.2 or
 * VC-JOSE-COSE: the compact JWT text, or an `EnvelopedVerifiableCredential`), which gets the same
 * checks and codes. Never throws on bad data: `verified` is true only when every check passed, and
 * `status` tells invalid from expired from valid-but-untrusted.
 *
 * @example
 * ```ts
 * const result = await verifyCredential(JSON.parse(text));
 * if (!result.verified) console.log(result.status, result.checks.filter((check) => !check.ok));
 * ```
 */
export async function verifyCredential(input: unknown, options: VerifyCredentialOptions = {}): Promise<VerifyCredentialResult> {
  // A VC-JWT, as text or enveloped in JSON: verified over its bytes, then read like any other.
  const jwt = isCompactJwt(input) ? input.trim() : readEnvelopedJwt(input);
  const result = jwt === undefined ? await verifyDataIntegrityCredential(input, options) : await verifyCredentialJwt(jwt, options);
  return verifyHeldCredentials(() => (jwt === undefined ? input : decodeCredentialJwt(jwt)?.credential), result, (credential) => verifyCredential(credential, options));
}

/** Verifies a credential secured with embedded Data Integrity proofs. */
async function verifyDataIntegrityCredential(input: unknown, options: VerifyCredentialOptions): Promise<VerifyCredentialResult> {
  const checks: VerificationCheck[] = [];
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  // What every check after the JSON-LD one reads: the view of the signed graph, never the JSON.
  let signed: Json | undefined;
  // What the summary is read from: the signed view, once the graph could be read (even when the
  // JSON is then refused for claiming something else), else the JSON as received.
  let shown: unknown = input;
  const finish = (status?: VerificationStatus): VerifyCredentialResult => {
    const credential = shown !== input ? { ...summariseCredential(shown), proofs: summariseCredential(input).proofs } : summariseCredential(input);
    // Every check passing implies the JSON-LD check passed, so the signed view is there.
    if (signed && checks.every((check) => check.ok)) return { verified: true, status: 'valid', checks, credential, document: signed };
    return { verified: false, status: status === undefined || status === 'valid' ? 'invalid' : status, checks, credential, ...(signed ? { document: signed } : {}) };
  };
  const fail = (check: VerificationCheckName, issues: CredentialIssue[]) => {
    for (const issue of issues) checks.push({ check, ok: false, code: issue.code, message: issue.message, path: issue.path });
  };
  // A string is refused, not parsed: a credential is a JSON object, and the W3C suite requires that.
  if (!isObject(input)) {
    checks.push({ check: 'parse', ok: false, code: 'not_an_object', message: 'a credential must be a JSON object' });
    return finish();
  }
  const tooBig = checkJsonLimits(input, options.limits);
  if (tooBig) {
    checks.push({ check: 'parse', ok: false, code: tooBig.code, message: tooBig.message, path: tooBig.path });
    return finish();
  }
  checks.push({ check: 'parse', ok: true, code: 'ok', message: 'a JSON object' });
  const document = input;
  try {
    const modelIssues = checkCredentialDataModel(document);
    if (modelIssues.length > 0) {
      fail('data-model', modelIssues);
      return finish();
    }
    const unchecked = uncheckedRelatedResources(document);
    checks.push({ check: 'data-model', ok: true, code: 'ok', message: `follows the VC ${dataModelVersion(document)} data model${unchecked.length > 0 ? `; the digests of ${unchecked.join(', ')} (relatedResource) could not be checked offline` : ''}` });
    const unsigned = { ...document };
    delete unsigned.proof;
    const view = await checkSignedView(document, documentLoader, checks);
    if (!view.ok) {
      if (view.view) shown = view.view;
      return finish();
    }
    const { signed: signedView, summary, quads } = view;
    signed = signedView;
    shown = signed;
    const expectedPurpose = options.expectedProofPurpose ?? 'assertionMethod';
    const proofIssues = checkProofShape(document, expectedPurpose);
    if (proofIssues.length > 0) {
      fail('proof', proofIssues);
      return finish();
    }
    const proofs = await verifyProofSet(document, unsigned, { documentLoader, expectedPurpose, now, unsignedQuads: quads });
    if (!proofs.ok) {
      checks.push({ check: 'proof', ok: false, code: proofs.code, message: proofs.message, ...(proofs.path ? { path: proofs.path } : {}) });
      return finish();
    }
    const suites = summariseCredential(document).proofs.map((proof) => proof.cryptosuite ?? proof.type);
    checks.push({ check: 'proof', ok: true, code: 'ok', message: suites.length > 1 ? `all ${suites.length} signatures valid (${suites.join(', ')})` : `signature valid (${suites.join(', ')})` });
    return finish(await checkAfterProof({ checks, signed, summary, controllers: proofs.controllers, now, documentLoader, options }));
  } catch (error) {
    const issue = describeJsonLdError(error);
    checks.push({ check: 'proof', ok: false, code: issue.code, message: issue.message });
    return finish();
  }
}
