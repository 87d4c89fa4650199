// The HTTP service: W3C VC API endpoints (issue, verify, status, status lists, presentations) and
// a recognition endpoint, over Carepass. Every error is RFC 9457 problem details; nothing leaks a
// stack trace.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  allocateStatusIndex,
  checkCredentialDataModel,
  createStatusChecker,
  createStatusListState,
  type ExtraCheck,
  type IssuerKey,
  issueCredential,
  type IssueCredentialRequest,
  issueStatusListCredentials,
  setCredentialStatus,
  signCredential,
  type StatusPurpose,
  createStatusEntries,
  createStatusListResolver,
  verifyCredential,
  verifyPresentation,
} from '@carepass/credentials';
import { builtInRegistry, type FrameworkRegistry, isCarepassError, isJsonObject as isObject, type JsonObject } from '@carepass/frameworks';
import { assessCredentials, createRecognitionEngine, type RecognitionEngine, type RecognitionPolicyInput } from '@carepass/portability';
import { AuthError, SCOPES, type TokenIssuer, type TokenVerifier } from './auth.js';
import type { ServiceStore } from './store.js';
import { Problem, PROBLEM_BASE, problemResponse, readBody, requestedAchievement } from './http.js';
import { mountOid4vci } from './oid4vci.js';
import { mountOid4vp } from './oid4vp.js';
import { mountWalletPage } from './wallet-page.js';
import { mountVcApiExchanges } from './vc-api-exchanges.js';

/** Options for {@link createService}. */
export interface ServiceOptions {
  store: ServiceStore;
  issuerKey: IssuerKey;
  issuerName?: string;
  /** The public URL of this service, e.g. `https://credentials.example`; status lists live under it. */
  baseUrl: string;
  registry?: FrameworkRegistry;
  /** Checks issuer trust on verification and recognition, when given. */
  checkTrust?: ExtraCheck;
  /** Largest request body, in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Refuse a credential whose status cannot be had (another issuer's list, which this offline
   * service does not fetch, or a status type it does not understand). Default false: such a
   * status is reported as not checked, as a generic VC API verifier does; this service's own lists
   * are always checked.
   */
  statusFailClosed?: boolean;
  /**
   * OAuth 2.0 on the endpoints that issue credentials, change their status or publish lists: a
   * bearer token with the scope (`SCOPES`), checked by `verifier`; `tokenIssuer` also serves the
   * built-in token endpoint (`POST /oauth2/token`) and its keys (`GET /oauth2/jwks`). Without it
   * those endpoints are open: only for tests and for embedding behind your own gateway.
   */
  auth?: { verifier: TokenVerifier; tokenIssuer?: TokenIssuer };
  /** Most requests one client address may make per window; default none. */
  rateLimit?: { requests: number; windowSeconds: number };
}


function requireObject(body: JsonObject, field: string): JsonObject {
  const value = body[field];
  if (!isObject(value)) throw new Problem(400, 'malformed-request', 'Malformed request', `"${field}" is required and must be a JSON object`, { errors: [{ path: `$.${field}`, message: 'required object' }] });
  return value;
}

// Carepass error codes that mean "the request was understood but cannot be done" (422).
const UNPROCESSABLE = new Set(['INVALID_ARGUMENT', 'REFERENCE_INVALID', 'FRAMEWORK_NOT_FOUND', 'COMPETENCY_NOT_FOUND', 'CREDENTIAL_INVALID', 'SIGNING_FAILED', 'CONTEXT_NOT_FOUND', 'DID_NOT_RESOLVED']);

/** Builds the service; serve its `fetch` with any Fetch-API server (e.g. `@hono/node-server`). */
export function createService(options: ServiceOptions): Hono {
  const registry = options.registry ?? builtInRegistry();
  const base = options.baseUrl.replace(/\/+$/, '');
  const statusListBase = `${base}/status-lists`;
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(c, error);
    if (isCarepassError(error) && UNPROCESSABLE.has(error.code)) return problemResponse(c, new Problem(422, error.code.toLowerCase().replace(/_/g, '-'), 'Unprocessable request', error.message, { code: error.code }));
    console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    return problemResponse(c, new Problem(500, 'internal-error', 'Internal error', 'the service could not complete the request'));
  });
  app.notFound((c) => problemResponse(c, new Problem(404, 'not-found', 'Not found', `no endpoint ${c.req.method} ${new URL(c.req.url).pathname}`)));
  if (options.rateLimit) {
    // A fixed window per client address: enough to blunt a flood; put a real gateway in front for more.
    const { requests, windowSeconds } = options.rateLimit;
    const windows = new Map<string, { start: number; count: number }>();
    app.use('*', async (c, next) => {
      let address = 'unknown';
      try {
        address = getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        // Not served by node-server (app.request in tests): one shared window.
      }
      const now = Date.now();
      const window = windows.get(address);
      if (!window || now - window.start >= windowSeconds * 1000) windows.set(address, { start: now, count: 1 });
      else if (++window.count > requests) {
        c.header('retry-after', String(Math.ceil((window.start + windowSeconds * 1000 - now) / 1000)));
        throw new Problem(429, 'too-many-requests', 'Too many requests', `at most ${requests} requests per ${windowSeconds} s from one address`);
      }
      if (windows.size > 100_000) windows.clear();
      await next();
    });
  }
  /** Requires a bearer token with `scope` when the service has auth configured. */
  const requireScope = async (c: Context, scope: string): Promise<void> => {
    if (!options.auth) return;
    try {
      await options.auth.verifier.verify(c.req.header('authorization'), scope);
    } catch (error) {
      if (error instanceof AuthError) throw new Problem(error.status, error.status === 401 ? 'unauthorized' : 'forbidden', error.status === 401 ? 'Unauthorized' : 'Forbidden', error.message);
      throw error;
    }
  };
  app.use('*', bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024, onError: (c) => problemResponse(c, new Problem(413, 'payload-too-large', 'Payload too large', `request bodies are limited to ${options.maxBodyBytes ?? 1024 * 1024} bytes`)) }));
  if (options.auth?.tokenIssuer) {
    const issuer = options.auth.tokenIssuer;
    app.post('/oauth2/token', async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const answer = await issuer.token(form, c.req.header('authorization'));
      return c.json(answer.body, answer.status as 200 | 400 | 401, { 'cache-control': 'no-store' });
    });
    app.get('/oauth2/jwks', (c) => c.json(issuer.jwks));
  }

  // Status lists are signed on demand and cached until the state changes, or for a day: verifiers
  // refuse lists signed long ago (31 days by default), so a list is never served older than that.
  let signedLists: { key: string; signedAt: number; credentials: Record<StatusPurpose, JsonObject> } | undefined;
  async function currentLists(): Promise<Record<StatusPurpose, JsonObject> | undefined> {
    const state = await options.store.readStatusList();
    if (!state) return undefined;
    const key = JSON.stringify(state.lists);
    if (signedLists?.key !== key || Date.now() - signedLists.signedAt > 86_400_000) {
      signedLists = { key, signedAt: Date.now(), credentials: (await issueStatusListCredentials(state, { key: options.issuerKey })) as Record<StatusPurpose, JsonObject> };
    }
    return signedLists.credentials;
  }
  /**
   * The checks for one verification. `requested` is the VC API's `options.checks`: when given
   * without `credentialStatus`, status is not checked. Issuer binding is required only where
   * trust is checked (the specifications do not require it). `strict` (recognition) requires
   * issuer binding and refuses a status that cannot be had, whatever the service's defaults.
   */
  async function checks(requested?: unknown, strict = false) {
    const lists = await currentLists();
    const failClosed = strict || options.statusFailClosed === true;
    const wantStatus = !Array.isArray(requested) || requested.includes('credentialStatus') || requested.includes('status');
    return {
      // Our own lists, straight from the store; another issuer's lists are not fetched.
      ...(wantStatus ? { checkStatus: createStatusChecker({ resolve: createStatusListResolver(lists ? Object.values(lists) : []), failClosed }) } : {}),
      failClosed: wantStatus && failClosed,
      issuerBinding: strict || options.checkTrust !== undefined,
      ...(options.checkTrust ? { checkTrust: options.checkTrust } : {}),
    };
  }

  /**
   * The VC API issue options this service offers: `created` (the proof's time), `cryptosuite`
   * (eddsa-rdfc-2022, the default, or eddsa-jcs-2022), `credentialStatus` (`{ type:
   * "BitstringStatusListEntry", statusPurpose? }`: which entries to allocate; both by default) and
   * `credentialId` (informational). Anything else is refused with 422 rather than ignored.
   */
  function issuanceOptions(input: unknown): { sign: { created?: string; suite?: 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' }; statusPurposes?: string[] } {
    if (input === undefined) return { sign: {} };
    if (!isObject(input)) throw new Problem(400, 'malformed-request', 'Malformed request', '"options" must be a JSON object');
    const refuse = (path: string, message: string) => new Problem(422, 'option-not-offered', 'Option not offered', `${path}: ${message}`, { errors: [{ path, message }] });
    const result: ReturnType<typeof issuanceOptions> = { sign: {} };
    for (const [name, value] of Object.entries(input)) {
      const path = `$.options.${name}`;
      if (name === 'created') {
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u.test(value)) throw refuse(path, 'must be an XML Schema date-time with a time zone');
        result.sign.created = value;
      } else if (name === 'cryptosuite') {
        if (value !== 'eddsa-rdfc-2022' && value !== 'eddsa-jcs-2022') throw refuse(path, 'this service signs with eddsa-rdfc-2022 or eddsa-jcs-2022');
        result.sign.suite = value;
      } else if (name === 'credentialStatus') {
        if (!isObject(value) || value.type !== 'BitstringStatusListEntry') throw refuse(path, 'this service offers { "type": "BitstringStatusListEntry", "statusPurpose"?: "revocation" | "suspension" }');
        if (value.statusPurpose !== undefined && value.statusPurpose !== 'revocation' && value.statusPurpose !== 'suspension') throw refuse(`${path}.statusPurpose`, 'must be revocation or suspension');
        if (value.statusPurpose !== undefined) result.statusPurposes = [value.statusPurpose];
      } else if (name !== 'credentialId') {
        throw refuse(path, 'this service does not offer this option (it offers created, cryptosuite, credentialStatus)');
      }
    }
    return result;
  }

  /** Allocates a status index, signs with it, and records the credential, in one transaction: all or nothing. */
  async function issueWithStatus(sign: (credentialStatus: JsonObject[]) => Promise<JsonObject>): Promise<JsonObject> {
    return options.store.updateStatusList(async (current) => {
      const allocation = await allocateStatusIndex(current ?? (await createStatusListState({ id: statusListBase, issuer: options.issuerKey.controller })));
      const signed = await sign(createStatusEntries(allocation.state, allocation.index));
      return { state: allocation.state, result: signed, issued: { id: String(signed.id), statusIndex: allocation.index, issuedAt: new Date().toISOString(), credential: signed } };
    });
  }

  app.post('/credentials/issue', async (c) => {
    await requireScope(c, SCOPES.issue);
    const body = await readBody(c);
    if (isObject(body.credential)) {
      // The VC API form: an unsigned credential, which this service completes, checks and signs.
      const input = body.credential;
      const issuer = input.issuer;
      if (issuer === undefined) throw new Problem(400, 'invalid-credential', 'Invalid credential', '"credential.issuer" is required: this service issues as its own DID', { errors: [{ path: '$.credential.issuer', message: 'required' }] });
      const issuerId = isObject(issuer) ? issuer.id : issuer;
      if (issuerId !== undefined && issuerId !== options.issuerKey.controller) {
        throw new Problem(422, 'issuer-mismatch', 'Issuer mismatch', `this service issues as ${options.issuerKey.controller}, not ${String(issuerId)}`);
      }
      // An id, if present, must be a URL: null or anything else is refused, never replaced.
      if ('id' in input && (typeof input.id !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/u.test(input.id))) throw new Problem(400, 'invalid-credential', 'Invalid credential', '"credential.id", if present, must be a URL', { errors: [{ path: '$.credential.id', message: 'must be a URL' }] });
      const credential: JsonObject = { ...input, id: input.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`, issuer: isObject(issuer) ? { ...issuer, id: options.issuerKey.controller } : options.issuerKey.controller };
      const issues = checkCredentialDataModel(credential);
      if (issues.length > 0) throw new Problem(422, 'invalid-credential', 'Invalid credential', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { errors: issues });
      // Bitstring status entries are VC 2.0 terms: a VC 1.1 credential is issued without a status
      // entry (and so cannot be revoked through this service), rather than refused.
      const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
      const issueOptions = issuanceOptions(body.options);
      const sign = (document: JsonObject) => signCredential(document, { key: options.issuerKey, ...issueOptions.sign });
      // A status the caller supplies (another status service's entry) is signed as given, after the
      // data-model check above; otherwise the service allocates one on its own list.
      if (contexts[0] === 'https://www.w3.org/2018/credentials/v1' || 'credentialStatus' in credential) {
        if (issueOptions.statusPurposes && contexts[0] === 'https://www.w3.org/2018/credentials/v1') throw new Problem(422, 'option-not-offered', 'Option not offered', 'Bitstring status entries are VC 2.0 terms: a VC 1.1 credential is issued without one', { errors: [{ path: '$.options.credentialStatus', message: 'not offered for VC 1.1' }] });
        return c.json({ verifiableCredential: await sign(credential) }, 201);
      }
      const purposes = issueOptions.statusPurposes;
      const signed = await issueWithStatus((credentialStatus) => sign({ ...credential, credentialStatus: purposes ? credentialStatus.filter((entry) => purposes.includes(String(entry.statusPurpose))) : credentialStatus }));
      return c.json({ verifiableCredential: signed }, 201);
    }
    if (isObject(body.achievement)) {
      // The Carepass form: what to award (a competency, framework or micro-qualification) to whom.
      const subject = requireObject(body, 'subject');
      const request = { ...requestedAchievement(body), subject } as IssueCredentialRequest;
      if (typeof subject.id !== 'string' && typeof subject.email !== 'string') throw new Problem(400, 'malformed-request', 'Malformed request', '"subject" needs an id (DID or URI) or an email');
      if (typeof subject.email === 'string' && typeof subject.salt !== 'string') (request.subject as { salt?: string }).salt = globalThis.crypto.randomUUID();
      const issueOptions = issuanceOptions(body.options);
      const purposes = issueOptions.statusPurposes;
      const signed = await issueWithStatus((credentialStatus) => issueCredential(request, { key: options.issuerKey, registry, ...issueOptions.sign, ...(options.issuerName ? { issuer: { name: options.issuerName } } : {}), extra: { credentialStatus: purposes ? credentialStatus.filter((entry) => purposes.includes(String(entry.statusPurpose))) : credentialStatus } }));
      return c.json({ verifiableCredential: signed }, 201);
    }
    throw new Problem(400, 'malformed-request', 'Malformed request', 'send {"credential": {…}} (VC API) or {"achievement": {…}, "subject": {…}} (Carepass)');
  });

  // OpenID4VCI: offers of an achievement to a worker's wallet, and the issuer the wallet talks to.
  mountOid4vci(app, { baseUrl: base, issuerKey: options.issuerKey, ...(options.issuerName ? { issuerName: options.issuerName } : {}), registry, store: options.store.wallet.exchange, requireIssueScope: (c) => requireScope(c, SCOPES.issue) });
  // OpenID4VP: an employer asks a wallet for the worker's credentials; the answer is a recognition report.
  mountOid4vp(app, { baseUrl: base, registry, store: options.store.wallet.presentations, checks: () => checks(undefined, true), requireIssueScope: (c) => requireScope(c, SCOPES.issue) });
  mountWalletPage(app);
  // VC API exchanges (Learner Credential Wallet): issuance by DID Authentication, recognition by example.
  mountVcApiExchanges(app, { baseUrl: base, issuerKey: options.issuerKey, ...(options.issuerName ? { issuerName: options.issuerName } : {}), registry, store: options.store.wallet.vcApi, checks: () => checks(undefined, true), requireIssueScope: (c) => requireScope(c, SCOPES.issue) });

  app.post('/credentials/verify', async (c) => {
    const body = await readBody(c);
    if (body.verifiableCredential === undefined) throw new Problem(400, 'malformed-request', 'Malformed request', '"verifiableCredential" is required');
    const result = await verifyCredential(body.verifiableCredential, await checks(isObject(body.options) ? body.options.checks : undefined));
    const failed = result.checks.filter((check) => !check.ok);
    // A credential that fails verification is a 400, as the VC API and its test suites expect,
    // with the whole structured result in the body.
    return c.json(
      {
        ...result,
        problemDetails: failed.map((check) => ({ type: `${PROBLEM_BASE}${check.code.replace(/_/g, '-')}`, title: `${check.check} check failed`, detail: check.message, ...(check.path ? { path: check.path } : {}) })),
        errors: failed.map((check) => `${check.check}: ${check.message}`),
        warnings: [],
      },
      result.verified ? 200 : 400,
    );
  });

  app.post('/presentations/verify', async (c) => {
    const body = await readBody(c);
    const presentation = requireObject(body, 'verifiablePresentation');
    const verifyOptions = isObject(body.options) ? body.options : {};
    for (const name of ['challenge', 'domain'] as const) {
      if (verifyOptions[name] !== undefined && typeof verifyOptions[name] !== 'string') throw new Problem(400, 'malformed-request', 'Malformed request', `"options.${name}" must be a string`);
    }
    // Holder binding is not part of VC Data Model 2.0: off unless the caller asks for it
    // (options.holderBinding, a Carepass extension). A challenge asks for a signed presentation.
    const holderBinding = verifyOptions.holderBinding === true;
    const result = await verifyPresentation(presentation, {
      ...(typeof verifyOptions.challenge === 'string' ? { challenge: verifyOptions.challenge } : {}),
      ...(typeof verifyOptions.domain === 'string' ? { domain: verifyOptions.domain } : {}),
      holderBinding,
      requireProof: holderBinding || typeof verifyOptions.challenge === 'string',
      ...(await checks(verifyOptions.checks)),
    });
    return c.json({ ...result, errors: result.verified ? [] : [...result.checks, ...result.credentials.flatMap((credential) => credential.checks)].filter((check) => !check.ok).map((check) => `${check.check}: ${check.message}`) }, result.verified ? 200 : 400);
  });

  app.post('/credentials/status', async (c) => {
    await requireScope(c, SCOPES.status);
    const body = await readBody(c);
    if (typeof body.credentialId !== 'string') throw new Problem(400, 'malformed-request', 'Malformed request', '"credentialId" is required');
    if (typeof body.status !== 'boolean') throw new Problem(400, 'malformed-request', 'Malformed request', '"status" must be true (set) or false (clear)');
    const purpose = (isObject(body.credentialStatus) ? body.credentialStatus.statusPurpose : undefined) ?? 'revocation';
    if (purpose !== 'revocation' && purpose !== 'suspension') throw new Problem(400, 'malformed-request', 'Malformed request', '"credentialStatus.statusPurpose" must be revocation or suspension');
    const record = await options.store.findIssued(body.credentialId);
    if (!record) throw new Problem(404, 'unknown-credential', 'Unknown credential', `this service did not issue ${body.credentialId}`);
    const status = body.status;
    await options.store.updateStatusList(async (current) => {
      if (!current) throw new Problem(500, 'internal-error', 'Internal error', 'the status list is missing');
      return { state: await setCredentialStatus(current, record.statusIndex, purpose, status), result: undefined };
    });
    return c.json({ credentialId: record.id, statusPurpose: purpose, status });
  });

  const statusList = async (c: Context): Promise<Response> => {
    const id = c.req.param('id');
    if (id !== 'revocation' && id !== 'suspension') throw new Problem(404, 'not-found', 'Not found', `no status list ${id}`);
    const lists = await currentLists();
    if (!lists) throw new Problem(404, 'not-found', 'Not found', 'no credential has been issued yet, so there is no status list');
    return c.json(lists[id]);
  };
  app.get('/status-lists/:id', statusList);
  // The bitstring suite's helper publishes a list before reading it: lists here are always
  // published (signed on demand), so this answers with the current list.
  app.post('/status-lists/:id/publish', async (c) => {
    await requireScope(c, SCOPES.status);
    return statusList(c);
  });

  const engines = new Map<string, RecognitionEngine>();
  app.post('/recognitions', async (c) => {
    const body = await readBody(c);
    if (typeof body.target !== 'string') throw new Problem(400, 'malformed-request', 'Malformed request', '"target" is required, e.g. "care-certificate@2025"');
    const policy = (isObject(body.policy) ? body.policy : {}) as RecognitionPolicyInput;
    if (typeof body.asOf === 'string') policy.asOf = body.asOf;
    const credentials = Array.isArray(body.verifiableCredentials) ? body.verifiableCredentials : isObject(body.verifiablePresentation) ? [body.verifiablePresentation.verifiableCredential ?? []].flat() : undefined;
    if (!credentials) throw new Problem(400, 'malformed-request', 'Malformed request', 'send "verifiableCredentials" (an array) or a "verifiablePresentation"');
    const key = JSON.stringify([body.target, policy]);
    let engine = engines.get(key);
    if (!engine) {
      engine = createRecognitionEngine({ target: body.target, registry, policy });
      if (engines.size > 100) engines.clear();
      engines.set(key, engine);
    }
    const report = await assessCredentials(engine, credentials.map((credential: unknown, index: number) => ({ credential, source: `verifiableCredentials[${index}]` })), { verify: await checks(undefined, true) });
    return c.json(report);
  });

  return app;
}
