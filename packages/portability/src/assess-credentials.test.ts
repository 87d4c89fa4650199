import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allocateStatusIndex,
  createStatusChecker,
  createStatusListState,
  createTrustChecker,
  createTrustRegistry,
  generateIssuerKey,
  type IssuerKey,
  issueCredential,
  issueStatusListCredentials,
  setCredentialStatus,
  createStatusEntries,
  createStatusListResolver,
  verifyCredential,
} from '@carepass/credentials';
import { assessCredentials } from './assess-credentials.js';
import { collectLeaves, createRecognitionEngine, type RecognitionReport } from './index.js';
import { evidenceFromCredential } from './evidence.js';

const AS_OF = '2026-11-23';
const engine = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF } });
const worker = { id: 'did:example:worker-amara' };

let employerA: IssuerKey;
let stranger: IssuerKey;
let careCertificate: Record<string, unknown>;
let bls: Record<string, unknown>;
let strangers: Record<string, unknown>;

beforeAll(async () => {
  employerA = await generateIssuerKey();
  stranger = await generateIssuerKey();
  careCertificate = await issueCredential(
    { framework: 'care-certificate@2015', subject: worker, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2016-03-01T00:00:00Z', evidence: [{ genre: 'Workplace observation', narrative: 'Observed by the registered manager over 12 weeks.' }] },
    { key: employerA, issuer: { name: 'Sunrise Home Care' }, created: '2016-03-01T00:00:00Z' },
  );
  // Basic life support from 2025: valid for its 12-month renewal period, so expired by the assessment date.
  bls = await issueCredential({ competency: 'care-certificate@2025#12', subject: worker, validFrom: '2025-06-01T00:00:00Z' }, { key: employerA, issuer: { name: 'Sunrise Home Care' }, created: '2025-06-01T00:00:00Z' });
  strangers = await issueCredential({ competency: 'care-certificate@2025#16', subject: worker, validFrom: '2026-01-01T00:00:00Z' }, { key: stranger, issuer: { name: 'Unknown Training Ltd' } });
});

const statusOf = (report: RecognitionReport, code: string): string | undefined => report.standards.find((standard) => standard.code === code)?.status;

describe('evidenceFromCredential', () => {
  it('reads what a verified credential evidences: achievement, dates, issuer, observation', async () => {
    const result = await verifyCredential(careCertificate, { now: new Date(AS_OF) });
    const outcome = evidenceFromCredential(careCertificate, result, { source: 'cc.json' });
    expect('evidence' in outcome && outcome.evidence).toMatchObject({
      id: careCertificate.id,
      title: 'The Care Certificate (2015)',
      issuer: { id: employerA.controller, name: 'Sunrise Home Care' },
      verification: 'verified',
      trust: 'not-checked',
      achievedAt: '2016-03-01T00:00:00Z',
      assessmentMethod: 'workplace-observation',
      source: 'cc.json',
      competencies: expect.arrayContaining(['https://w3id.org/carepass/frameworks/care-certificate/2015']),
    });
  });

  it('keeps an expired credential as evidence with its end date, and rejects a tampered one', async () => {
    const expired = evidenceFromCredential(bls, await verifyCredential(bls, { now: new Date(AS_OF) }));
    expect('evidence' in expired && expired.evidence.validUntil).toBe('2026-06-01T00:00:00Z');
    const tampered = structuredClone(careCertificate) as { credentialSubject: { achievement: { name: string } } };
    tampered.credentialSubject.achievement.name = 'Level 5 Diploma in Leadership';
    const rejected = evidenceFromCredential(tampered, await verifyCredential(tampered, { now: new Date(AS_OF) }));
    expect('rejection' in rejected && rejected.rejection.code).toBe('tampered');
  });
});

describe('assessCredentials', () => {
  it('verifies, then assesses: the seed case from real signed credentials', async () => {
    const report = await assessCredentials(engine, [
      { credential: careCertificate, source: 'care-certificate-2016.json' },
      { credential: bls, source: 'bls-2025.json' },
    ]);
    expect(report.asOf).toBe(AS_OF);
    expect(report.rejectedEvidence).toEqual([]);
    expect(statusOf(report, '16')).toBe('partial');
    // The 2025 BLS credential lapsed in June 2026 (later than the 2016 one, so it is the one cited).
    const blsLeaf = collectLeaves(report.standards).find((leaf) => leaf.code === '12.1' || leaf.code === '12');
    expect(blsLeaf).toMatchObject({ status: 'refresh-due', lapsedOn: '2026-06-01', evidence: [bls.id] });
    expect(report.evidence.map((item) => item.source).sort()).toEqual(['bls-2025.json', 'care-certificate-2016.json']);
  });

  it('lists tampered and malformed credentials as rejected and never counts them', async () => {
    const tampered = structuredClone(careCertificate) as Record<string, unknown>;
    tampered.awardedDate = '2026-01-01T00:00:00Z';
    const report = await assessCredentials(engine, [
      { credential: tampered, source: 'tampered.json' },
      { credential: 'not a credential', source: 'junk.json' },
      { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] }, source: 'unsigned.json' },
    ]);
    expect(report.rejectedEvidence.map((item) => [item.source, item.code])).toEqual([
      ['tampered.json', 'tampered'],
      ['junk.json', 'invalid'],
      ['unsigned.json', 'invalid'],
    ]);
    expect(report.summary.criteria.gap).toBe(report.summary.criteria.total);
    expect(report.summary.evidence).toEqual({ counted: 0, notCounted: 0, rejected: 3 });
  });

  it('lists credentials that could not be read first among the rejected, and counts them', async () => {
    const report = await assessCredentials(engine, [{ credential: careCertificate, source: 'cc.json' }], { unreadable: [{ source: 'broken.json', code: 'unreadable', message: 'broken.json: not valid JSON' }] });
    expect(report.rejectedEvidence.map((item) => [item.source, item.code])).toEqual([['broken.json', 'unreadable']]);
    expect(report.summary.evidence).toEqual({ counted: 1, notCounted: 0, rejected: 1 });
  });

  it('tampering with any part of a credential never lets it count', async () => {
    const baseline = await assessCredentials(engine, []);
    const paths: (string | number)[][] = [['awardedDate'], ['validFrom'], ['issuer', 'name'], ['credentialSubject', 'id'], ['credentialSubject', 'achievement', 'id'], ['credentialSubject', 'achievement', 'name'], ['name']];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.string({ minLength: 1, maxLength: 12 }), async (path, value) => {
        const tampered = structuredClone(careCertificate) as Record<string, unknown>;
        let cursor: Record<string, unknown> = tampered;
        for (const key of path.slice(0, -1)) cursor = cursor[key as string] as Record<string, unknown>;
        const last = path.at(-1) as string;
        if (cursor[last] === value) return;
        cursor[last] = value;
        const report = await assessCredentials(engine, [{ credential: tampered, source: 'tampered.json' }]);
        expect(report.rejectedEvidence).toHaveLength(1);
        expect(report.summary.criteria).toEqual(baseline.summary.criteria);
      }),
      { numRuns: 15 },
    );
  });

  it('rejects a revoked credential, and keeps an untrusted issuer out unless the policy accepts it', async () => {
    const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.sunrise.example/lists/1', issuer: employerA.controller }));
    const revocable = await issueCredential({ framework: 'care-certificate@2015', subject: worker, validFrom: '2016-03-01T00:00:00Z' }, { key: employerA, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index) } });
    const revokedState = await setCredentialStatus(allocation.state, allocation.index, 'revocation', true);
    const lists = await issueStatusListCredentials(revokedState, { key: employerA });
    const operator = await generateIssuerKey();
    const registry = await createTrustRegistry({ key: operator, name: 'Endorsed providers', issuers: [{ id: employerA.controller, name: 'Sunrise Home Care', scope: ['*'] }] });
    const verify = { checkStatus: createStatusChecker({ resolve: createStatusListResolver(Object.values(lists)) }), checkTrust: await createTrustChecker({ registries: [registry] }) };

    const report = await assessCredentials(engine, [
      { credential: revocable, source: 'revoked.json' },
      { credential: strangers, source: 'stranger.json' },
      { credential: careCertificate, source: 'cc.json' },
    ], { verify });
    expect(report.rejectedEvidence).toEqual([expect.objectContaining({ source: 'revoked.json', code: 'revoked' })]);
    expect(report.evidence.find((item) => item.source === 'cc.json')).toMatchObject({ trust: 'trusted', counted: true });
    expect(report.evidence.find((item) => item.source === 'stranger.json')).toMatchObject({ trust: 'untrusted', counted: false });
    expect(statusOf(report, '16')).toBe('partial');
    expect(collectLeaves(report.standards).find((leaf) => leaf.code === '16')?.evidence).toEqual([careCertificate.id]);

    const lenient = createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF, acceptUntrusted: true } });
    const accepted = await assessCredentials(lenient, [{ credential: strangers, source: 'stranger.json' }], { verify });
    expect(statusOf(accepted, '16')).not.toBe('gap');
  });
});
