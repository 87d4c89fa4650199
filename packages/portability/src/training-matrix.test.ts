import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustChecker, createTrustRegistry, generateIssuerKey, type IssuerKey, issueCredential } from '@carepass/credentials';
import { buildTrainingMatrix, formatTrainingMatrixCsv } from './training-matrix.js';
import { builtInTrainingTopics, safeParseTrainingTopics } from './training-topics.js';

const NOW = new Date('2026-11-28T12:00:00Z');
let provider: IssuerKey;
let stranger: IssuerKey;
let naomi2016: Record<string, unknown>;
let naomiBls: Record<string, unknown>;
let samMoving: Record<string, unknown>;
let samSafeguarding: Record<string, unknown>;
let strangerCredential: Record<string, unknown>;

const entry = (matrix: Awaited<ReturnType<typeof buildTrainingMatrix>>, subject: string, topic: string) => matrix.workers.find((worker) => worker.subject === subject)?.entries.find((cell) => cell.topic === topic);

beforeAll(async () => {
  provider = await generateIssuerKey();
  stranger = await generateIssuerKey();
  const issuer = { name: 'Sunrise Home Care' };
  naomi2016 = await issueCredential({ framework: 'care-certificate@2015', subject: { id: 'did:example:naomi' }, awardedDate: '2016-03-01T00:00:00Z', validFrom: '2016-03-01T00:00:00Z' }, { key: provider, issuer });
  naomiBls = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, awardedDate: '2026-11-01T00:00:00Z', validFrom: '2026-11-01T00:00:00Z' }, { key: provider, issuer });
  // Moving and assisting people is refreshed yearly: this completion expires on 2026-12-15.
  samMoving = await issueCredential({ competency: 'care-certificate@2015#13', subject: { id: 'did:example:sam' }, awardedDate: '2025-12-15T00:00:00Z', validFrom: '2025-12-15T00:00:00Z' }, { key: provider, issuer });
  samSafeguarding = await issueCredential({ competency: 'care-certificate@2025#10', subject: { id: 'did:example:sam' }, awardedDate: '2025-06-01T00:00:00Z', validFrom: '2025-06-01T00:00:00Z' }, { key: provider, issuer });
  strangerCredential = await issueCredential({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:sam' }, validFrom: '2026-01-01T00:00:00Z' }, { key: stranger, issuer: { name: 'Unknown trainer' } });
});

describe('the built-in training topics', () => {
  it('are valid, sourced, and explain every missing refresh period', () => {
    const list = builtInTrainingTopics();
    expect(list.topics.length).toBeGreaterThanOrEqual(10);
    for (const topic of list.topics) {
      expect(topic.renewal !== undefined || topic.renewalNote !== undefined).toBe(true);
      for (const provenance of [topic.provenance, topic.renewal?.provenance].filter((value) => value !== undefined)) {
        expect(provenance?.citations?.length, `${topic.id} cites with locators`).toBeGreaterThan(0);
      }
    }
    expect(list.topics.find((topic) => topic.id === 'basic-life-support')?.renewal?.months).toBe(12);
    expect(list.topics.find((topic) => topic.id === 'learning-disability-and-autism')?.renewal).toBeUndefined();
  });

  it('refuse a list with unknown references, unlisted sources or unexplained periods, with JSON paths', () => {
    const list = structuredClone(builtInTrainingTopics()) as { topics: Record<string, unknown>[] };
    list.topics[0] = { ...list.topics[0], competencies: ['care-certificate@2015#99'] };
    const { renewal: _renewal, ...noRenewal } = list.topics[1] as Record<string, unknown>;
    list.topics[1] = noRenewal;
    const result = safeParseTrainingTopics(list);
    expect(result.ok).toBe(false);
    expect(result.issues.map((issue) => `${issue.code} ${issue.path}`)).toEqual(['unresolved_reference $.topics[0].competencies[0]', 'renewal_unexplained $.topics[1]']);
  });
});

describe('buildTrainingMatrix', () => {
  it('gives each worker the latest completion of every topic, its expiry and a status', async () => {
    const matrix = await buildTrainingMatrix(
      [
        { credential: naomi2016, source: 'naomi/care-certificate-2016.json' },
        { credential: naomiBls, source: 'naomi/bls-2026.json' },
        { credential: samMoving, source: 'sam/health-and-safety.json' },
        { credential: samSafeguarding, source: 'sam/safeguarding.json' },
      ],
      { asOf: '2026-11-28', verify: { now: NOW } },
    );
    expect(matrix.asOf).toBe('2026-11-28');
    expect(matrix.workers.map((worker) => worker.subject)).toEqual(['did:example:naomi', 'did:example:sam']);
    expect(matrix.workers.every((worker) => worker.entries.length === matrix.topics.length)).toBe(true);
    // A Care Certificate from 2016: safeguarding lapsed after three years; the new BLS course is current.
    expect(entry(matrix, 'did:example:naomi', 'safeguarding-adults')).toMatchObject({ status: 'expired', completed: '2016-03-01', expires: '2019-03-01', evidence: { source: 'naomi/care-certificate-2016.json' } });
    expect(entry(matrix, 'did:example:naomi', 'basic-life-support')).toMatchObject({ status: 'current', completed: '2026-11-01', expires: '2027-11-01', evidence: { source: 'naomi/bls-2026.json' } });
    // No refresh period is published for handling information: it does not expire on that account.
    expect(entry(matrix, 'did:example:naomi', 'information-governance')).toMatchObject({ status: 'current', completed: '2016-03-01', expires: null });
    expect(entry(matrix, 'did:example:naomi', 'medication')).toEqual({ topic: 'medication', title: 'Medicines support', status: 'missing', completed: null, expires: null, evidence: null });
    // Standard 13 evidences moving and assisting people (13.3), which is due within 30 days.
    expect(entry(matrix, 'did:example:sam', 'moving-and-assisting-people')).toMatchObject({ status: 'due-soon', expires: '2026-12-15' });
    expect(entry(matrix, 'did:example:sam', 'safeguarding-adults')).toMatchObject({ status: 'current', expires: '2028-06-01' });
    expect(entry(matrix, 'did:example:sam', 'basic-life-support')?.status).toBe('missing');
    expect(matrix.rejected).toEqual([]);
  });

  it('counts a topic due on the as-of day as due soon, and expired the day after', async () => {
    const at = async (asOf: string) => entry(await buildTrainingMatrix([{ credential: samMoving, source: 's' }], { asOf, dueWithinDays: 0, verify: { now: NOW } }), 'did:example:sam', 'moving-and-assisting-people')?.status;
    expect(await at('2026-12-14')).toBe('current');
    expect(await at('2026-12-15')).toBe('due-soon');
    expect(await at('2026-12-16')).toBe('expired');
  });

  it('never counts tampered or untrusted credentials, and lists them with the reason', async () => {
    const tampered = { ...naomiBls, credentialSubject: { ...(naomiBls.credentialSubject as object), id: 'did:example:sam' } };
    const registry = await createTrustRegistry({ key: await generateIssuerKey(), name: 'Register', validFrom: '2020-01-01T00:00:00Z', issuers: [{ id: provider.controller, name: 'Sunrise Home Care', scope: ['care-certificate'] }] });
    const matrix = await buildTrainingMatrix(
      [
        { credential: samSafeguarding, source: 'sam/safeguarding.json' },
        { credential: tampered, source: 'sam/forged-bls.json' },
        { credential: strangerCredential, source: 'sam/stranger.json' },
      ],
      { asOf: '2026-11-28', verify: { now: NOW, checkTrust: await createTrustChecker({ registries: [registry], now: NOW }) }, unreadable: [{ source: 'sam/broken.json', code: 'unreadable', message: 'sam/broken.json: not valid JSON' }] },
    );
    expect(matrix.rejected.map((rejection) => `${rejection.source} ${rejection.code}`)).toEqual(['sam/broken.json unreadable', 'sam/forged-bls.json tampered', 'sam/stranger.json untrusted']);
    expect(entry(matrix, 'did:example:sam', 'basic-life-support')?.status).toBe('missing');
    expect(entry(matrix, 'did:example:sam', 'infection-prevention-and-control')?.status).toBe('missing');
    expect(entry(matrix, 'did:example:sam', 'safeguarding-adults')?.status).toBe('current');
  });

  it('writes CSV for spreadsheets: a header, one row per worker and topic, cells that cannot run as formulas', async () => {
    const matrix = await buildTrainingMatrix([{ credential: samSafeguarding, source: '=HYPERLINK("x")' }], { asOf: '2026-11-28', verify: { now: NOW } });
    const lines = formatTrainingMatrixCsv(matrix).trimEnd().split('\r\n');
    expect(lines[0]).toBe('subject,topic,title,status,completed,expires,evidence,source');
    expect(lines).toHaveLength(1 + matrix.topics.length);
    expect(lines.find((line) => line.includes(',safeguarding-adults,'))).toMatch(/^did:example:sam,safeguarding-adults,Safeguarding adults,current,2025-06-01,2028-06-01,urn:uuid:[0-9a-f-]+,"'=HYPERLINK\(""x""\)"$/u);
  });

  it('refuses inputs that are not credentials to assess, and bad dates, with coded errors', async () => {
    await expect(buildTrainingMatrix('nope' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(buildTrainingMatrix([{ credential: {} } as never])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(buildTrainingMatrix([], { asOf: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(buildTrainingMatrix([], { dueWithinDays: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
