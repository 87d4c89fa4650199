import { beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../issue/issue.js';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { createPresentation, verifyPresentation } from './presentation.js';
import type { SignedCredential } from '../issue/sign.js';

let employer: IssuerKey;
let worker: IssuerKey;
let credentials: SignedCredential[];
beforeAll(async () => {
  employer = await generateIssuerKey();
  worker = await generateIssuerKey();
  credentials = [
    await issueCredential({ framework: 'care-certificate@2015', subject: { id: worker.controller } }, { key: employer, issuer: { name: 'Employer A' } }),
    await issueCredential({ microQualification: 'moving-and-handling-trainer', subject: { id: worker.controller } }, { key: employer, issuer: { name: 'Employer A' } }),
  ];
});
const codes = (result: Awaited<ReturnType<typeof verifyPresentation>>) => result.checks.map((check) => `${check.check}:${check.code}`);

describe('presentations', () => {
  it('verify when the challenge, domain and holder all match', async () => {
    const presentation = await createPresentation(credentials, { key: worker, challenge: 'nonce-1', domain: 'employer-b.example' });
    const result = await verifyPresentation(presentation, { challenge: 'nonce-1', domain: 'employer-b.example' });
    expect(result).toMatchObject({ verified: true, holder: worker.controller });
    expect(result.credentials.map((credential) => credential.status)).toEqual(['valid', 'valid']);
  });

  it('are refused for another challenge or domain', async () => {
    const presentation = await createPresentation(credentials, { key: worker, challenge: 'nonce-1', domain: 'employer-b.example' });
    expect(codes(await verifyPresentation(presentation, { challenge: 'nonce-2', domain: 'employer-b.example' }))).toContain('proof:challenge_mismatch');
    expect(codes(await verifyPresentation(presentation, { challenge: 'nonce-1', domain: 'elsewhere.example' }))).toContain('proof:domain_mismatch');
  });

  it('are refused when the holder is not the subject', async () => {
    const stranger = await generateIssuerKey();
    const presentation = await createPresentation(credentials, { key: stranger, challenge: 'n', domain: 'd' });
    const result = await verifyPresentation(presentation, { challenge: 'n', domain: 'd' });
    expect(result.verified).toBe(false);
    expect(codes(result)).toContain('holder:holder_not_subject');
  });

  it('bind the holder only when asked: without binding, another person may present, or nobody sign; the holder check says so', async () => {
    const stranger = await generateIssuerKey();
    const presentation = await createPresentation(credentials, { key: stranger, challenge: 'n', domain: 'd' });
    const unbound = await verifyPresentation(presentation, { challenge: 'n', domain: 'd', holderBinding: false });
    expect(unbound.verified).toBe(true);
    expect(codes(unbound)).toContain('holder:not_required');
    const { proof: _proof, ...unsigned } = presentation as Record<string, unknown>;
    expect(codes(await verifyPresentation(unsigned, { holderBinding: false }))).toContain('proof:proof_missing');
    const open = await verifyPresentation(unsigned, { holderBinding: false, requireProof: false });
    expect(open.verified).toBe(true);
    expect(codes(open)).toEqual(expect.arrayContaining(['proof:skipped', 'holder:not_required']));
    // Without a challenge, a signed presentation is still checked for an authentication proof.
    const tampered = { ...presentation, holder: 'did:example:other' };
    expect((await verifyPresentation(tampered, { holderBinding: false })).verified).toBe(false);
    expect((await verifyPresentation(presentation, { holderBinding: false })).verified).toBe(true);
  });

  it('are refused when a credential inside was altered', async () => {
    const presentation = await createPresentation(credentials, { key: worker, challenge: 'n', domain: 'd' });
    (presentation.verifiableCredential as Record<string, unknown>[])[0]!.name = 'Forged';
    const result = await verifyPresentation(presentation, { challenge: 'n', domain: 'd' });
    expect(result.verified).toBe(false);
    expect(codes(result)).toContain('proof:signature_invalid');
    expect(result.credentials[0]?.status).toBe('invalid');
  });

  it('refuse what is not a presentation, without throwing', async () => {
    expect(codes(await verifyPresentation('nope', { challenge: 'n', domain: 'd' }))).toEqual(['parse:not_an_object']);
    expect(codes(await verifyPresentation({ type: 'VerifiableCredential' }, { challenge: 'n', domain: 'd' }))).toEqual(['parse:not_a_presentation']);
  });
});
