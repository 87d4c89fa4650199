import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { fastRdfcCryptosuite } from '../proof/fast-proof.js';
import { CarepassError, checkJsonLimits, type DateInput, formatDateTimeStamp, parseDateInput } from '@carepass/frameworks';
import { checkCredentialDataModel } from './data-model.js';
import { VC_V2_CONTEXT } from '../jsonld/contexts.js';
import { createDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.js';
import { type IssuerKey, isIssuerKey, signerFor } from '../keys/keys.js';
import type { Cryptosuite } from '../issue/sign.js';
import { readSignedDocument } from './claims.js';
import { type VerificationCheck, verifyCredential, type VerifyCredentialOptions, type VerifyCredentialResult } from './verify.js';
import { isObject } from '../json.js';

/** Options for {@link createPresentation}. */
export interface CreatePresentationOptions {
  /** The holder's key; its controller becomes the presentation's `holder`. */
  key: IssuerKey;
  /** The verifier's one-time challenge (nonce). */
  challenge: string;
  /** The verifier's domain, e.g. `employer-b.example`. */
  domain: string;
  /** Cryptosuite; default eddsa-rdfc-2022. */
  suite?: Cryptosuite;
  /** The proof's `created` time; default now. */
  created?: DateInput;
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
}

/**
 * Wraps credentials in a Verifiable Presentation signed by the holder for one verifier: the proof
 * has purpose `authentication` and carries the verifier's `challenge` and `domain`, so it cannot
 * be replayed elsewhere.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for a missing key, challenge or domain;
 * `CREDENTIAL_INVALID` (with the JSON path) for something that is not a credential;
 * `SIGNING_FAILED` when JSON-LD processing refuses the result (e.g. an undefined term).
 */
export async function createPresentation(credentials: readonly object[], options: CreatePresentationOptions): Promise<Record<string, unknown>> {
  if (!isIssuerKey(options?.key)) throw new CarepassError('INVALID_ARGUMENT', 'options.key must be an IssuerKey');
  if (!options.challenge || !options.domain) throw new CarepassError('INVALID_ARGUMENT', 'a presentation needs the verifier\'s challenge and domain');
  if (!Array.isArray(credentials)) throw new CarepassError('INVALID_ARGUMENT', 'credentials must be an array of signed credentials');
  credentials.forEach((credential: unknown, position) => {
    const where = `$.verifiableCredential[${position}]`;
    if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
      throw new CarepassError('CREDENTIAL_INVALID', `${where}: a credential must be a JSON object`, { details: { issues: [{ code: 'not_an_object', path: where, message: 'a credential must be a JSON object' }] } });
    }
    const tooBig = checkJsonLimits(credential);
    if (tooBig) throw new CarepassError('CREDENTIAL_INVALID', `${where}: too large to present: ${tooBig.path}: ${tooBig.message}`, { details: { issues: [tooBig] } });
    const issues = checkCredentialDataModel(credential as Parameters<typeof checkCredentialDataModel>[0]);
    const first = issues[0];
    if (first) throw new CarepassError('CREDENTIAL_INVALID', `${where}: not a credential: ${first.path}: ${first.message}`, { details: { issues } });
  });
  const presentation = {
    '@context': [VC_V2_CONTEXT],
    type: ['VerifiablePresentation'],
    holder: options.key.controller,
    verifiableCredential: credentials.map((credential) => JSON.parse(JSON.stringify(credential)) as object),
  };
  const created = options.created === undefined ? undefined : formatDateTimeStamp(options.created, 'created');
  const suite = new DataIntegrityProof({
    signer: await signerFor(options.key),
    cryptosuite: options.suite === 'eddsa-jcs-2022' ? createSignCryptosuite() : fastRdfcCryptosuite,
    ...(created ? { date: created } : {}),
  });
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  try {
    return await jsigs.sign(presentation, { suite, purpose: new jsigs.purposes.AuthenticationProofPurpose({ challenge: options.challenge, domain: options.domain }), documentLoader });
  } catch (error) {
    throw new CarepassError('SIGNING_FAILED', `signing the presentation failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Options for {@link verifyPresentation}: the expected challenge and domain, plus credential options. */
export interface VerifyPresentationOptions extends VerifyCredentialOptions {
  /** The challenge this verifier issued: when given, the holder's proof must carry it. */
  challenge?: string;
  /** This verifier's domain: when given, the holder's proof must carry it. */
  domain?: string;
  /**
   * Holder binding: the presentation must name a `holder`, be signed by the holder's key, and the
   * holder must be the subject of every credential in it. VC Data Model 2.0 does not require it;
   * recognition does (a worker presents their own training). Default true.
   */
  holderBinding?: boolean;
  /**
   * Whether the presentation must carry a proof. Default true; false accepts an unsigned
   * presentation (its credentials are still verified one by one), as a generic VC API verifier does.
   */
  requireProof?: boolean;
}

/** The result of {@link verifyPresentation}. */
export interface VerifyPresentationResult {
  /** True only when the presentation and every credential in it verified and the holder is each subject. */
  verified: boolean;
  /** Checks on the presentation itself: parse, proof (with challenge and domain), holder. */
  checks: VerificationCheck[];
  /** The holder's DID, as the presentation states it. */
  holder?: string;
  /** One result per credential, in order. */
  credentials: VerifyCredentialResult[];
}

/**
 * Verifies a presentation: its proof (purpose authentication, and the challenge and domain when
 * given), every credential in it, and, with holder binding (the default), that the holder signed
 * it and is the subject of each credential. The `holder` check says whether binding was applied.
 * Never throws on bad data.
 */
export async function verifyPresentation(input: unknown, options: VerifyPresentationOptions): Promise<VerifyPresentationResult> {
  const checks: VerificationCheck[] = [];
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  if (!isObject(input)) {
    checks.push({ check: 'parse', ok: false, code: 'not_an_object', message: 'a presentation must be a JSON object' });
    return { verified: false, checks, credentials: [] };
  }
  const tooBig = checkJsonLimits(input, options.limits);
  if (tooBig) {
    checks.push({ check: 'parse', ok: false, code: tooBig.code, message: tooBig.message, path: tooBig.path });
    return { verified: false, checks, credentials: [] };
  }
  const types = Array.isArray(input.type) ? input.type : [input.type];
  const contexts = Array.isArray(input['@context']) ? input['@context'] : [input['@context']];
  if (!types.includes('VerifiablePresentation') || (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== 'https://www.w3.org/2018/credentials/v1')) {
    checks.push({ check: 'parse', ok: false, code: 'not_a_presentation', message: 'expected a VerifiablePresentation with the VC context first' });
    return { verified: false, checks, credentials: [] };
  }
  checks.push({ check: 'parse', ok: true, code: 'ok', message: 'a Verifiable Presentation' });
  // The holder is read from the presentation's signed graph, never from its JSON.
  const unsigned = { ...input };
  delete unsigned.proof;
  const read = await readSignedDocument(unsigned, documentLoader, { root: 'VerifiablePresentation' });
  if ('issues' in read) {
    for (const issue of read.issues) checks.push({ check: 'json-ld', ok: false, code: issue.code, message: issue.message, path: issue.path });
    return { verified: false, checks, credentials: [] };
  }
  const signedHolder = read.view.holder;
  const holder = typeof signedHolder === 'string' ? signedHolder : isObject(signedHolder) && typeof signedHolder.id === 'string' ? signedHolder.id : undefined;
  const binding = options.holderBinding !== false;
  const proofs = input.proof === undefined ? [] : Array.isArray(input.proof) ? input.proof : [input.proof];
  const proof = proofs[0];
  if (proof === undefined && options.requireProof === false && !binding && options.challenge === undefined) checks.push({ check: 'proof', ok: true, code: 'skipped', message: 'the presentation is not signed, and no proof was required' });
  else if (!isObject(proof)) checks.push({ check: 'proof', ok: false, code: 'proof_missing', message: 'the presentation is not signed' });
  else if (options.challenge !== undefined && proof.challenge !== options.challenge) checks.push({ check: 'proof', ok: false, code: 'challenge_mismatch', message: 'the presentation was made for another challenge' });
  else if (options.domain !== undefined && proof.domain !== options.domain) checks.push({ check: 'proof', ok: false, code: 'domain_mismatch', message: `the presentation was made for ${JSON.stringify(proof.domain ?? null)}, not ${options.domain}` });
  else {
    try {
      // The holder's signature covers the embedded credentials too, so the whole document is verified.
      const result = await jsigs.verify(JSON.parse(JSON.stringify(input)) as object, {
        suite: [new DataIntegrityProof({ cryptosuite: fastRdfcCryptosuite }), new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() })],
        // With a challenge, the authentication purpose checks it (and the domain); without one, the
        // proof must still be made for authentication by a key its controller authorises for it.
        purpose:
          options.challenge !== undefined
            ? new jsigs.purposes.AuthenticationProofPurpose({ challenge: options.challenge, ...(options.domain !== undefined ? { domain: options.domain } : {}), ...(options.now !== undefined ? { date: parseDateInput(options.now, 'now') } : {}) })
            : new jsigs.purposes.ControllerProofPurpose({ term: 'authentication', ...(options.now !== undefined ? { date: parseDateInput(options.now, 'now') } : {}) }),
        documentLoader,
      });
      const controller = result.results?.[0]?.purposeResult?.controller?.id;
      // Every proof must verify: jsonld-signatures accepts a set in which any one does.
      const allVerified = result.results?.length === proofs.length && result.results.every((entry) => entry.verified);
      if (!result.verified || !allVerified) checks.push({ check: 'proof', ok: false, code: 'signature_invalid', message: 'the holder\'s signature does not match the presentation' });
      else if (binding && controller !== holder) checks.push({ check: 'proof', ok: false, code: 'holder_not_controller', message: `signed by ${controller}, not by the holder ${holder ?? '(none)'}` });
      else checks.push({ check: 'proof', ok: true, code: 'ok', message: `signed by ${controller === holder ? `the holder ${holder}` : String(controller)}${options.domain !== undefined ? ` for ${options.domain}` : ''}` });
    } catch (error) {
      checks.push({ check: 'proof', ok: false, code: 'verification_method_unresolved', message: (error as Error).message });
    }
  }
  const embedded = Array.isArray(input.verifiableCredential) ? input.verifiableCredential : input.verifiableCredential === undefined ? [] : [input.verifiableCredential];
  const credentials: VerifyCredentialResult[] = [];
  for (const credential of embedded) credentials.push(await verifyCredential(credential, { ...options, documentLoader }));
  const strangers = credentials.map((result, index) => ({ result, index })).filter(({ result }) => result.credential.subject !== holder);
  if (!binding) {
    checks.push({ check: 'holder', ok: true, code: 'not_required', message: 'holder binding was not required: the holder was not checked against the signer or the subjects' });
  } else if (strangers.length > 0) {
    checks.push({ check: 'holder', ok: false, code: 'holder_not_subject', message: `the holder is not the subject of credential ${strangers.map(({ index }) => index + 1).join(', ')}` });
  } else {
    checks.push({ check: 'holder', ok: true, code: 'ok', message: 'the holder is the subject of every credential' });
  }
  const verified = checks.every((check) => check.ok) && credentials.every((result) => result.verified);
  return { verified, checks, ...(holder ? { holder } : {}), credentials };
}
