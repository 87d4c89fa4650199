import { beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../issue/issue.js';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { addTrustedIssuer, createTrustChecker, createTrustRegistry, parseTrustRegistry } from './trust.js';
import { verifyCredential } from '../verify/verify.js';

let operator: IssuerKey;
let provider: IssuerKey;
let stranger: IssuerKey;
let registry: Record<string, unknown>;
const subject = { id: 'did:example:worker' };
const trustOf = async (credential: Record<string, unknown>, registries: object[], now?: Date) => {
  const result = await verifyCredential(credential, { checkTrust: await createTrustChecker({ registries, ...(now ? { now } : {}) }), ...(now ? { now } : {}) });
  return { status: result.status, trust: result.checks.find((check) => check.check === 'trust') };
};

beforeAll(async () => {
  operator = await generateIssuerKey();
  provider = await generateIssuerKey();
  stranger = await generateIssuerKey();
  registry = await createTrustRegistry({ key: operator, name: 'National register of endorsed care training providers', validFrom: '2020-01-01T00:00:00Z' });
  registry = await addTrustedIssuer(registry, { id: provider.controller, name: 'Northern Care Training', accreditation: 'Endorsed training provider', scope: ['care-certificate'], trustedFrom: '2020-01-01T00:00:00Z', trustedUntil: '2030-01-01T00:00:00Z' }, { key: operator });
});

describe('trust registries', () => {
  it('are signed credentials listing issuers and what they may attest', async () => {
    expect((await verifyCredential(registry)).verified).toBe(true);
    expect(parseTrustRegistry(registry).issuers).toEqual([expect.objectContaining({ id: provider.controller, scope: ['care-certificate'] })]);
  });

  it('trust a listed issuer for what is in its scope', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#10', subject }, { key: provider });
    expect(await trustOf(credential, [registry])).toMatchObject({ status: 'valid', trust: { ok: true, code: 'ok' } });
  });

  it('refuse an issuer that is not listed: untrusted, though the signature is valid', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#10', subject }, { key: stranger });
    expect(await trustOf(credential, [registry])).toMatchObject({ status: 'untrusted', trust: { ok: false, code: 'untrusted' } });
  });

  it('refuse a trusted issuer outside its scope: out of scope', async () => {
    const credential = await issueCredential({ microQualification: 'catheter-and-stoma-care', subject }, { key: provider });
    expect(await trustOf(credential, [registry])).toMatchObject({ status: 'out-of-scope', trust: { ok: false, code: 'out_of_scope' } });
  });

  it('scope competencies with their outcomes and criteria, and nothing else', async () => {
    const narrow = await addTrustedIssuer(registry, { id: provider.controller, name: 'Northern Care Training', scope: ['care-certificate@2025#12'] }, { key: operator });
    const inside = await issueCredential({ competency: 'care-certificate@2025#12.1', subject }, { key: provider });
    const outside = await issueCredential({ competency: 'care-certificate@2025#13', subject }, { key: provider });
    expect((await trustOf(inside, [narrow])).trust?.ok).toBe(true);
    expect((await trustOf(outside, [narrow])).trust?.code).toBe('out_of_scope');
  });

  it('refuse outside the period of trust', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#10', subject, validFrom: '2031-01-01T00:00:00Z' }, { key: provider });
    expect((await trustOf(credential, [registry], new Date('2031-06-01T00:00:00Z'))).trust).toMatchObject({ ok: false, code: 'untrusted' });
  });

  it('refuse a tampered registry as registry-invalid', async () => {
    const tampered = structuredClone(registry) as { credentialSubject: { trustedIssuer: { id: string }[] } };
    tampered.credentialSubject.trustedIssuer[0]!.id = stranger.controller;
    const credential = await issueCredential({ competency: 'care-certificate@2025#10', subject }, { key: stranger });
    expect(await trustOf(credential, [tampered])).toMatchObject({ status: 'registry-invalid', trust: { ok: false, code: 'registry_invalid' } });
  });

  it('combine registries: a national one and an employer\'s own', async () => {
    const employerOperator = await generateIssuerKey();
    const own = await createTrustRegistry({ key: employerOperator, name: 'Employer B approved trainers', issuers: [{ id: stranger.controller, name: 'In-house trainer', scope: ['moving-and-handling-trainer'] }] });
    const mq = await issueCredential({ microQualification: 'moving-and-handling-trainer', subject }, { key: stranger });
    const cc = await issueCredential({ competency: 'care-certificate@2025#10', subject }, { key: provider });
    expect((await trustOf(mq, [registry, own])).trust?.ok).toBe(true);
    expect((await trustOf(cc, [registry, own])).trust?.ok).toBe(true);
    expect((await trustOf(mq, [registry])).trust?.code).toBe('untrusted');
  });

  it('check each entry against its schema, naming where it is wrong', async () => {
    for (const [entry, message] of [
      [{ id: 'not-a-did', name: 'x', scope: ['*'] }, /issuers\[0\]: \$\.id: must be a DID/u],
      [{ id: provider.controller, name: 'x', scope: [] }, /issuers\[0\]: \$\.scope: needs a scope/u],
      [{ id: provider.controller, name: 'x', scope: ['*'], trustedUntil: 'next year' }, /\$\.trustedUntil: must be an ISO 8601 date-time/u],
      [{ id: provider.controller, name: 'x', scope: ['*'], score: 5 }, /unknown property "score"/u],
    ] as const) {
      await expect(createTrustRegistry({ key: operator, name: 'r', issuers: [entry as never] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
    }
  });

  it('refuse to let anyone but the operator change the registry', async () => {
    await expect(addTrustedIssuer(registry, { id: stranger.controller, name: 'x', scope: ['*'] }, { key: stranger })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
