import canonicalize from 'canonicalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from './issue/issue.js';
import { generateIssuerKey } from './keys/keys.js';
import { allocateStatusIndex, createStatusChecker, createStatusListState, issueStatusListCredentials, createStatusEntries, createStatusListResolver } from './status/status-list.js';
import { mutationPlan } from '@carepass/test-support';
import { isVerificationCode, type VerifyCredentialOptions, verifyCredential } from './index.js';

// 3,000 in `npm test`; `npm run test:adversarial` runs far more, with a seed you can replay.
const COUNT = Number(process.env.CAREPASS_MUTATIONS ?? 3_000);
const SEED = Number(process.env.CAREPASS_SEED ?? 20261123);
const NOW = new Date('2026-11-23T12:00:00Z');

let documents: Record<string, unknown>[];
let options: VerifyCredentialOptions;

beforeAll(async () => {
  const key = await generateIssuerKey();
  const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/1', issuer: key.controller }));
  const credentialStatus = createStatusEntries(allocation.state, allocation.index);
  const common = { key, issuer: { name: 'Sunrise Home Care', url: 'https://sunrise.example' }, created: '2026-01-05T09:00:00Z' } as const;
  documents = [
    // A competency with evidence and status entries, each cryptosuite.
    await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z', evidence: [{ genre: 'Workplace observation', narrative: 'CPR observed on a manikin' }] }, { ...common, extra: { credentialStatus } }),
    await issueCredential({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z' }, { ...common, suite: 'eddsa-jcs-2022' }),
    // A micro-qualification to a hashed email.
    await issueCredential({ microQualification: 'dementia-types-and-care', subject: { email: 'naomi@example.org', salt: 'pepper' }, validFrom: '2026-01-05T09:00:00Z' }, common),
  ];
  options = { now: NOW, checkStatus: createStatusChecker({ resolve: createStatusListResolver(Object.values(await issueStatusListCredentials(allocation.state, { key, validFrom: '2026-11-20T00:00:00Z' }))) }) };
}, 60_000);

describe(`mutation fuzzing: ${COUNT} mutations of signed credentials (seed ${SEED})`, () => {
  it('starts from credentials that verify', async () => {
    for (const document of documents) expect((await verifyCredential(document, options)).verified).toBe(true);
  });

  it('refuses every mutation: change, delete or add any field or element, swap types, look-alikes, reorder contexts', async () => {
    const plan = mutationPlan(documents, COUNT, SEED);
    expect(plan).toHaveLength(COUNT);
    const accepted: string[] = [];
    const codes = new Map<string, number>();
    let unchanged = 0;
    for (const { document, mutation } of plan) {
      let mutated: unknown;
      try {
        mutated = mutation.apply(documents[document]);
      } catch {
        continue;
      }
      // Two mutations can cancel out (swap true → 0, then negate 0 → true): that is no change at all.
      if (canonicalize(mutated) === canonicalize(documents[document])) {
        unchanged++;
        continue;
      }
      const result = await verifyCredential(mutated, options);
      if (result.verified) accepted.push(`#${document}: ${mutation.label}`);
      const failed = result.checks.find((check) => !check.ok);
      if (failed) codes.set(`${failed.check}:${failed.code}`, (codes.get(`${failed.check}:${failed.code}`) ?? 0) + 1);
    }
    expect(accepted.slice(0, 10), `${accepted.length} mutations verified`).toEqual([]);
    // They were refused for many different reasons, not one blanket failure.
    expect(codes.size).toBeGreaterThan(10);
    // Every code given is in the documented vocabulary, dynamic ones included.
    expect([...codes.keys()].map((key) => key.split(':')[1]).filter((code) => !isVerificationCode(code))).toEqual([]);
    expect(unchanged).toBeLessThan(COUNT / 100);
  }, Math.max(600_000, COUNT * 30));
});
