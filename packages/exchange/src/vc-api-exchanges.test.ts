import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresentation, generateIssuerKey, type IssuerKey, issueCredential, signCredential, verifyCredential } from '@carepass/credentials';
import { type HandlerServer, startHandlerServer } from '@carepass/test-support';
import { createVcApiExchanges, participateInExchange, type VcApiExchanges } from './index.js';

// VC API exchanges (the protocol of Learner Credential Wallet) on 127.0.0.1, driven by the
// reference wallet: issuance by DID Authentication, presentation by example with a recognition
// report as the outcome, and each exchange completed once.
let server: HandlerServer;
let base: string;
let exchanges: VcApiExchanges;
let provider: IssuerKey;
let worker: IssuerKey;
let clock = new Date('2026-11-28T12:00:00Z');

beforeAll(async () => {
  provider = await generateIssuerKey();
  worker = await generateIssuerKey();
  server = await startHandlerServer();
  server.use((request) => exchanges.handle(request));
  base = server.base;
  exchanges = createVcApiExchanges({ baseUrl: `${base}/exchanges`, key: provider, issuer: { name: 'Sunrise Home Care' }, target: 'care-certificate@2025', allowInsecureUrls: true, now: () => clock });
});
afterAll(() => server.close());

describe('VC API exchanges', () => {
  it('issues a credential to the DID a wallet authenticates as, once', async () => {
    const { exchangeUrl, id } = await exchanges.createIssuanceExchange({ competency: 'care-certificate@2025#12' });
    const first = await (await fetch(exchangeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { verifiablePresentationRequest: { query: { type: string }[]; challenge: string; domain: string } };
    expect(first.verifiablePresentationRequest).toMatchObject({ query: [{ type: 'DIDAuthentication' }], domain: base });
    const answered = await participateInExchange({ exchangeUrl, key: worker, fetch });
    expect(answered.ok).toBe(true);
    const credential = (answered.body.verifiablePresentation as { verifiableCredential: object[] }).verifiableCredential[0];
    const result = await verifyCredential(credential, { now: clock });
    expect(result.verified).toBe(true);
    expect(result.credential.subject).toBe(worker.controller);
    expect(await exchanges.outcome(id)).toMatchObject({ status: 'issued', holder: worker.controller });
    expect((await participateInExchange({ exchangeUrl, key: worker, fetch })).status).toBe(410);
  });

  it('asks for credentials by example and answers with a recognition report', async () => {
    const held = [await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: worker.controller } }, { key: provider, now: clock })];
    const { exchangeUrl, id } = await exchanges.createPresentationExchange();
    expect((await participateInExchange({ exchangeUrl, key: worker, credentials: held, fetch })).ok).toBe(true);
    const outcome = await exchanges.outcome(id);
    expect(outcome?.status).toBe('verified');
    if (outcome?.status !== 'verified') throw new Error('not verified');
    expect(outcome.report.standards.find((standard) => standard.code === '1')?.status).not.toBe('gap');
  });

  it('refuses a presentation for another challenge, by someone else, or of the wrong kind, and an expired or unknown exchange', async () => {
    const held = [await issueCredential({ competency: 'care-certificate@2025#1', subject: { id: worker.controller } }, { key: provider, now: clock })];
    const wrongChallenge = await exchanges.createPresentationExchange();
    const stale = await createPresentation(held, { key: worker, challenge: 'an old challenge', domain: base });
    const answer = await fetch(wrongChallenge.exchangeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiablePresentation: stale }) });
    expect(answer.status).toBe(400);
    expect(await exchanges.outcome(wrongChallenge.id)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/challenge_mismatch/u) });
    const stranger = await exchanges.createPresentationExchange();
    expect((await participateInExchange({ exchangeUrl: stranger.exchangeUrl, key: await generateIssuerKey(), credentials: held, fetch })).status).toBe(400);
    const other = await signCredential({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'], type: ['VerifiableCredential', 'ExampleCredential'], issuer: provider.controller, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: worker.controller, name: 'Naomi' } }, { key: provider });
    const wrongKind = await exchanges.createPresentationExchange();
    expect((await participateInExchange({ exchangeUrl: wrongKind.exchangeUrl, key: worker, credentials: [other], fetch })).status).toBe(400);
    expect(await exchanges.outcome(wrongKind.id)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/do not answer the query/u) });
    const late = await exchanges.createPresentationExchange();
    clock = new Date(clock.getTime() + 3_600_000);
    try {
      expect((await fetch(late.exchangeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(410);
    } finally {
      clock = new Date('2026-11-28T12:00:00Z');
    }
    expect((await fetch(`${base}/exchanges/nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });
});
