// OpenID for Verifiable Presentations 1.0, verifier side: a new employer asks the worker's wallet
// for their training credentials with a DCQL query (response_mode direct_post), verifies the
// presentation (challenge = the request's nonce, domain = the client id, holder binding) and each
// credential in it, and answers with a recognition report against the employer's target framework.
// On @openid4vc/openid4vp (request and response handling) and dcql (query matching).
import { randomBytes } from 'node:crypto';
import { hash } from './callbacks.js';
import { summariseCredential, type VerifyPresentationResult } from '@carepass/credentials';
import type { FrameworkRegistry } from '@carepass/frameworks';
import type { RecognitionReport } from '@carepass/portability';
import { assessPresented, createEngineCache, type PresentationCheckOptions, verifyWorkerPresentation } from './recognition.js';
import { getOpenid4vpClientId, Openid4vpVerifier } from '@openid4vc/openid4vp';
import { DcqlPresentationResult, DcqlQuery } from 'dcql';
import { bodyOf, endpointUrl, pathOf, type ExchangeRequest, type ExchangeResponse, respond } from './http.js';
import { renderQrCode } from './qr.js';

/** The DCQL credential query id Carepass asks for. */
export const TRAINING_QUERY_ID = 'care_training';

// DCQL compares fully expanded type IRIs (OpenID4VP 1.0, W3C formats): the Open Badges types as
// the bundled contexts define them, with the compact names as an alternative for lenient wallets.
const OB_VOCAB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
const TYPE_IRIS: Record<string, string> = {
  VerifiableCredential: 'https://www.w3.org/2018/credentials#VerifiableCredential',
  OpenBadgeCredential: `${OB_VOCAB}OpenBadgeCredential`,
  AchievementCredential: `${OB_VOCAB}OpenBadgeCredential`,
};
const expandTypes = (types: readonly string[]): string[] => [...new Set(types.flatMap((type) => (TYPE_IRIS[type] ? [type, TYPE_IRIS[type] as string] : [type])))];

/** What the employer learns from one request: pending until the wallet answers. */
export type PresentationOutcome =
  | { status: 'pending'; expiresAt: string }
  | { status: 'verified'; holder: string; report: RecognitionReport; presentation: VerifyPresentationResult }
  | { status: 'refused'; reason: string; presentation?: VerifyPresentationResult };

/** One request, as the store keeps it. */
export interface StoredPresentationRequest {
  state: string;
  nonce: string;
  expiresAt: number;
  /** The request as sent (the response is checked against it). */
  request: Record<string, unknown>;
  /** The framework the answer is assessed against. */
  target: string;
  outcome: PresentationOutcome;
}

/** Where requests and their outcomes are kept. `takeRequest` must be atomic: a response is accepted once. */
export interface PresentationStore {
  saveRequest(request: StoredPresentationRequest): Promise<void>;
  /** The request of a state if it is still awaiting its response, marking it answered (atomic); undefined otherwise. */
  takeRequest(state: string): Promise<StoredPresentationRequest | undefined>;
  /** Records the outcome of a request. */
  saveOutcome(state: string, outcome: PresentationOutcome): Promise<void>;
  /** The outcome of a request, if the state is known. */
  getOutcome(state: string): Promise<PresentationOutcome | undefined>;
}

/** An in-memory {@link PresentationStore}, for one process. */
export function createMemoryPresentationStore(): PresentationStore {
  const requests = new Map<string, StoredPresentationRequest & { answered: boolean }>();
  return {
    async saveRequest(request) {
      requests.set(request.state, { ...structuredClone(request), answered: false });
    },
    async takeRequest(state) {
      const stored = requests.get(state);
      if (!stored || stored.answered) return undefined;
      stored.answered = true;
      return structuredClone(stored);
    },
    async saveOutcome(state, outcome) {
      const stored = requests.get(state);
      if (stored) stored.outcome = outcome;
    },
    async getOutcome(state) {
      return requests.get(state)?.outcome;
    },
  };
}

/** Options for {@link createPresentationVerifier}. */
export interface CreatePresentationVerifierOptions {
  /** Where wallets post their answers (`direct_post`); the client id is `redirect_uri:<responseUrl>`. https. */
  responseUrl: string;
  /** The framework the credentials are assessed against, e.g. `care-certificate@2025`; a request may name another. */
  target: string;
  /** The employer's name, shown by wallets. */
  clientName?: string;
  /**
   * Verification of the credentials: status lists, trust registries, document loader (as for
   * `verifyCredential`), or a function giving them afresh for each answer (status lists change).
   */
  verify?: PresentationCheckOptions | (() => Promise<PresentationCheckOptions>);
  /** Frameworks; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** Where requests and outcomes live; default in memory. */
  store?: PresentationStore;
  /** How long a request may be answered, in seconds; default 600. */
  requestTtlSeconds?: number;
  /** The clock; default now. */
  now?: () => Date;
  /** Allow an `http://` response URL, for tests on 127.0.0.1 (process-wide in @openid4vc): never in production. */
  allowInsecureUrls?: boolean;
}

/** The verifier side of OpenID4VP: requests, the direct_post handler, and outcomes. */
export interface PresentationVerifier {
  /** The client id wallets see: `redirect_uri:<responseUrl>`, also the `domain` the presentation must carry. */
  clientId: string;
  /** Creates a request for the worker's training credentials (assessed against `target`, default the verifier's): an `openid4vp://` URI, its QR code, and the state to poll. */
  createRequest(options?: { target?: string }): Promise<{ uri: string; state: string; qrSvg: string; expiresAt: string }>;
  /** Answers the wallet's `direct_post` at the response URL; undefined for any other request. Never throws. */
  handle(request: ExchangeRequest): Promise<ExchangeResponse | undefined>;
  /** What a request came to, by its state. */
  outcome(state: string): Promise<PresentationOutcome | undefined>;
}

const invalid = (description: string): ExchangeResponse => respond(400, { error: 'invalid_request', error_description: description });

/**
 * Creates the verifier side of OpenID4VP 1.0 for an employer: a DCQL request for Open Badges
 * credentials (`ldp_vc`), answered by `direct_post`. Each answer is accepted once; the presentation
 * must be signed by its holder for this request's nonce and client id, every credential must
 * verify and be the holder's, and the query must be satisfied. The outcome is a recognition report
 * against `target`; a refusal is the protocol's error response to the wallet and a `refused`
 * outcome, with the reason, for the employer.
 *
 * @throws CarepassError `INVALID_ARGUMENT` for a response URL that is not https (unless `allowInsecureUrls`).
 */
export function createPresentationVerifier(options: CreatePresentationVerifierOptions): PresentationVerifier {
  const url = endpointUrl(options.responseUrl, 'responseUrl', options.allowInsecureUrls);
  const engineFor = createEngineCache(options.registry);
  engineFor(options.target);
  const checkOptions = async (): Promise<PresentationCheckOptions> => (typeof options.verify === 'function' ? options.verify() : (options.verify ?? {}));
  const store = options.store ?? createMemoryPresentationStore();
  const clock = options.now ?? (() => new Date());
  const ttl = (options.requestTtlSeconds ?? 600) * 1000;
  const clientId = `redirect_uri:${options.responseUrl}`;
  const notUsed = (name: string) => async () => {
    throw new Error(`${name} is not used: requests go by value and answers by plain direct_post`);
  };
  const callbacks = {
    hash,
    signJwt: notUsed('signJwt'),
    verifyJwt: notUsed('verifyJwt'),
    encryptJwe: notUsed('encryptJwe'),
    decryptJwe: notUsed('decryptJwe'),
  };
  const verifier = new Openid4vpVerifier({ callbacks: callbacks as never });
  const dcqlQuery = {
    // `multiple`: a worker has many training credentials, in one presentation or several.
    credentials: [{ id: TRAINING_QUERY_ID, format: 'ldp_vc' as const, multiple: true, meta: { type_values: [[TYPE_IRIS.OpenBadgeCredential as string], ['OpenBadgeCredential']] } }],
  };
  const parsedQuery = DcqlQuery.parse(dcqlQuery);
  DcqlQuery.validate(parsedQuery);

  async function answer(request: ExchangeRequest): Promise<ExchangeResponse> {
    const body = bodyOf(request);
    const state = typeof body.state === 'string' ? body.state : undefined;
    if (!state) return invalid('the answer has no state');
    const stored = await store.takeRequest(state);
    if (!stored) return invalid('unknown state, or this request has been answered already');
    const refuse = async (reason: string, presentation?: VerifyPresentationResult) => {
      await store.saveOutcome(state, { status: 'refused', reason, ...(presentation ? { presentation } : {}) });
      return invalid(reason);
    };
    if (clock().getTime() > stored.expiresAt) return refuse('the request has expired');
    let parsed: Awaited<ReturnType<typeof verifier.parseOpenid4vpAuthorizationResponse>>;
    try {
      parsed = await verifier.parseOpenid4vpAuthorizationResponse({ authorizationResponse: body, authorizationRequestPayload: stored.request as never, callbacks: callbacks as never });
    } catch (error) {
      return refuse(`the answer is not a valid OpenID4VP response: ${(error as Error).message.split('\n')[0]}`);
    }
    if (parsed.type !== 'dcql') return refuse('the answer is not a DCQL vp_token');
    const { effectiveClientId } = getOpenid4vpClientId({ clientId: stored.request.client_id as string, responseMode: stored.request.response_mode });
    const entries = Object.entries(parsed.dcql.presentations);
    const unknown = entries.find(([id]) => id !== TRAINING_QUERY_ID);
    if (unknown) return refuse(`the vp_token answers a query that was not asked: ${unknown[0]}`);
    const presentations = entries.flatMap(([, list]) => list);
    if (presentations.length === 0) return refuse('the answer holds no presentation');
    // Every presentation must be signed by the holder for this request, and all by the same holder.
    const results: VerifyPresentationResult[] = [];
    const verifyOptions = await checkOptions();
    for (const presentation of presentations) {
      const checked = await verifyWorkerPresentation(presentation, { challenge: parsed.expectedNonce, domain: effectiveClientId, verify: verifyOptions, now: clock() });
      if ('reason' in checked) return refuse(checked.reason, checked.result);
      results.push(checked.result);
    }
    const holders = new Set(results.map((result) => result.holder));
    if (holders.size !== 1) return refuse('the presentations are by different holders');
    const documents = results.flatMap((result) => result.credentials.map((credential) => credential.document));
    const matched = DcqlPresentationResult.fromDcqlPresentation(
      { [TRAINING_QUERY_ID]: documents.map((document) => ({ credential_format: 'ldp_vc' as const, type: expandTypes(summariseCredential(document).types), claims: document as never, cryptographic_holder_binding: true })) as never },
      { dcqlQuery: parsedQuery },
    );
    if (!matched.can_be_satisfied) return refuse('the credentials presented do not answer the query (Open Badges credentials were asked for)', results[0]);
    const report = await assessPresented(engineFor(stored.target), presentations, { verify: verifyOptions, now: clock() });
    const presentation = results[0] as VerifyPresentationResult;
    await store.saveOutcome(state, { status: 'verified', holder: presentation.holder as string, report, presentation });
    return respond(200, {});
  }

  return {
    clientId,
    async createRequest(requestOptions = {}) {
      const target = requestOptions.target ?? options.target;
      engineFor(target);
      const state = randomBytes(16).toString('base64url');
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = clock().getTime() + ttl;
      const { authorizationRequest, authorizationRequestPayload } = await verifier.createOpenId4vpAuthorizationRequest({
        authorizationRequestPayload: {
          response_type: 'vp_token',
          client_id: clientId,
          response_uri: options.responseUrl,
          response_mode: 'direct_post',
          nonce,
          state,
          dcql_query: dcqlQuery,
          client_metadata: { client_name: options.clientName ?? 'Carepass verifier', vp_formats_supported: { ldp_vc: { proof_type_values: ['DataIntegrityProof'], cryptosuite_values: ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] } } },
        } as never,
      });
      await store.saveRequest({ state, nonce, expiresAt, target, request: authorizationRequestPayload as unknown as Record<string, unknown>, outcome: { status: 'pending', expiresAt: new Date(expiresAt).toISOString() } });
      return { uri: authorizationRequest, state, qrSvg: await renderQrCode(authorizationRequest, { format: 'svg' }), expiresAt: new Date(expiresAt).toISOString() };
    },
    async handle(request) {
      const path = pathOf(request);
      if (path === undefined) return undefined;
      if (request.method.toUpperCase() !== 'POST' || path !== url.pathname) return undefined;
      try {
        return await answer(request);
      } catch (error) {
        return invalid((error as Error).message.split('\n')[0] ?? 'bad request');
      }
    },
    outcome: (state) => store.getOutcome(state),
  };
}
