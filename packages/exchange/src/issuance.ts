// OpenID for Verifiable Credential Issuance 1.0, issuer side, pre-authorized code flow with a
// transaction code, on @openid4vc/openid4vci and @openid4vc/oauth2: credential issuer metadata, a
// credential offer, the token, nonce and credential endpoints. The credential is a Carepass Open
// Badges 3.0 credential whose subject is the wallet's holder DID, taken from its proof of possession.
import { randomBytes, randomInt, randomUUID, createHash } from 'node:crypto';
import { getDidKeyOfJwk, getJwkAlgorithm, type IssuerKey, type IssuerProfileInput, issueCredential, issueCredentialJwt, OB_V3_CONTEXT, publicJwkFromMultibase, VC_V2_CONTEXT } from '@carepass/credentials';
import { CarepassError, type FrameworkRegistry } from '@carepass/frameworks';
import {
  type CallbackContext,
  clientAuthenticationNone,
  type Jwk,
  Oauth2AuthorizationServer,
  Oauth2ErrorCodes,
  Oauth2ResourceServer,
  Oauth2ResourceUnauthorizedError,
  Oauth2ServerErrorResponseError,
  preAuthorizedCodeGrantIdentifier,
} from '@openid4vc/oauth2';
import { Openid4vciIssuer, Openid4vciVersion } from '@openid4vc/openid4vci';
import { compactVerify, CompactSign, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { generateRandom, hash } from './callbacks.js';
import { createMemoryExchangeStore, type ExchangeStore, type OfferedCredential } from './store.js';
import { renderQrCode } from './qr.js';
import { bodyOf, endpointUrl, pathOf, type ExchangeRequest, type ExchangeResponse, headersOf, protocolError, respond } from './http.js';

export type { ExchangeRequest, ExchangeResponse } from './http.js';

/** The credential configurations a Carepass issuer offers: the same Open Badges credential, with a Data Integrity proof or as a VC-JWT. */
export const CREDENTIAL_CONFIGURATIONS = {
  /** `ldp_vc`: JSON with an eddsa-rdfc-2022 proof. */
  ldp: 'CarepassOpenBadgeCredential_ldp_vc',
  /** `jwt_vc_json`: a compact VC-JWT (Open Badges 3.0 §8.2). */
  jwt: 'CarepassOpenBadgeCredential_jwt_vc_json',
} as const;

/** Options for {@link createCredentialIssuer}. */
export interface CreateCredentialIssuerOptions {
  /** The credential issuer identifier and base of every endpoint, e.g. `https://lms.example/oid4vci`. */
  baseUrl: string;
  /** The key the credentials are signed with; the issuer is its controller. */
  key: IssuerKey;
  /** The issuer's public profile, on every credential. */
  issuer?: IssuerProfileInput;
  /** The issuer's name, shown by wallets; default the profile's name. */
  displayName?: string;
  /** Where offers, nonces and used tokens are kept; default in memory (one process), on this issuer's clock. */
  store?: ExchangeStore;
  /** Frameworks for the credentials; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** How long an offer may be redeemed, in seconds; default 600. */
  offerTtlSeconds?: number;
  /** How long access tokens and nonces live, in seconds; default 300. */
  tokenTtlSeconds?: number;
  /** Wrong transaction codes allowed before the offer is void; default 5. */
  maxTxCodeAttempts?: number;
  /** The clock; default now. */
  now?: () => Date;
  /**
   * Allow an `http://` base URL, for tests on 127.0.0.1. This switches off @openid4vc's https check
   * for the whole process: never in production.
   */
  allowInsecureUrls?: boolean;
}

/** Options for {@link CredentialIssuer.createOffer}. */
export interface CreateOfferOptions {
  /** `ldp_vc` (default) or `jwt_vc_json`. */
  format?: 'ldp_vc' | 'jwt_vc_json';
  /** The transaction code to require; default a random 6-digit code; `false` for none (not advised). */
  txCode?: string | false;
  /** How the wallet is told about the code; default `Sent to you by your employer`. */
  txCodeDescription?: string;
}

/** A credential offer, to show as a QR code or deep link, and its transaction code to send another way. */
export interface CredentialOfferResult {
  /** The `openid-credential-offer://?credential_offer=…` URI. */
  uri: string;
  /** The offer object it carries. */
  offer: Record<string, unknown>;
  /** The transaction code the wallet will ask for; send it by another channel than the offer. */
  txCode?: string;
  /** When the offer expires. */
  expiresAt: string;
  /** The offer URI as a QR code, an SVG document to show on a screen (see {@link renderQrCode}). */
  qrSvg: string;
}

/** The issuer side of OpenID4VCI: metadata, offers, and a handler for its endpoints. */
export interface CredentialIssuer {
  /** The credential issuer metadata (`/.well-known/openid-credential-issuer`). */
  metadata: Record<string, unknown>;
  /** Creates an offer of one credential, redeemable once. */
  createOffer(credential: OfferedCredential, options?: CreateOfferOptions): Promise<CredentialOfferResult>;
  /**
   * Answers a request to one of the issuer's endpoints (well-known metadata, token, nonce,
   * credential, JWKS), or gives undefined for any other path. Never throws on bad requests: errors
   * are OAuth 2.0 / OpenID4VCI error responses.
   */
  handle(request: ExchangeRequest): Promise<ExchangeResponse | undefined>;
}

/** The public key a proof's signer names: a did:key (Ed25519 or P-256, resolved offline) or the JWK in its header. */
function holderKeyOf(signer: { method: string; didUrl?: string; publicJwk?: Jwk }): JWK | undefined {
  if (signer.method === 'jwk' && signer.publicJwk) return signer.publicJwk as JWK;
  if (signer.method === 'did' && signer.didUrl?.startsWith('did:key:z')) return publicJwkFromMultibase((signer.didUrl.split('#')[0] as string).slice('did:key:'.length));
  return undefined;
}

/**
 * Creates the issuer side of OpenID4VCI 1.0 (pre-authorized code flow with a transaction code) for
 * Carepass credentials. Mount {@link CredentialIssuer.handle} on any HTTP server at `baseUrl`.
 *
 * Each offer is redeemable once, within its time; a wrong transaction code is `invalid_grant`, and
 * after `maxTxCodeAttempts` the offer is void. Access tokens are one-time; each nonce is one-time;
 * the proof of possession must be signed by the key it names (a did:key or a JWK), and that key's
 * did:key becomes the credential's subject. Nothing is issued until every check has passed.
 *
 * @throws CarepassError `INVALID_ARGUMENT` for a base URL that is not https (unless `allowInsecureUrls`).
 * @example
 * ```ts
 * const issuer = await createCredentialIssuer({ baseUrl: 'https://lms.example/oid4vci', key });
 * const { uri, txCode } = await issuer.createOffer({ competency: 'care-certificate@2025#12' });
 * // show `uri` as a QR code; send `txCode` to the worker by email
 * ```
 */
export async function createCredentialIssuer(options: CreateCredentialIssuerOptions): Promise<CredentialIssuer> {
  const base = endpointUrl(options.baseUrl, 'baseUrl', options.allowInsecureUrls);
  const baseUrl = options.baseUrl.replace(/\/+$/u, '');
  const clock = options.now ?? (() => new Date());
  const store = options.store ?? createMemoryExchangeStore({ now: () => clock().getTime() });
  const offerTtl = (options.offerTtlSeconds ?? 600) * 1000;
  const tokenTtl = options.tokenTtlSeconds ?? 300;
  const maxAttempts = options.maxTxCodeAttempts ?? 5;
  const jwksUri = `${baseUrl}/jwks`;

  // The access-token key is the issuer's own and never leaves this object; its JWKS is served at
  // /jwks and handed to the resource server from memory, so nothing is fetched.
  const tokenKeys = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const tokenJwk = { ...(await exportJWK(tokenKeys.publicKey)), kid: `access-token-${randomUUID()}`, alg: 'EdDSA', use: 'sig' } as Jwk;

  const callbacks: Omit<CallbackContext, 'decryptJwe' | 'encryptJwe'> = {
    hash,
    generateRandom,
    signJwt: async (signer, { header, payload }) => {
      if (signer.method !== 'jwk' || signer.publicJwk.kid !== tokenJwk.kid) throw new Error('this issuer signs only its own access tokens');
      const { jwk: _embedded, ...rest } = header as Record<string, unknown>;
      const jwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ ...rest, alg: 'EdDSA', kid: tokenJwk.kid as string }).sign(tokenKeys.privateKey);
      return { jwt, signerJwk: tokenJwk };
    },
    // The library checks claims; the signature is checked here, with the key the signer names.
    verifyJwt: async (signer, { compact }) => {
      const jwk = holderKeyOf(signer as { method: string; didUrl?: string; publicJwk?: Jwk });
      if (!jwk || getJwkAlgorithm(jwk) !== signer.alg) return { verified: false };
      try {
        await compactVerify(compact, await importJWK(jwk, signer.alg), { algorithms: [signer.alg] });
        return { verified: true, signerJwk: jwk as Jwk };
      } catch {
        return { verified: false, signerJwk: jwk as Jwk };
      }
    },
    fetch: async (input) => {
      if (String(input) === jwksUri) return new Response(JSON.stringify({ keys: [tokenJwk] }), { headers: { 'content-type': 'application/json' } });
      throw new CarepassError('DOCUMENT_NOT_FOUND', `the issuer fetches nothing: ${String(input)}`);
    },
    clientAuthentication: clientAuthenticationNone({ clientId: 'carepass-issuer' }),
  };
  const openid4vci = new Openid4vciIssuer({ callbacks });
  const authorizationServer = new Oauth2AuthorizationServer({ callbacks });
  const resourceServer = new Oauth2ResourceServer({ callbacks });

  const proofTypes = { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } };
  const display = [{ name: 'Open Badges 3.0 credential', locale: 'en-GB' }];
  const authorizationServerMetadata = authorizationServer.createAuthorizationServerMetadata({
    issuer: baseUrl,
    token_endpoint: `${baseUrl}/token`,
    jwks_uri: jwksUri,
    grant_types_supported: [preAuthorizedCodeGrantIdentifier],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  });
  const issuerName = options.displayName ?? options.issuer?.name ?? 'Carepass issuer';
  const credentialIssuerMetadata = openid4vci.createCredentialIssuerMetadata({
    credential_issuer: baseUrl,
    authorization_servers: [baseUrl],
    credential_endpoint: `${baseUrl}/credential`,
    nonce_endpoint: `${baseUrl}/nonce`,
    display: [{ name: issuerName, locale: 'en-GB' }],
    credential_configurations_supported: {
      [CREDENTIAL_CONFIGURATIONS.ldp]: {
        format: 'ldp_vc',
        scope: CREDENTIAL_CONFIGURATIONS.ldp,
        cryptographic_binding_methods_supported: ['did:key', 'jwk'],
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        proof_types_supported: proofTypes,
        credential_definition: { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], type: ['VerifiableCredential', 'OpenBadgeCredential'] },
        display,
        credential_metadata: { display },
      },
      [CREDENTIAL_CONFIGURATIONS.jwt]: {
        format: 'jwt_vc_json',
        scope: CREDENTIAL_CONFIGURATIONS.jwt,
        cryptographic_binding_methods_supported: ['did:key', 'jwk'],
        credential_signing_alg_values_supported: ['EdDSA'],
        proof_types_supported: proofTypes,
        credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
        display,
        credential_metadata: { display },
      },
    },
  } as Parameters<typeof openid4vci.createCredentialIssuerMetadata>[0]);
  const issuerMetadata = {
    originalDraftVersion: Openid4vciVersion.V1,
    credentialIssuer: credentialIssuerMetadata,
    authorizationServers: [authorizationServerMetadata],
    knownCredentialConfigurations: openid4vci.getKnownCredentialConfigurationsSupported(credentialIssuerMetadata),
  };

  async function token(request: ExchangeRequest): Promise<ExchangeResponse> {
    const requestLike = { headers: headersOf(request), method: 'POST' as const, url: request.url };
    const { grant, accessTokenRequest, dpop } = authorizationServer.parseAccessTokenRequest({ request: requestLike, accessTokenRequest: bodyOf(request) });
    if (grant.grantType !== preAuthorizedCodeGrantIdentifier) throw protocolError(Oauth2ErrorCodes.UnsupportedGrantType, 'only the pre-authorized code grant is offered');
    const offer = await store.getOffer(grant.preAuthorizedCode);
    if (!offer) throw protocolError(Oauth2ErrorCodes.InvalidGrant, 'unknown pre-authorized code');
    if (offer.redeemed) throw protocolError(Oauth2ErrorCodes.InvalidGrant, 'the pre-authorized code has been used');
    if (offer.failedAttempts >= maxAttempts) throw protocolError(Oauth2ErrorCodes.InvalidGrant, 'too many wrong transaction codes: the offer is void');
    const now = clock();
    if (offer.txCode !== undefined && grant.txCode !== undefined && grant.txCode !== offer.txCode) {
      const attempts = await store.countFailedAttempt(grant.preAuthorizedCode);
      throw protocolError(Oauth2ErrorCodes.InvalidGrant, attempts >= maxAttempts ? 'wrong transaction code; the offer is now void' : 'wrong transaction code');
    }
    const verified = await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
      authorizationServerMetadata,
      grant,
      accessTokenRequest,
      request: requestLike,
      expectedPreAuthorizedCode: offer.preAuthorizedCode,
      ...(offer.txCode !== undefined ? { expectedTxCode: offer.txCode } : {}),
      preAuthorizedCodeExpiresAt: new Date(offer.expiresAt),
      now,
      ...(dpop ? { dpop: { jwt: dpop.jwt, required: false } } : {}),
    });
    // Burnt only now, so a wrong code does not spend the offer; the store makes it atomic.
    if (!(await store.redeemOffer(offer.preAuthorizedCode))) throw protocolError(Oauth2ErrorCodes.InvalidGrant, 'the pre-authorized code has been used');
    const response = await authorizationServer.createAccessTokenResponse({
      authorizationServer: baseUrl,
      audience: baseUrl,
      subject: `offer:${createHash('sha256').update(offer.preAuthorizedCode).digest('base64url')}`,
      expiresInSeconds: tokenTtl,
      signer: { method: 'jwk', alg: 'EdDSA', publicJwk: tokenJwk },
      now,
      ...(verified.dpop ? { dpop: { jwk: verified.dpop.jwk } } : {}),
      // The code is already spent, and the wallet knows it: the token names its offer by it.
      additionalAccessTokenPayload: { jti: randomUUID(), offer_code: offer.preAuthorizedCode },
    });
    return respond(200, response);
  }

  async function nonce(): Promise<ExchangeResponse> {
    const value = randomBytes(24).toString('base64url');
    await store.saveNonce(value, clock().getTime() + tokenTtl * 1000);
    return respond(200, openid4vci.createNonceResponse({ cNonce: value, cNonceExpiresIn: tokenTtl }));
  }

  async function credential(request: ExchangeRequest): Promise<ExchangeResponse> {
    const requestLike = { headers: headersOf(request), method: 'POST' as const, url: request.url };
    let tokenPayload: Record<string, unknown>;
    try {
      ({ tokenPayload } = (await resourceServer.verifyResourceRequest({ request: requestLike, resourceServer: baseUrl, authorizationServers: [authorizationServerMetadata], now: clock() })) as { tokenPayload: Record<string, unknown> });
    } catch (error) {
      if (error instanceof Oauth2ResourceUnauthorizedError) return respond(401, { error: Oauth2ErrorCodes.InvalidToken, error_description: 'a valid access token is required' }, { 'www-authenticate': error.toHeaderValue() });
      throw error;
    }
    const offerCode = tokenPayload.offer_code;
    const tokenId = tokenPayload.jti;
    if (typeof offerCode !== 'string' || typeof tokenId !== 'string') return respond(401, { error: Oauth2ErrorCodes.InvalidToken, error_description: 'not an access token of this issuer' });
    const parsed = openid4vci.parseCredentialRequest({ issuerMetadata, credentialRequest: bodyOf(request) });
    const proof = parsed.proofs?.jwt?.[0];
    if (!proof) throw protocolError(Oauth2ErrorCodes.InvalidProof, 'a jwt proof of possession is required');
    let nonceValue: unknown;
    try {
      nonceValue = decodeJwt(proof).nonce;
    } catch {
      throw protocolError(Oauth2ErrorCodes.InvalidProof, 'the proof is not a JWT');
    }
    const nonceExpiresAt = typeof nonceValue === 'string' ? await store.takeNonce(nonceValue) : undefined;
    if (nonceExpiresAt === undefined) throw protocolError(Oauth2ErrorCodes.InvalidNonce, 'the proof does not carry a fresh nonce from this issuer');
    let holder: string;
    try {
      const verified = await openid4vci.verifyCredentialRequestJwtProof({ issuerMetadata, jwt: proof, expectedNonce: nonceValue as string, nonceExpiresAt: new Date(nonceExpiresAt), now: clock() });
      const jwk = holderKeyOf(verified.signer as { method: string; didUrl?: string; publicJwk?: Jwk });
      if (!jwk) throw new Error('the proof names no did:key or JWK');
      holder = getDidKeyOfJwk(jwk);
    } catch (error) {
      if (error instanceof Oauth2ServerErrorResponseError) throw error;
      throw protocolError(Oauth2ErrorCodes.InvalidProof, `the proof of possession does not verify: ${(error as Error).message}`);
    }
    // Find the offer the token was issued for, and spend the token, only now that the proof holds.
    const offer = await store.getOffer(offerCode);
    if (!offer) return respond(401, { error: Oauth2ErrorCodes.InvalidToken, error_description: 'the offer of this token is gone' });
    const configuration = parsed.credentialConfigurationId ?? parsed.credentialIdentifier;
    if (configuration !== offer.credentialConfigurationId) throw protocolError('unknown_credential_configuration', `this token is for ${offer.credentialConfigurationId}, not ${String(configuration)}`);
    if (!(await store.useAccessToken(tokenId, clock().getTime() + tokenTtl * 1000))) return respond(401, { error: Oauth2ErrorCodes.InvalidToken, error_description: 'this access token has been used' });
    const request_ = { ...offer.credential, subject: { id: holder } } as Parameters<typeof issueCredential>[0];
    const common = { key: options.key, now: clock(), ...(options.issuer ? { issuer: options.issuer } : {}), ...(options.registry ? { registry: options.registry } : {}) };
    const issued = offer.credentialConfigurationId === CREDENTIAL_CONFIGURATIONS.jwt ? await issueCredentialJwt(request_, common) : await issueCredential(request_, common);
    return respond(200, openid4vci.createCredentialResponse({ credentialRequest: parsed, credentials: [{ credential: issued as never }] }));
  }

  return {
    metadata: credentialIssuerMetadata as unknown as Record<string, unknown>,
    async createOffer(offered, offerOptions = {}) {
      const format = offerOptions.format ?? 'ldp_vc';
      if (format !== 'ldp_vc' && format !== 'jwt_vc_json') throw new CarepassError('INVALID_ARGUMENT', `format must be ldp_vc or jwt_vc_json, not ${JSON.stringify(format)}`);
      const txCode = offerOptions.txCode === false ? undefined : (offerOptions.txCode ?? String(randomInt(0, 1_000_000)).padStart(6, '0'));
      if (txCode !== undefined && !/^\d{4,12}$/u.test(txCode)) throw new CarepassError('INVALID_ARGUMENT', 'txCode must be 4 to 12 digits');
      const credentialConfigurationId = format === 'jwt_vc_json' ? CREDENTIAL_CONFIGURATIONS.jwt : CREDENTIAL_CONFIGURATIONS.ldp;
      const preAuthorizedCode = randomBytes(32).toString('base64url');
      const { credentialOffer, credentialOfferObject } = await openid4vci.createCredentialOffer({
        issuerMetadata,
        credentialConfigurationIds: [credentialConfigurationId],
        grants: {
          [preAuthorizedCodeGrantIdentifier]: {
            'pre-authorized_code': preAuthorizedCode,
            ...(txCode !== undefined ? { tx_code: { input_mode: 'numeric' as const, length: txCode.length, description: offerOptions.txCodeDescription ?? 'Sent to you by your employer' } } : {}),
          },
        },
      });
      const expiresAt = clock().getTime() + offerTtl;
      await store.saveOffer({ preAuthorizedCode, ...(txCode !== undefined ? { txCode } : {}), expiresAt, credentialConfigurationId, credential: offered, failedAttempts: 0, redeemed: false });
      return { uri: credentialOffer, offer: credentialOfferObject as unknown as Record<string, unknown>, ...(txCode !== undefined ? { txCode } : {}), expiresAt: new Date(expiresAt).toISOString(), qrSvg: await renderQrCode(credentialOffer, { format: 'svg' }) };
    },
    async handle(request) {
      const path = pathOf(request);
      if (path === undefined) return undefined;
      const basePath = base.pathname.replace(/\/+$/u, '');
      const method = request.method.toUpperCase();
      try {
        if (method === 'GET' && path === `${basePath}/.well-known/openid-credential-issuer`) return respond(200, credentialIssuerMetadata);
        if (method === 'GET' && (path === `${basePath}/.well-known/oauth-authorization-server` || path === `/.well-known/oauth-authorization-server${basePath}`)) return respond(200, authorizationServerMetadata);
        if (method === 'GET' && path === `${basePath}/jwks`) return respond(200, { keys: [tokenJwk] });
        if (method === 'POST' && path === `${basePath}/token`) return await token(request);
        if (method === 'POST' && path === `${basePath}/nonce`) return await nonce();
        if (method === 'POST' && path === `${basePath}/credential`) return await credential(request);
        return undefined;
      } catch (error) {
        if (error instanceof Oauth2ServerErrorResponseError) return respond(error.status ?? 400, error.errorResponse);
        if (error instanceof CarepassError) return respond(400, { error: Oauth2ErrorCodes.InvalidRequest, error_description: error.message });
        // The libraries' own validation errors are bad requests, never a stack trace.
        return respond(400, { error: Oauth2ErrorCodes.InvalidRequest, error_description: (error as Error).message.split('\n')[0] });
      }
    },
  };
}
