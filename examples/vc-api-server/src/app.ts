// The HTTP service: W3C VC API endpoints (issue, verify, status, status lists, presentations) and
// a recognition endpoint, over Carepass. Every error is RFC 9457 problem details; nothing leaks a
// stack trace.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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
  statusEntriesFor,
  statusListsFromDocuments,
  verifyCredential,
  verifyPresentation,
} from '@carepass/credentials';
import { builtInRegistry, type FrameworkRegistry, isCarepassError, isJsonObject as isObject, type JsonObject } from '@carepass/frameworks';
import { assessCredentials, createRecognitionEngine, type RecognitionEngine, type RecognitionPolicyInput } from '@carepass/portability';
import type { ServiceStore } from './store.js';

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
}


/** An error that becomes a problem details response. */
class Problem extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 422 | 500,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extra: JsonObject = {},
  ) {
    super(detail);
  }
}

const PROBLEM_BASE = 'https://w3id.org/carepass/problems/';
function problemResponse(c: Context, problem: Problem): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  // The rest of an oversized body is never read, so the connection cannot be reused: say so.
  if (problem.status === 413) headers.connection = 'close';
  return c.body(JSON.stringify({ type: `${PROBLEM_BASE}${problem.slug}`, title: problem.title, status: problem.status, detail: problem.detail, ...problem.extra }), problem.status, headers);
}

async function readBody(c: Context): Promise<JsonObject> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new Problem(400, 'malformed-json', 'Malformed JSON', 'the request body is not valid JSON');
  }
  if (!isObject(body)) throw new Problem(400, 'malformed-request', 'Malformed request', 'the request body must be a JSON object');
  return body;
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
  app.use('*', bodyLimit({ maxSize: options.maxBodyBytes ?? 1024 * 1024, onError: (c) => problemResponse(c, new Problem(413, 'payload-too-large', 'Payload too large', `request bodies are limited to ${options.maxBodyBytes ?? 1024 * 1024} bytes`)) }));

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
  async function checks() {
    const lists = await currentLists();
    return {
      // Our own lists, straight from the store; another issuer's lists are not fetched (fail closed).
      checkStatus: createStatusChecker({ resolve: statusListsFromDocuments(lists ? Object.values(lists) : []) }),
      ...(options.checkTrust ? { checkTrust: options.checkTrust } : {}),
    };
  }

  /** Allocates a status index, signs with it, and records the credential, in one transaction: all or nothing. */
  async function issueWithStatus(sign: (credentialStatus: JsonObject[]) => Promise<JsonObject>): Promise<JsonObject> {
    return options.store.updateStatusList(async (current) => {
      const allocation = await allocateStatusIndex(current ?? (await createStatusListState({ id: statusListBase, issuer: options.issuerKey.controller })));
      const signed = await sign(statusEntriesFor(allocation.state, allocation.index));
      return { state: allocation.state, result: signed, issued: { id: String(signed.id), statusIndex: allocation.index, issuedAt: new Date().toISOString(), credential: signed } };
    });
  }

  app.post('/credentials/issue', async (c) => {
    const body = await readBody(c);
    if (isObject(body.credential)) {
      // The VC API form: an unsigned credential, which this service completes, checks and signs.
      const input = body.credential;
      const issuer = input.issuer;
      const issuerId = isObject(issuer) ? issuer.id : issuer;
      if (issuerId !== undefined && issuerId !== options.issuerKey.controller) {
        throw new Problem(422, 'issuer-mismatch', 'Issuer mismatch', `this service issues as ${options.issuerKey.controller}, not ${String(issuerId)}`);
      }
      const credential: JsonObject = { ...input, id: input.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`, issuer: isObject(issuer) ? { ...issuer, id: options.issuerKey.controller } : options.issuerKey.controller };
      if ('credentialStatus' in credential) throw new Problem(422, 'status-not-allowed', 'Status is assigned by the service', 'leave out credentialStatus: the service allocates it');
      const issues = checkCredentialDataModel(credential);
      if (issues.length > 0) throw new Problem(422, 'invalid-credential', 'Invalid credential', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { errors: issues });
      const signed = await issueWithStatus((credentialStatus) => signCredential({ ...credential, credentialStatus }, { key: options.issuerKey }));
      return c.json({ verifiableCredential: signed }, 201);
    }
    if (isObject(body.achievement)) {
      // The Carepass form: what to award (a competency, framework or micro-qualification) to whom.
      const achievement = body.achievement;
      const subject = requireObject(body, 'subject');
      const request = { ...achievement, subject, ...(['awardedDate', 'validFrom', 'validUntil', 'evidence'] as const).reduce<JsonObject>((fields, name) => (body[name] === undefined ? fields : { ...fields, [name]: body[name] }), {}) } as unknown as IssueCredentialRequest;
      const awards = ['competency', 'framework', 'microQualification'].filter((name) => typeof achievement[name] === 'string');
      if (awards.length !== 1) throw new Problem(400, 'malformed-request', 'Malformed request', '"achievement" needs exactly one of competency, framework or microQualification');
      if (typeof subject.id !== 'string' && typeof subject.email !== 'string') throw new Problem(400, 'malformed-request', 'Malformed request', '"subject" needs an id (DID or URI) or an email');
      if (typeof subject.email === 'string' && typeof subject.salt !== 'string') (request.subject as { salt?: string }).salt = globalThis.crypto.randomUUID();
      const signed = await issueWithStatus((credentialStatus) => issueCredential(request, { key: options.issuerKey, registry, ...(options.issuerName ? { issuer: { name: options.issuerName } } : {}), extra: { credentialStatus } }));
      return c.json({ verifiableCredential: signed }, 201);
    }
    throw new Problem(400, 'malformed-request', 'Malformed request', 'send {"credential": {…}} (VC API) or {"achievement": {…}, "subject": {…}} (Carepass)');
  });

  app.post('/credentials/verify', async (c) => {
    const body = await readBody(c);
    if (body.verifiableCredential === undefined) throw new Problem(400, 'malformed-request', 'Malformed request', '"verifiableCredential" is required');
    const result = await verifyCredential(body.verifiableCredential, await checks());
    const failed = result.checks.filter((check) => !check.ok);
    return c.json({
      ...result,
      problemDetails: failed.map((check) => ({ type: `${PROBLEM_BASE}${check.code.replace(/_/g, '-')}`, title: `${check.check} check failed`, detail: check.message, ...(check.path ? { path: check.path } : {}) })),
      errors: failed.map((check) => `${check.check}: ${check.message}`),
      warnings: [],
    });
  });

  app.post('/presentations/verify', async (c) => {
    const body = await readBody(c);
    const presentation = requireObject(body, 'verifiablePresentation');
    const verifyOptions = isObject(body.options) ? body.options : {};
    if (typeof verifyOptions.challenge !== 'string' || typeof verifyOptions.domain !== 'string') {
      throw new Problem(400, 'malformed-request', 'Malformed request', '"options.challenge" and "options.domain" are required: presentations are verified for one verifier');
    }
    const result = await verifyPresentation(presentation, { challenge: verifyOptions.challenge, domain: verifyOptions.domain, ...(await checks()) });
    return c.json({ ...result, errors: result.verified ? [] : [...result.checks, ...result.credentials.flatMap((credential) => credential.checks)].filter((check) => !check.ok).map((check) => `${check.check}: ${check.message}`) });
  });

  app.post('/credentials/status', async (c) => {
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

  app.get('/status-lists/:id', async (c) => {
    const id = c.req.param('id');
    if (id !== 'revocation' && id !== 'suspension') throw new Problem(404, 'not-found', 'Not found', `no status list ${id}`);
    const lists = await currentLists();
    if (!lists) throw new Problem(404, 'not-found', 'Not found', 'no credential has been issued yet, so there is no status list');
    return c.json(lists[id]);
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
    const report = await assessCredentials(engine, credentials.map((credential: unknown, index: number) => ({ credential, source: `verifiableCredentials[${index}]` })), { verify: await checks() });
    return c.json(report);
  });

  return app;
}
