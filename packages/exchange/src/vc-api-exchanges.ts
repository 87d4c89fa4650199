// The VC API's exchanges (W3C CCG VC API, "Exchanges"), the protocol Learner Credential Wallet
// speaks: the wallet POSTs to an exchange URL, gets a Verifiable Presentation Request, and answers
// with a presentation; exchanges live in a store (in memory by default). For issuance the request is DID Authentication (a presentation signed by the
// holder for the exchange's challenge and domain) and the answer carries the credential, issued to
// that DID; for presentation the request asks for Open Badges credentials by example and the
// outcome is a recognition report. Each exchange is completed once.
import { randomBytes } from 'node:crypto';
import { createPresentation, type IssuerKey, type IssuerProfileInput, issueCredential, summariseCredential, VC_V2_CONTEXT } from '@carepass/credentials';
import type { FrameworkRegistry } from '@carepass/frameworks';
import { bodyOf, endpointUrl, type ExchangeRequest, type ExchangeResponse, pathOf, respond } from './http.js';
import type { PresentationOutcome } from './presentation.js';
import type { OfferedCredential } from './store.js';
import { assessPresented, createEngineCache, type PresentationCheckOptions, verifyWorkerPresentation } from './recognition.js';

/** One exchange, as the store keeps it. */
export interface StoredVcApiExchange {
  /** The exchange id, the last segment of its URL. */
  id: string;
  /** What it does: issue a credential, or ask for credentials. */
  kind: 'issuance' | 'presentation';
  /** The challenge the wallet's presentation must carry. */
  challenge: string;
  /** When it closes, in milliseconds since the epoch. */
  expiresAt: number;
  /** What an issuance exchange issues. */
  credential?: OfferedCredential;
  /** The framework a presentation exchange assesses against. */
  target?: string;
  /** Whether a wallet has completed it. */
  completed: boolean;
  /** What it came to. */
  outcome: PresentationOutcome | { status: 'issued'; holder: string; credentialId: string } | { status: 'pending'; expiresAt: string };
}

/** Where exchanges are kept. `complete` must be atomic: an exchange is completed once. */
export interface VcApiExchangeStore {
  save(exchange: StoredVcApiExchange): Promise<void>;
  get(id: string): Promise<StoredVcApiExchange | undefined>;
  /** Marks an exchange completed if it was not: true for the one caller that did it (atomic). */
  complete(id: string): Promise<boolean>;
  saveOutcome(id: string, outcome: StoredVcApiExchange['outcome']): Promise<void>;
}

/** An in-memory {@link VcApiExchangeStore}, for one process. */
export function createMemoryVcApiExchangeStore(): VcApiExchangeStore {
  const exchanges = new Map<string, StoredVcApiExchange>();
  return {
    async save(exchange) {
      exchanges.set(exchange.id, structuredClone(exchange));
    },
    async get(id) {
      const exchange = exchanges.get(id);
      return exchange ? structuredClone(exchange) : undefined;
    },
    async complete(id) {
      const exchange = exchanges.get(id);
      if (!exchange || exchange.completed) return false;
      exchange.completed = true;
      return true;
    },
    async saveOutcome(id, outcome) {
      const exchange = exchanges.get(id);
      if (exchange) exchange.outcome = outcome;
    },
  };
}

/** Options for {@link createVcApiExchanges}. */
export interface CreateVcApiExchangesOptions {
  /** The base URL the exchanges live under, e.g. `https://lms.example/exchanges` (https). */
  baseUrl: string;
  /** The key credentials are issued with (issuance exchanges). */
  key?: IssuerKey;
  /** The issuer's public profile. */
  issuer?: IssuerProfileInput;
  /** The default framework presentation exchanges assess against. */
  target?: string;
  /** Verification of presented credentials: status, trust, loader; or a function giving them afresh. */
  verify?: PresentationCheckOptions | (() => Promise<PresentationCheckOptions>);
  /** Frameworks; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** Where exchanges are kept; default in memory (one process). */
  store?: VcApiExchangeStore;
  /** How long an exchange stays open, in seconds; default 600. */
  ttlSeconds?: number;
  /** The clock; default now. */
  now?: () => Date;
  /** Allow an `http://` base URL, for tests on 127.0.0.1. */
  allowInsecureUrls?: boolean;
}

/** The VC API exchanges of an LMS (issuance) or employer (presentation). */
export interface VcApiExchanges {
  /** Opens an exchange that issues one credential to the wallet's DID; `exchangeUrl` is what the wallet POSTs to (`protocols.vcapi`). */
  createIssuanceExchange(credential: OfferedCredential): Promise<{ id: string; exchangeUrl: string; expiresAt: string }>;
  /** Opens an exchange that asks the wallet for the worker's Open Badges credentials. */
  createPresentationExchange(options?: { target?: string }): Promise<{ id: string; exchangeUrl: string; expiresAt: string }>;
  /** Answers a wallet's POST to an exchange URL; undefined for any other request. Never throws. */
  handle(request: ExchangeRequest): Promise<ExchangeResponse | undefined>;
  /** What an exchange came to. */
  outcome(id: string): Promise<StoredVcApiExchange['outcome'] | undefined>;
}

const problem = (status: 400 | 404 | 410, title: string, detail: string): ExchangeResponse => respond(status, { type: `https://w3id.org/carepass/problems/${title.toLowerCase().replace(/\s+/gu, '-')}`, title, status, detail }, { 'content-type': 'application/problem+json' });

/**
 * Creates VC API exchanges (the protocol of Learner Credential Wallet): issuance by DID
 * Authentication, and presentation of Open Badges credentials by example, answered with a
 * recognition report. A wallet that POSTs `{}` gets the Verifiable Presentation Request; one that
 * POSTs `{ verifiablePresentation }` completes the exchange, once.
 *
 * @throws CarepassError `INVALID_ARGUMENT` for a base URL that is not https (unless `allowInsecureUrls`).
 */
export function createVcApiExchanges(options: CreateVcApiExchangesOptions): VcApiExchanges {
  const base = endpointUrl(options.baseUrl, 'baseUrl', options.allowInsecureUrls);
  const baseUrl = options.baseUrl.replace(/\/+$/u, '');
  const domain = base.origin;
  const clock = options.now ?? (() => new Date());
  const ttl = (options.ttlSeconds ?? 600) * 1000;
  const store = options.store ?? createMemoryVcApiExchangeStore();
  const engineFor = createEngineCache(options.registry);
  const defaultTarget = options.target ?? 'care-certificate@2025';
  const checks = async (): Promise<PresentationCheckOptions> => (typeof options.verify === 'function' ? options.verify() : (options.verify ?? {}));

  const open = async (exchange: Omit<StoredVcApiExchange, 'id' | 'challenge' | 'expiresAt' | 'completed' | 'outcome'>) => {
    const id = randomBytes(16).toString('base64url');
    const expiresAt = clock().getTime() + ttl;
    await store.save({ ...exchange, id, challenge: randomBytes(24).toString('base64url'), expiresAt, completed: false, outcome: { status: 'pending', expiresAt: new Date(expiresAt).toISOString() } });
    return { id, exchangeUrl: `${baseUrl}/${id}`, expiresAt: new Date(expiresAt).toISOString() };
  };

  const requestFor = (exchange: StoredVcApiExchange) => ({
    verifiablePresentationRequest: {
      query:
        exchange.kind === 'issuance'
          ? [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }, { method: 'web' }] }]
          : [{ type: 'QueryByExample', credentialQuery: [{ reason: 'Your training credentials, to recognise what you have already done', example: { '@context': [VC_V2_CONTEXT], type: 'OpenBadgeCredential' } }] }],
      challenge: exchange.challenge,
      domain,
      interact: { service: [{ type: 'UnmediatedHttpPresentationService2021', serviceEndpoint: `${baseUrl}/${exchange.id}` }] },
    },
  });

  async function complete(exchange: StoredVcApiExchange, presentation: unknown): Promise<ExchangeResponse> {
    const verifyOptions = await checks();
    const checked = await verifyWorkerPresentation(presentation, { challenge: exchange.challenge, domain, verify: verifyOptions, now: clock() });
    const { result } = checked;
    if ('reason' in checked) {
      if (exchange.kind === 'presentation') await store.saveOutcome(exchange.id, { status: 'refused', reason: checked.reason, presentation: result });
      return problem(400, 'Presentation refused', checked.reason);
    }
    const { holder } = checked;
    if (exchange.kind === 'issuance') {
      if (!options.key) return problem(400, 'Not an issuer', 'this service has no issuing key');
      const credential = await issueCredential({ ...exchange.credential, subject: { id: holder } } as Parameters<typeof issueCredential>[0], { key: options.key, now: clock(), ...(options.issuer ? { issuer: options.issuer } : {}), ...(options.registry ? { registry: options.registry } : {}) });
      await store.saveOutcome(exchange.id, { status: 'issued', holder, credentialId: String(credential.id) });
      return respond(200, { verifiablePresentation: { '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'], verifiableCredential: [credential] } });
    }
    const documents = result.credentials.map((credential) => credential.document);
    if (documents.length === 0 || documents.some((document) => !summariseCredential(document).types.includes('OpenBadgeCredential'))) {
      const reason = 'the credentials presented do not answer the query (Open Badges credentials were asked for)';
      await store.saveOutcome(exchange.id, { status: 'refused', reason, presentation: result });
      return problem(400, 'Presentation refused', reason);
    }
    const report = await assessPresented(engineFor(exchange.target ?? defaultTarget), [presentation], { verify: verifyOptions, now: clock() });
    await store.saveOutcome(exchange.id, { status: 'verified', holder, report, presentation: result });
    return respond(200, {});
  }

  return {
    async createIssuanceExchange(credential) {
      return open({ kind: 'issuance', credential });
    },
    async createPresentationExchange(presentationOptions = {}) {
      const target = presentationOptions.target ?? defaultTarget;
      engineFor(target);
      return open({ kind: 'presentation', target });
    },
    async handle(request) {
      const path = pathOf(request);
      if (request.method.toUpperCase() !== 'POST' || path === undefined || !path.startsWith(`${base.pathname.replace(/\/+$/u, '')}/`)) return undefined;
      const exchange = await store.get(path.slice(base.pathname.replace(/\/+$/u, '').length + 1));
      if (!exchange) return problem(404, 'Not found', 'no such exchange');
      try {
        if (exchange.completed) return problem(410, 'Exchange completed', 'this exchange has been completed');
        if (clock().getTime() > exchange.expiresAt) return problem(410, 'Exchange expired', 'this exchange has expired');
        const body = bodyOf(request);
        if (body.verifiablePresentation === undefined) return respond(200, requestFor(exchange));
        // Completed once: a second answer, even a valid one, is refused (atomic in the store).
        if (!(await store.complete(exchange.id))) return problem(410, 'Exchange completed', 'this exchange has been completed');
        return await complete(exchange, body.verifiablePresentation);
      } catch (error) {
        return problem(400, 'Bad request', (error as Error).message.split('\n')[0] ?? 'bad request');
      }
    },
    async outcome(id) {
      return (await store.get(id))?.outcome;
    },
  };
}

/** Options for {@link participateInExchange}. */
export interface ParticipateInExchangeOptions {
  /** The exchange URL (`protocols.vcapi`). */
  exchangeUrl: string;
  /** The worker's key: it authenticates as its DID, and signs the presentation. */
  key: IssuerKey;
  /** Credentials to present when the exchange asks for them. */
  credentials?: readonly object[];
  /** How to reach the exchange: required, since the library never fetches on its own. */
  fetch: typeof globalThis.fetch;
}

/**
 * The wallet side of a VC API exchange, as a minimal reference: POSTs `{}`, answers the
 * Verifiable Presentation Request with a presentation for its challenge and domain (the credentials
 * when it asks by example, none for DID Authentication), and returns the exchange's final answer
 * (for issuance, a presentation holding the credential).
 */
export async function participateInExchange(options: ParticipateInExchangeOptions): Promise<{ ok: boolean; status: number; body: Record<string, unknown> }> {
  const post = async (body: unknown) => {
    const response = await options.fetch(options.exchangeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { ok: response.ok, status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const first = await post({});
  const request = first.body.verifiablePresentationRequest as { query?: { type?: string }[]; challenge?: string; domain?: string } | undefined;
  if (!first.ok || !request?.challenge || !request.domain) return first;
  const byExample = [request.query ?? []].flat().some((query) => query.type === 'QueryByExample');
  const presentation = await createPresentation(byExample ? [...(options.credentials ?? [])] : [], { key: options.key, challenge: request.challenge, domain: request.domain });
  return post({ verifiablePresentation: presentation });
}
