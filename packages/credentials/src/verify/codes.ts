// Every code a verification check (or a status list file or trust registry check) can give: one
// closed vocabulary, each with what it means and what to do. The type `VerificationCode` is derived
// from this table, so a code cannot be used without being documented here, and
// docs/reference/error-codes.md is generated from it. Codes are lower_snake_case; the verdicts of
// `VerificationStatus` are kebab-case words (`status-unavailable`), the CLI's published contract.

/** What a verification code means, and what the person who sees it can do. */
export interface VerificationCodeHelp {
  /** What the check found. */
  meaning: string;
  /** What to do about it. */
  action: string;
}

const REISSUE = 'Ask the issuer for a fresh copy; a credential cannot be repaired without breaking its signature.';
const FIX_ISSUER = 'The issuing software produced a malformed credential: report it to the issuer, who must re-issue it.';

/** The fields of a credential whose entries are typed objects, as their codes spell them. */
type TypedObjectField = 'credentialstatus' | 'credentialschema' | 'termsofuse' | 'evidence' | 'refreshservice';

function typedObjectCodes<const F extends TypedObjectField>(field: F) {
  return {
    [`${field}_invalid`]: { meaning: `An entry of this field (${field}) is not a JSON object.`, action: FIX_ISSUER },
    [`${field}_type_missing`]: { meaning: `An entry of this field (${field}) has no type.`, action: FIX_ISSUER },
    [`${field}_id_invalid`]: { meaning: `The id of an entry of this field (${field}) is not a single URL.`, action: FIX_ISSUER },
  } as Record<`${F}_invalid` | `${F}_type_missing` | `${F}_id_invalid`, VerificationCodeHelp>;
}

/** Every verification code, with its meaning and what to do. */
export const VERIFICATION_CODE_HELP = {
  ok: { meaning: 'The check passed.', action: 'Nothing.' },
  skipped: { meaning: 'The check was not run because nothing was given to run it with (no status lists, no trust registry).', action: 'Pass status lists or a trust registry if the check matters to you.' },
  not_required: { meaning: 'Issuer or holder binding was turned off, so the signer was not required to be the issuer or holder.', action: 'Nothing, if that was intended; otherwise verify with binding on (the default).' },

  // parse
  not_an_object: { meaning: 'The input is not a JSON object.', action: 'Pass the credential or presentation JSON itself.' },
  unreadable: { meaning: 'The file could not be read or is not JSON (or a baked image holds no credential).', action: 'Check the path and that the file is a credential in JSON, or a badge image with one baked in.' },
  limit_exceeded: { meaning: 'The JSON is deeper, longer or larger than the limits allow.', action: 'Refuse it, or raise the limits deliberately if the document is known to be that large.' },

  // data model
  context_missing: { meaning: 'The credential has no @context.', action: FIX_ISSUER },
  context_not_first: { meaning: 'The first @context is not the VC 2.0 (or 1.1) base context.', action: FIX_ISSUER },
  context_invalid: { meaning: 'A @context entry is neither a URL nor an object.', action: FIX_ISSUER },
  type_missing: { meaning: 'The credential has no type.', action: FIX_ISSUER },
  type_not_credential: { meaning: 'The type does not include VerifiableCredential.', action: 'Check that the file is a credential, not some other JSON.' },
  id_invalid: { meaning: 'The credential id is not a single URL.', action: FIX_ISSUER },
  issuer_missing: { meaning: 'The credential names no issuer.', action: FIX_ISSUER },
  issuer_invalid: { meaning: 'The issuer (or issuer.id) is not a URL.', action: FIX_ISSUER },
  subject_missing: { meaning: 'The credential has no credentialSubject.', action: FIX_ISSUER },
  subject_empty: { meaning: 'credentialSubject is empty.', action: FIX_ISSUER },
  subject_id_invalid: { meaning: 'credentialSubject.id is not a single URL.', action: FIX_ISSUER },
  date_invalid: { meaning: 'validFrom or validUntil (issuanceDate or expirationDate in VC 1.1) is not an XML Schema date-time, or a VC 1.1 credential has no issuanceDate.', action: FIX_ISSUER },
  validity_inverted: { meaning: 'The credential is valid until a time before it is valid from.', action: FIX_ISSUER },
  language_value_invalid: { meaning: 'A name or description given as a language value holds something other than @value, @language and @direction.', action: FIX_ISSUER },
  related_resource_invalid: { meaning: 'A relatedResource entry has no id URL, repeats another entry\'s id, or has no digestSRI or digestMultibase.', action: FIX_ISSUER },
  related_resource_digest_mismatch: { meaning: 'The digest given for a related resource (such as the VC 2.0 context) does not match its published content.', action: 'Refuse the credential: it was made against different content than it claims.' },
  ...typedObjectCodes('credentialstatus'),
  ...typedObjectCodes('credentialschema'),
  credentialschema_id_missing: { meaning: 'A credentialSchema entry has no id.', action: FIX_ISSUER },
  ...typedObjectCodes('termsofuse'),
  ...typedObjectCodes('evidence'),
  ...typedObjectCodes('refreshservice'),

  // Open Badges
  open_badge_invalid: { meaning: 'The credential does not have what Open Badges 3.0 requires (its JSON Schema, or an achievement, or a required field).', action: FIX_ISSUER },

  // JSON-LD
  undefined_term: { meaning: 'A property or type is not defined by any context (JSON-LD safe mode), so it would be dropped from what is signed.', action: 'Refuse it: the JSON says something the signature does not cover.' },
  relative_iri: { meaning: 'A type or id is a relative reference that JSON-LD cannot turn into an IRI.', action: FIX_ISSUER },
  protected_term_redefined: { meaning: 'A context redefines a protected term of the VC or another context.', action: 'Refuse it: the JSON would mean something other than what it seems to.' },
  context_unknown: { meaning: 'A @context URL is not bundled with Carepass, and nothing is fetched by default.', action: 'Pass a document loader that knows the context, if you trust it.' },
  document_unavailable: { meaning: 'A document the check needed (a context, a key) could not be loaded.', action: 'Pass a document loader that can load it, or check your fetcher.' },
  json_ld_invalid: { meaning: 'JSON-LD processing failed on the document.', action: FIX_ISSUER },
  credential_node_missing: { meaning: 'The signed graph has no VerifiableCredential node.', action: 'Refuse it: what was signed is not a credential.' },
  credential_node_ambiguous: { meaning: 'The signed graph has more than one VerifiableCredential node, so it is unclear which one was meant.', action: 'Refuse it.' },
  graph_too_complex: { meaning: 'The signed graph shares nodes so much that reading it as a tree would take too long.', action: 'Refuse it: such graphs are built to exhaust a verifier.' },
  json_graph_mismatch: { meaning: 'The JSON says something other than the signed graph (a rewrite that keeps the signature valid).', action: 'Refuse it, and read claims only from the signed view (result.document).' },
  canonicalization_limit: { meaning: 'Canonicalising the document would take too much work (blank nodes built to exhaust a verifier).', action: 'Refuse it.' },

  // proof
  proof_missing: { meaning: 'The credential has no proof, or an empty one.', action: 'Sign it (carepass sign), or ask the issuer for the signed copy.' },
  proof_invalid: { meaning: 'A proof is not a JSON object.', action: FIX_ISSUER },
  proof_property_invalid: { meaning: 'A proof uses a JSON-LD keyword or a full IRI as a property name.', action: 'Refuse it.' },
  proof_type_missing: { meaning: 'A proof has no type.', action: FIX_ISSUER },
  proof_type_unsupported: { meaning: 'The proof type is not DataIntegrityProof or Ed25519Signature2020.', action: 'Verify it with software that supports that proof type.' },
  cryptosuite_unsupported: { meaning: 'The cryptosuite is not eddsa-rdfc-2022 or eddsa-jcs-2022.', action: 'Verify it with software that supports that cryptosuite.' },
  verification_method_missing: { meaning: 'A proof names no verificationMethod.', action: FIX_ISSUER },
  verification_method_unresolved: { meaning: 'The signing key could not be resolved (an unknown DID method, or did:web without a resolver).', action: 'Pass a resolver or cache for that DID method.' },
  verification_method_not_authorized: { meaning: "The signing key is not authorised for this proof purpose by its controller's DID document.", action: 'Refuse it.' },
  proof_purpose_missing: { meaning: 'A proof has no proofPurpose.', action: FIX_ISSUER },
  proof_purpose_mismatch: { meaning: 'The proofPurpose is not the one expected (assertionMethod for credentials, authentication for presentations).', action: 'Refuse it.' },
  proof_value_missing: { meaning: 'A proof has no proofValue.', action: FIX_ISSUER },
  proof_value_encoding: { meaning: 'proofValue is not multibase base58btc.', action: FIX_ISSUER },
  signature_length: { meaning: 'proofValue does not decode to a 64-byte Ed25519 signature.', action: REISSUE },
  proof_date_invalid: { meaning: 'proof.created or proof.expires is not an XML Schema dateTimeStamp.', action: FIX_ISSUER },
  proof_unsupported: { meaning: 'No supported suite matches the proof.', action: 'Verify it with software that supports that proof.' },
  proof_chain_unsupported: { meaning: 'The proof names a previousProof, and chains are checked only for eddsa-rdfc-2022 and eddsa-jcs-2022 with Multikey keys.', action: 'Verify it with software that supports that chain.' },
  previous_proof_missing: { meaning: 'A proof names a previousProof that is not in the proof set.', action: 'Refuse it: a proof it depends on was removed.' },
  signature_invalid: { meaning: 'The signature does not match the document: it was changed after signing, or signed by another key.', action: 'Refuse it. ' + REISSUE },

  // VC-JWT (Open Badges 3.0 §8.2, VC-JOSE-COSE)
  jwt_malformed: { meaning: 'The text is not a compact JWS: three base64url parts, a header and a payload that are JSON objects.', action: 'Pass the JWT exactly as issued (one line, no quotes), or a JSON credential.' },
  jwt_header_invalid: { meaning: 'The JWT header is not one a VC-JWT may have: an unknown crit extension, a typ other than JWT, vc+jwt or vc+ld+jwt, both kid and jwk, or a jwk with private key material.', action: FIX_ISSUER },
  jwt_alg_unsupported: { meaning: 'The JWT is signed with an algorithm not accepted (none, HMAC, RSA, or one outside the allowed list), or one that does not fit its key (algorithm confusion).', action: 'Refuse it: Carepass accepts EdDSA (Ed25519) and ES256 (P-256).' },
  jwt_key_unresolved: { meaning: 'The key the JWT header names (kid or jwk) could not be had offline.', action: 'Pass the issuer\'s DID document (did:web) in didDocuments, or ask for a JWT whose kid is a did:key.' },
  jwt_claim_mismatch: { meaning: 'A registered JWT claim (iss, nbf, exp, jti, sub) disagrees with the credential it carries, or one Open Badges 3.0 requires (iss, nbf) is missing.', action: FIX_ISSUER },

  // CLR 2.0
  held_credential_refused: { meaning: 'A credential that a CLR (ClrCredential) holds was refused on its own (not genuine, revoked, suspended or untrusted; an expired one is only noted).', action: 'See that credential\'s result in `credentials`; ask the issuer of the CLR for a corrected record.' },

  // issuer and holder binding, presentations
  issuer_not_controller: { meaning: 'The signing key belongs to someone other than the issuer the credential names.', action: 'Refuse it, or verify with issuer binding off (--any-signer) only if another signer is expected.' },
  not_a_presentation: { meaning: 'The input is not a VerifiablePresentation with the VC context first.', action: 'Pass a presentation, or verify the credential on its own.' },
  holder_not_controller: { meaning: "The presentation was not signed by a key of the holder it names.", action: 'Refuse it.' },
  holder_not_subject: { meaning: 'The holder is not the subject of a credential in the presentation.', action: 'Refuse it, or verify with holder binding off (--any-holder) if someone may present on the worker\'s behalf.' },
  challenge_mismatch: { meaning: 'The presentation was made for another challenge.', action: 'Refuse it: it may be a replay. Ask for a fresh presentation.' },
  domain_mismatch: { meaning: 'The presentation was made for another domain.', action: 'Refuse it: it was meant for someone else.' },

  // validity window
  expired: { meaning: 'The credential is past its validUntil (or expirationDate).', action: 'Ask for a renewed credential.' },
  not_yet_valid: { meaning: 'The credential is valid only from a later date.', action: 'Check your clock, or wait until it is valid.' },

  // status
  revoked: { meaning: 'The issuer has revoked the credential.', action: 'Refuse it.' },
  suspended: { meaning: 'The issuer has suspended the credential.', action: 'Refuse it for now; ask the issuer.' },
  status_unavailable: { meaning: 'The credential has a status entry that could not be checked (no list given, the list not found, or an unknown kind of entry), so it is refused (fail closed).', action: "Pass the issuer's current status list, or accept unknown status deliberately." },
  status_entry_invalid: { meaning: 'A BitstringStatusListEntry lacks one statusPurpose, a base-10 statusListIndex or one statusListCredential URL.', action: FIX_ISSUER },
  status_list_invalid: { meaning: 'The status list credential does not verify, is not the list the entry names, or cannot be decoded.', action: 'Get the status list again from the issuer.' },
  status_list_issuer_mismatch: { meaning: 'The status list is issued by someone other than the credential\'s issuer.', action: 'Refuse it: only the issuer may revoke its credentials.' },
  status_list_stale: { meaning: 'The status list was signed longer ago than the maximum age allowed.', action: 'Ask the issuer to publish the list again, or raise the maximum age deliberately.' },
  status_file_tampered: { meaning: 'A status list file was changed outside Carepass: its list credential no longer verifies.', action: 'Restore the file from a backup; do not re-sign it blindly.' },

  // trust
  untrusted: { meaning: 'The issuer is not in the trust registry, or not trusted at this time.', action: 'Refuse it, or add the issuer to your registry if you accept it.' },
  out_of_scope: { meaning: 'The issuer is trusted, but not for this achievement or framework.', action: 'Refuse it, or widen the issuer\'s scope in your registry.' },
  registry_invalid: { meaning: 'The trust registry does not verify or cannot be read.', action: 'Get the registry again from its operator.' },
  registry_operator: { meaning: 'The trust registry is operated by someone not on the list of accepted operators.', action: 'Use a registry from an operator you accept.' },
} as const satisfies Record<string, VerificationCodeHelp>;

/** A code a verification check gives: one closed, documented vocabulary (see {@link VERIFICATION_CODE_HELP}). */
export type VerificationCode = keyof typeof VERIFICATION_CODE_HELP;

/** Every verification code, in the order of {@link VERIFICATION_CODE_HELP}. */
export const VerificationCodes = Object.keys(VERIFICATION_CODE_HELP) as VerificationCode[];

/** Whether a string is one of the {@link VerificationCode}s. */
export function isVerificationCode(code: unknown): code is VerificationCode {
  return typeof code === 'string' && Object.hasOwn(VERIFICATION_CODE_HELP, code);
}
