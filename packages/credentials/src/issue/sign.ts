import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createSignCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import jsigs from 'jsonld-signatures';
import { fastRdfcCryptosuite } from '../proof/fast-proof.js';
import { CarepassError, checkJsonLimits, type DateInput, parseDateInput } from '@carepass/frameworks';
import { checkCredentialDataModel } from '../verify/data-model.js';
import { createDocumentLoader, type DocumentLoader } from '../jsonld/document-loader.js';
import { type IssuerKey, isIssuerKey, signerFor } from '../keys/keys.js';
import { readSignedDocument } from '../verify/claims.js';

/** The Data Integrity cryptosuites Carepass signs with. */
export type Cryptosuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';
/** The cryptosuite used when none is chosen: what Open Badges 3.0 conformance requires. */
export const DEFAULT_CRYPTOSUITE: Cryptosuite = 'eddsa-rdfc-2022';

/** Options for {@link signCredential}. */
export interface SignCredentialOptions {
  /** The issuer key; its controller should be the credential's issuer. */
  key: IssuerKey;
  /** `eddsa-rdfc-2022` (default) or `eddsa-jcs-2022`. */
  suite?: Cryptosuite;
  /** The proof's `created` time; default now. Fix it for reproducible output. */
  created?: DateInput;
  /** Document loader; default: the offline loader. */
  documentLoader?: DocumentLoader;
  /** Write `proof` as an array, as the Open Badges 3.0 JSON Schema expects. Default false. */
  proofAsArray?: boolean;
}

/** A credential with at least one proof. */
export type SignedCredential = Record<string, unknown> & { proof: Record<string, unknown> | Record<string, unknown>[] };

function cryptosuiteFor(suite: Cryptosuite): unknown {
  if (suite === 'eddsa-rdfc-2022') return fastRdfcCryptosuite;
  if (suite === 'eddsa-jcs-2022') return createSignCryptosuite();
  throw new CarepassError('INVALID_ARGUMENT', `unknown cryptosuite "${String(suite)}"; use eddsa-rdfc-2022 or eddsa-jcs-2022`);
}


/**
 * Checks that a credential may be signed, in any proof format, and returns a copy of it to sign:
 * a JSON object within the limits, with no proof, that verifiers would accept (VC data model,
 * JSON-LD safe mode, a JSON that claims what its graph says). Internal.
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` with `details.issues`.
 */
export async function checkSignable(credential: unknown, documentLoader: DocumentLoader): Promise<Record<string, unknown>> {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw new CarepassError('CREDENTIAL_INVALID', 'a credential must be a JSON object', { details: { issues: [{ code: 'not_an_object', path: '$', message: 'a credential must be a JSON object' }] } });
  }
  const tooBig = checkJsonLimits(credential);
  if (tooBig) throw new CarepassError('CREDENTIAL_INVALID', `the credential is too large to sign: ${tooBig.path}: ${tooBig.message}`, { details: { issues: [tooBig] } });
  const unsigned = JSON.parse(JSON.stringify(credential)) as Record<string, unknown>;
  if (unsigned.proof !== undefined) throw new CarepassError('CREDENTIAL_INVALID', 'the credential already has a proof; sign the unsigned credential');
  const issues = checkCredentialDataModel(unsigned);
  if (issues.length === 0) {
    // Never sign what verifiers would refuse: every term defined, one credential, and a JSON that
    // claims what its graph says (see signed-view.ts).
    const read = await readSignedDocument(unsigned, documentLoader);
    if ('issues' in read) issues.push(...read.issues);
  }
  if (issues.length > 0) {
    const first = issues[0] as (typeof issues)[number];
    throw new CarepassError('CREDENTIAL_INVALID', `cannot sign: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { details: { issues } });
  }
  return unsigned;
}

/**
 * Adds a Data Integrity proof to an unsigned credential an LMS has built. The input is checked
 * first (VC data model, JSON-LD safe mode, and that its JSON claims what its graph says) and never
 * mutated. With a fixed `created`, the same
 * input and key always give the same proof: signing the W3C test vectors reproduces their
 * `proofValue` byte for byte.
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` (with `details.issues`) when the credential is
 * not one that verifiers would accept; `INVALID_ARGUMENT` for a missing key or unknown suite.
 * @example
 * ```ts
 * const signed = await signCredential(unsigned, { key, suite: 'eddsa-rdfc-2022' });
 * ```
 */
export async function signCredential(credential: object, options: SignCredentialOptions): Promise<SignedCredential> {
  if (!isIssuerKey(options?.key)) throw new CarepassError('INVALID_ARGUMENT', 'options.key must be an IssuerKey from generateIssuerKey or importIssuerKey');
  const suiteName = options.suite ?? DEFAULT_CRYPTOSUITE;
  const cryptosuite = cryptosuiteFor(suiteName);
  const documentLoader = options.documentLoader ?? createDocumentLoader();
  const unsigned = await checkSignable(credential, documentLoader);
  const created = options.created === undefined ? undefined : parseDateInput(options.created, 'created');
  const suite = new DataIntegrityProof({
    signer: await signerFor(options.key),
    cryptosuite,
    ...(created ? { date: created.toISOString().replace(/\.000Z$/, 'Z') } : {}),
  });
  let signed: Record<string, unknown>;
  try {
    signed = await jsigs.sign(unsigned, { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
  } catch (error) {
    throw new CarepassError('SIGNING_FAILED', `signing failed: ${(error as Error).message}`, { cause: error });
  }
  if (options.proofAsArray && !Array.isArray(signed.proof)) signed.proof = [signed.proof];
  return signed as SignedCredential;
}
