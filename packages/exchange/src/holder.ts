// A minimal reference holder, for tests, demos and the CLI's `wallet` verbs: it receives a
// credential offered over OpenID4VCI (the client side of @openid4vc/openid4vci), and answers an
// OpenID4VP request with the worker's credentials (the holder side of @openid4vc/openid4vp) in a
// presentation Carepass signs with the worker's key. It reaches the issuer and the verifier only
// through the fetch function the caller gives it.
import { createPresentation, exportIssuerKeyJwk, type IssuerKey } from '@carepass/credentials';
import { clientAuthenticationNone } from '@openid4vc/oauth2';
import { generateRandom, hash } from './callbacks.js';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { CompactSign, importJWK } from 'jose';
import { CarepassError } from '@carepass/frameworks';
import { isOpenid4vpAuthorizationRequestDcApi, Openid4vpClient } from '@openid4vc/openid4vp';
import { DcqlQuery } from 'dcql';

/** Options for {@link answerPresentationRequest}. */
export interface AnswerPresentationRequestOptions {
  /** The `openid4vp://` request (from the QR code). */
  requestUri: string;
  /** The worker's key: the presentation's holder, and the subject of the credentials. */
  key: IssuerKey;
  /** The credentials to present (JSON with Data Integrity proofs). */
  credentials: readonly object[];
  /** How to reach the verifier: required, since the library never fetches on its own. */
  fetch: typeof globalThis.fetch;
}

/** What the verifier answered. */
export interface AnswerPresentationRequestResult {
  /** Whether the verifier accepted the answer (HTTP 2xx). */
  accepted: boolean;
  /** The HTTP status of the verifier's answer. */
  status: number;
  /** The verifier's JSON answer (an OAuth error on refusal). */
  body: unknown;
  /** Who asked: the verifier's client id (for `redirect_uri:` clients, where the answer goes). */
  verifier: string;
  /** The verifier's name, if it gave one. */
  verifierName?: string;
}

/**
 * Answers an OpenID4VP request with the worker's credentials: resolves the request, checks its DCQL
 * query asks for what is presented (Open Badges credentials), signs a presentation for the
 * request's nonce and client id, and posts it (`direct_post`).
 *
 * @throws CarepassError `INVALID_ARGUMENT` for a request that cannot be read or answered (no DCQL
 * query, another response mode, a query the credentials do not satisfy).
 */
export async function answerPresentationRequest(options: AnswerPresentationRequestOptions): Promise<AnswerPresentationRequestResult> {
  if (typeof options?.fetch !== 'function') throw new CarepassError('INVALID_ARGUMENT', 'options.fetch is required: the library never reaches the network on its own');
  const client = new Openid4vpClient({ callbacks: { hash, fetch: options.fetch } as never });
  let request;
  let resolved;
  try {
    const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: options.requestUri });
    resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params });
    request = resolved.authorizationRequestPayload;
  } catch (error) {
    throw new CarepassError('INVALID_ARGUMENT', `not an OpenID4VP request this holder can answer: ${(error as Error).message.split('\n')[0]}`);
  }
  if (isOpenid4vpAuthorizationRequestDcApi(request) || request.response_mode !== 'direct_post') throw new CarepassError('INVALID_ARGUMENT', 'only direct_post requests are answered');
  if (!resolved.dcql) throw new CarepassError('INVALID_ARGUMENT', 'the request has no DCQL query');
  const query = DcqlQuery.parse(resolved.dcql.query as never);
  DcqlQuery.validate(query);
  const asked = query.credentials.find((credential) => credential.format === 'ldp_vc');
  if (!asked) throw new CarepassError('INVALID_ARGUMENT', 'the request asks for no ldp_vc credential, the only kind this holder keeps');
  const presentation = await createPresentation(options.credentials as object[], { key: options.key, challenge: request.nonce as string, domain: resolved.client.effective });
  const { authorizationResponsePayload } = await client.createOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: { vp_token: { [asked.id]: [presentation] } } as never });
  const { response } = await client.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keeps the text
  }
  const name = (request.client_metadata as { client_name?: unknown } | undefined)?.client_name;
  return { accepted: response.ok, status: response.status, body, verifier: resolved.client.effective, ...(typeof name === 'string' ? { verifierName: name } : {}) };
}

/** Options for {@link receiveCredentialOffer}. */
export interface ReceiveCredentialOfferOptions {
  /** The `openid-credential-offer://` URI (from the QR code). */
  offerUri: string;
  /** The transaction code the worker was given another way, if the offer asks for one. */
  txCode?: string;
  /** The worker's key: the credential is bound to its did:key. */
  key: IssuerKey;
  /** How to reach the issuer: required, since the library never fetches on its own. */
  fetch: typeof globalThis.fetch;
}

/** What {@link receiveCredentialOffer} received. */
export interface ReceiveCredentialOfferResult {
  /** The issuer's identifier (its URL). */
  issuer: string;
  /** The credential configuration received. */
  credentialConfigurationId: string;
  /** The credentials, as the issuer gave them (JSON, or a VC-JWT string); verify them before relying on them. */
  credentials: unknown[];
}

/**
 * Receives the credential of an OpenID4VCI offer (pre-authorized code flow): resolves the offer and
 * the issuer's metadata, exchanges the code (and transaction code) for an access token, proves
 * possession of the worker's key over a fresh nonce, and asks for the credential, bound to the
 * key's did:key.
 *
 * @throws CarepassError `INVALID_ARGUMENT` for an offer that cannot be read, and `CREDENTIAL_INVALID`
 * with the issuer's error (`invalid_grant` for a wrong transaction code or a used offer, …).
 */
export async function receiveCredentialOffer(options: ReceiveCredentialOfferOptions): Promise<ReceiveCredentialOfferResult> {
  if (typeof options?.fetch !== 'function') throw new CarepassError('INVALID_ARGUMENT', 'options.fetch is required: the library never reaches the network on its own');
  const jwk = await exportIssuerKeyJwk(options.key, { includeSecret: true });
  const privateKey = await importJWK(jwk, 'EdDSA');
  const { d: _secret, ...publicJwk } = jwk;
  const client = new Openid4vciClient({
    callbacks: {
      hash,
      generateRandom,
      fetch: options.fetch,
      clientAuthentication: clientAuthenticationNone({ clientId: options.key.controller }),
      // Only proofs of possession are signed here, and only with the worker's own key.
      signJwt: async (_signer, { header, payload }) => ({ jwt: await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ ...header, alg: 'EdDSA' } as never).sign(privateKey), signerJwk: publicJwk as never }),
    },
  });
  let offer;
  let issuerMetadata;
  try {
    offer = await client.resolveCredentialOffer(options.offerUri);
    issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  } catch (error) {
    throw new CarepassError('INVALID_ARGUMENT', `not an OpenID4VCI offer this holder can take: ${(error as Error).message.split('\n')[0]}`);
  }
  const credentialConfigurationId = offer.credential_configuration_ids[0] as string;
  try {
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer: offer, issuerMetadata, ...(options.txCode !== undefined ? { txCode: options.txCode } : {}) });
    const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
    const didUrl = `${options.key.controller}#${options.key.publicKeyMultibase}`;
    const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId, nonce, signer: { method: 'did', didUrl, alg: 'EdDSA' } });
    const received = await client.retrieveCredentials({ issuerMetadata, credentialConfigurationId, accessToken: accessTokenResponse.access_token, proofs: { jwt: [jwt] } });
    const credentials = ((received.credentialResponse as { credentials?: { credential: unknown }[] }).credentials ?? []).map((entry) => entry.credential);
    return { issuer: offer.credential_issuer, credentialConfigurationId, credentials };
  } catch (error) {
    const response = (error as { errorResponse?: { error?: string; error_description?: string }; response?: { credentialErrorResponseResult?: { data?: { error?: string; error_description?: string } } } });
    const reason = response.errorResponse ?? response.response?.credentialErrorResponseResult?.data;
    throw new CarepassError('CREDENTIAL_INVALID', `the issuer refused: ${reason?.error ?? (error as Error).message.split('\n')[0]}${reason?.error_description ? ` (${reason.error_description})` : ''}`, { details: { code: reason?.error ?? 'refused' } as never });
  }
}
