import { isOpenid4vpAuthorizationRequestDcApi, Openid4vpClient } from '@openid4vc/openid4vp';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateStatusIndex,
  createPresentation,
  createStatusChecker,
  createStatusEntries,
  createStatusListResolver,
  createStatusListState,
  generateIssuerKey,
  type IssuerKey,
  issueCredential,
  issueStatusListCredentials,
  setCredentialStatus,
  signCredential,
} from '@carepass/credentials';
import { type HandlerServer, startHandlerServer } from '@carepass/test-support';
import { answerPresentationRequest, createPresentationVerifier, type PresentationVerifier, TRAINING_QUERY_ID } from './index.js';

// OpenID4VP end to end on 127.0.0.1: the employer's verifier asks with a DCQL query; the wallet is
// the holder side of @openid4vc/openid4vp (code nobody here wrote), presenting credentials in a
// presentation Carepass signs with the worker's key. The answer is a recognition report.
let server: HandlerServer;
let base: string;
let verifier: PresentationVerifier;
let provider: IssuerKey;
let worker: IssuerKey;
let revocable: Record<string, unknown>;
const NOW = new Date('2026-11-28T12:00:00Z');

const callbacks = { hash: (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.replace('-', '')).update(data).digest()) };
const wallet = new Openid4vpClient({ callbacks: callbacks as never });

/** The wallet's side: resolve the request, present (with its own choices), and post the answer. */
async function present(uri: string, credentials: object[], tamper: { challenge?: string; domain?: string; queryId?: string; key?: IssuerKey } = {}) {
  const parsed = wallet.parseOpenid4vpAuthorizationRequest({ authorizationRequest: uri });
  const resolved = await wallet.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params });
  const request = resolved.authorizationRequestPayload;
  if (isOpenid4vpAuthorizationRequestDcApi(request)) throw new Error('not a DC API request');
  const presentation = await createPresentation(credentials, { key: tamper.key ?? worker, challenge: tamper.challenge ?? (request.nonce as string), domain: tamper.domain ?? resolved.client.effective });
  const { authorizationResponsePayload } = await wallet.createOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload: { vp_token: { [tamper.queryId ?? TRAINING_QUERY_ID]: [presentation] } } as never });
  const { response } = await wallet.submitOpenid4vpAuthorizationResponse({ authorizationRequestPayload: request, authorizationResponsePayload });
  return { status: response.status, body: (await response.json()) as { error?: string; error_description?: string }, payload: authorizationResponsePayload };
}

beforeAll(async () => {
  provider = await generateIssuerKey();
  worker = await generateIssuerKey();
  const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/1', issuer: provider.controller }));
  revocable = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: worker.controller } }, { key: provider, now: NOW, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index) } });
  const revoked = await setCredentialStatus(allocation.state, allocation.index, 'revocation', true);
  const lists = Object.values(await issueStatusListCredentials(revoked, { key: provider, validFrom: '2026-11-27T00:00:00Z' }));
  server = await startHandlerServer();
  server.use((request) => verifier.handle(request));
  base = server.base;
  verifier = createPresentationVerifier({
    responseUrl: `${base}/openid4vp/response`,
    target: 'care-certificate@2025',
    clientName: 'Employer B',
    verify: { checkStatus: createStatusChecker({ resolve: createStatusListResolver(lists) }) },
    allowInsecureUrls: true,
    now: () => NOW,
  });
});
afterAll(() => server.close());

describe('OpenID4VP: a new employer asks the worker\'s wallet', () => {
  it('answers a DCQL request with a presentation the verifier checks, and the outcome is a recognition report', async () => {
    const credentials = [
      await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: worker.controller } }, { key: provider, now: NOW }),
      await issueCredential({ competency: 'care-certificate@2025#15', subject: { id: worker.controller } }, { key: provider, now: NOW }),
    ];
    const request = await verifier.createRequest();
    expect(request.uri).toMatch(/^openid4vp:\/\/\?/u);
    expect(request.qrSvg).toMatch(/^<svg /u);
    expect(await verifier.outcome(request.state)).toMatchObject({ status: 'pending' });
    const answered = await present(request.uri, credentials);
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const outcome = await verifier.outcome(request.state);
    expect(outcome).toMatchObject({ status: 'verified', holder: worker.controller });
    if (outcome?.status !== 'verified') throw new Error('not verified');
    const statuses = Object.fromEntries(outcome.report.standards.map((standard) => [standard.code, standard.status]));
    expect(statuses['1']).not.toBe('gap');
    expect(statuses['15']).not.toBe('gap');
    expect(statuses['5']).toBe('gap');
    // The same answer again is refused: a request is answered once.
    const replay = await fetch(`${base}/openid4vp/response`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(Object.entries(answered.payload).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)])) });
    expect([replay.status, ((await replay.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
  });

  it('is answered by the reference holder (answerPresentationRequest), which reaches the verifier only through the fetch it is given', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#3', subject: { id: worker.controller } }, { key: provider, now: NOW });
    const request = await verifier.createRequest();
    const fetched: string[] = [];
    const answered = await answerPresentationRequest({ requestUri: request.uri, key: worker, credentials: [credential], fetch: async (input, init) => (fetched.push(String(input)), fetch(input, init)) });
    expect(answered).toMatchObject({ accepted: true, status: 200, verifier: `redirect_uri:${base}/openid4vp/response`, verifierName: 'Employer B' });
    expect(fetched).toEqual([`${base}/openid4vp/response`]);
    expect(await verifier.outcome(request.state)).toMatchObject({ status: 'verified' });
    await expect(answerPresentationRequest({ requestUri: 'openid4vp://?nonsense', key: worker, credentials: [], fetch })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a presentation for another nonce or another verifier, by someone else, or of a revoked credential, saying why', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: worker.controller } }, { key: provider, now: NOW });
    const cases: [Parameters<typeof present>[2], object[], RegExp][] = [
      [{ challenge: 'an old nonce' }, [credential], /challenge_mismatch/u],
      [{ domain: 'redirect_uri:https://another-employer.example/response' }, [credential], /domain_mismatch/u],
      [{ key: await generateIssuerKey() }, [credential], /holder/u],
      [{}, [revocable], /revoked/u],
    ];
    for (const [tamper, credentials, reason] of cases) {
      const request = await verifier.createRequest();
      const answered = await present(request.uri, credentials, tamper);
      expect([answered.status, answered.body.error], JSON.stringify(tamper)).toEqual([400, 'invalid_request']);
      const outcome = await verifier.outcome(request.state);
      expect(outcome?.status).toBe('refused');
      expect(outcome?.status === 'refused' && outcome.reason).toMatch(reason);
    }
  });

  it('refuses an answer that does not satisfy the query, or answers a query not asked', async () => {
    const other = await signCredential({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'], type: ['VerifiableCredential', 'ExampleCredential'], issuer: provider.controller, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: worker.controller, name: 'Naomi' } }, { key: provider });
    const request = await verifier.createRequest();
    const answered = await present(request.uri, [other]);
    expect(answered.status).toBe(400);
    expect(await verifier.outcome(request.state)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/do not answer the query/u) });
    const second = await verifier.createRequest();
    const credential = await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: worker.controller } }, { key: provider, now: NOW });
    expect((await present(second.uri, [credential], { queryId: 'something_else' })).status).toBe(400);
    expect(await verifier.outcome(second.state)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/not asked/u) });
  });
});
