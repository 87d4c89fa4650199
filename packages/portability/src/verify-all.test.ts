// One verification path: the functions that take credentials verify them one by one with
// `verify`, or all at once with `verifyAll` (batch verification on worker threads, as the CLI
// does), and give the same answer either way.
import { generateIssuerKey, issueCredential, verifyCredentialStream, verifyCredentials } from '@carepass/credentials';
import { isCarepassError } from '@carepass/frameworks';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessCredentials, type CredentialToAssess } from './assess-credentials.js';
import { createRecognitionEngine } from './index.js';
import { buildTrainingMatrix } from './training-matrix.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: '2026-11-23' } });
let inputs: CredentialToAssess[];

beforeAll(async () => {
  const key = await generateIssuerKey();
  const worker = { id: 'did:example:worker' };
  const genuine = await issueCredential({ framework: 'care-certificate@2015', subject: worker, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2016-03-01T00:00:00Z' }, { key, issuer: { name: 'Sunrise Home Care' } });
  const bls = await issueCredential({ competency: 'care-certificate@2025#12', subject: worker, validFrom: '2025-06-01T00:00:00Z' }, { key, issuer: { name: 'Sunrise Home Care' } });
  const tampered = { ...bls, validFrom: '2026-06-01T00:00:00Z' };
  inputs = [
    { credential: genuine, source: 'cc.json' },
    { credential: tampered, source: 'tampered.json' },
    { credential: bls, source: 'bls.json' },
    { credential: 'not a credential', source: 'junk.json' },
  ];
});

describe('verifyAll', () => {
  it('gives the report one-by-one verification gives, from a stream or a promise, with progress', async () => {
    const oneByOne = await assessCredentials(engine, inputs, { verify: { now: NOW } });
    const progress: number[] = [];
    const streamed = await assessCredentials(engine, inputs, { verifyAll: (credentials) => verifyCredentialStream(credentials, { now: NOW, threads: 2 }), onVerified: (done) => progress.push(done) });
    const promised = await assessCredentials(engine, inputs, { verifyAll: (credentials) => verifyCredentials(credentials, { now: NOW, threads: 0 }) });
    expect(streamed).toEqual(oneByOne);
    expect(promised).toEqual(oneByOne);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(oneByOne.rejectedEvidence.map((entry) => [entry.source, entry.code])).toEqual([
      ['tampered.json', 'tampered'],
      ['junk.json', 'invalid'],
    ]);
  }, 60_000);

  it('serves the training matrix the same way', async () => {
    const oneByOne = await buildTrainingMatrix(inputs, { asOf: '2026-11-23', verify: { now: NOW } });
    const batched = await buildTrainingMatrix(inputs, { asOf: '2026-11-23', verifyAll: (credentials) => verifyCredentials(credentials, { now: NOW, threads: 0 }) });
    expect(batched).toEqual(oneByOne);
    expect(batched.workers.map((worker) => worker.subject)).toEqual(['did:example:worker']);
    expect(batched.rejected.map((entry) => entry.code)).toEqual(['tampered', 'invalid']);
  });

  it('refuses a verifyAll that does not give one result per credential', async () => {
    const results = await verifyCredentials(inputs.map((input) => input.credential), { now: NOW, threads: 0 });
    for (const given of [results.slice(0, 2), [...results, results[0]]]) {
      const error = await assessCredentials(engine, inputs, { verifyAll: async () => given as typeof results }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isCarepassError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(given.length < 4 ? /^verifyAll gave 2 results for 4 credentials/u : /^verifyAll gave more results than the 4 credentials/u);
    }
  });
});
