/**
 * Hand Carepass credentials to a worker's wallet with OpenID for Verifiable Credential Issuance 1.0
 * (pre-authorized code flow with a transaction code). The handlers are plain request-in,
 * response-out functions, so any HTTP server (node:http, Express, Fastify, Hono) can mount them.
 *
 * @example
 * ```ts
 * import { createCredentialIssuer } from '@carepass/exchange';
 *
 * const issuer = await createCredentialIssuer({ baseUrl: 'https://lms.example/oid4vci', key });
 * const { uri, txCode } = await issuer.createOffer({ competency: 'care-certificate@2025#12' });
 * // in your server: const response = await issuer.handle({ method, url, headers, body });
 * ```
 *
 * @packageDocumentation
 */
export { createCredentialIssuer, CREDENTIAL_CONFIGURATIONS } from './issuance.js';
export type { CreateCredentialIssuerOptions, CreateOfferOptions, CredentialIssuer, CredentialOfferResult, ExchangeRequest, ExchangeResponse } from './issuance.js';
export { createMemoryExchangeStore } from './store.js';
export { renderQrCode } from './qr.js';
export { createMemoryPresentationStore, createPresentationVerifier, TRAINING_QUERY_ID } from './presentation.js';
export type { PresentationCheckOptions } from './recognition.js';
export type { CreatePresentationVerifierOptions, PresentationOutcome, PresentationStore, PresentationVerifier, StoredPresentationRequest } from './presentation.js';
export type { ExchangeStore, OfferedCredential, StoredOffer } from './store.js';
export { answerPresentationRequest, receiveCredentialOffer } from './holder.js';
export type { AnswerPresentationRequestOptions, AnswerPresentationRequestResult, ReceiveCredentialOfferOptions, ReceiveCredentialOfferResult } from './holder.js';
export { createMemoryVcApiExchangeStore, createVcApiExchanges, participateInExchange } from './vc-api-exchanges.js';
export type { CreateVcApiExchangesOptions, ParticipateInExchangeOptions, StoredVcApiExchange, VcApiExchanges, VcApiExchangeStore } from './vc-api-exchanges.js';
