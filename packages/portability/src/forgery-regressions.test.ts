import { generateIssuerKey, issueCredential, type SignedCredential, verifyCredential } from '@carepass/credentials';
import { builtInRegistry, getCompetencyUri } from '@carepass/frameworks';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceSignatureHolds, rewriteLabelled, withDecoyAlignments, withTypeSplit } from '@carepass/test-support';
import { assessCredentials } from './assess-credentials.js';
import { createRecognitionEngine, type RecognitionReport } from './index.js';
import { evidenceFromCredential } from './evidence.js';

// Security issue #14 end to end: a credential's JSON rewritten so that its signed graph (and its
// signature) is kept while a reader of the JSON sees more. Recognition must answer exactly as it
// does for the genuine credential, or reject it. Both were misread before the fix (commit 4120c15).

const NOW = new Date('2026-11-23T12:00:00Z');
const AS_OF = '2026-11-23';
const worker = { id: 'did:example:worker-amara' };

let bls: SignedCredential;
let careCertificate: SignedCredential;

beforeAll(async () => {
  const key = await generateIssuerKey({ seed: new Uint8Array(32).fill(21) });
  const common = { key, issuer: { name: 'Sunrise Home Care' }, created: '2026-01-05T09:00:00Z' } as const;
  bls = await issueCredential({ competency: 'care-certificate@2015#12', subject: worker, validFrom: '2026-01-05T09:00:00Z' }, common);
  // Awarded in 2016, issued again in 2026: recognition dates the learning by the award.
  careCertificate = await issueCredential({ framework: 'care-certificate@2015', subject: worker, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2026-01-05T09:00:00Z' }, common);
});

const rejected = (report: RecognitionReport, source: string): boolean => report.rejectedEvidence.some((entry) => entry.source === source);
const recognised = (report: RecognitionReport): number => report.standards.filter((standard) => standard.status !== 'gap').length;

describe('forgery regressions (#14): recognition of prior learning', () => {
  it('"1 of 16 becomes 16 of 16": a basic life support credential with alignments to every 2015 standard added is read as signed, or rejected', async () => {
    const framework = builtInRegistry().getFramework('care-certificate@2015');
    const others = framework.competencies.filter((standard) => standard.code !== '12').map((standard) => getCompetencyUri(framework, standard));
    expect(others).toHaveLength(14);
    // Empty @set objects whose @index reads as targetUrl, and the Open Badges type moved to @type.
    const forged = withTypeSplit(withDecoyAlignments(bls, others));
    expect(await referenceSignatureHolds(forged), 'the forgery keeps the signature').toBe(true);
    const engine = createRecognitionEngine({ target: 'care-certificate@2025' });
    const assess = (credential: object) => assessCredentials(engine, [{ credential, source: 'bls.json' }], { verify: { now: NOW }, asOf: AS_OF });
    const genuine = await assess(bls);
    expect(rejected(genuine, 'bls.json')).toBe(false);
    const report = await assess(forged);
    if (!rejected(report, 'bls.json')) expect(report).toEqual(genuine);
    expect(recognised(report)).toBeLessThanOrEqual(recognised(genuine));
  });

  it.each([
    ['under an @nest alias', '@nest alias holding awardedDate at $'],
    ['as its full IRI', 'full IRI <https://purl.imsglobal.org/spec/vc/ob/vocab.html#awardedDate> for $.awardedDate'],
  ])('awardedDate hidden %s: the learning keeps its award date, or the credential is rejected', async (_, label) => {
    const forged = rewriteLabelled(careCertificate, label);
    expect(await referenceSignatureHolds(forged), 'the forgery keeps the signature').toBe(true);
    const outcome = evidenceFromCredential(forged, await verifyCredential(forged, { now: NOW }), { source: 'cc.json' });
    if ('evidence' in outcome) expect(outcome.evidence.achievedAt).toBe('2016-03-01T00:00:00Z');
    else expect(outcome.rejection.code).toBe('invalid');
  });
});
