import { beforeAll, describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { checkOpenBadge } from '../verify/data-model.js';
import { hashIdentity, issueCredential } from './issue.js';
import type { IssueCredentialRequest } from './issue-request.js';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import type { SignedCredential } from './sign.js';
import { verifyCredential } from '../verify/verify.js';

let key: IssuerKey;
const issuer = { name: 'Employer A Care Ltd', url: 'https://employer-a.example' };
beforeAll(async () => {
  key = await generateIssuerKey();
});
const subjectOf = (credential: SignedCredential) => credential.credentialSubject as Record<string, unknown> & { achievement: Record<string, unknown> };

describe('issueCredential', () => {
  it('issues a competency as an Open Badges 3.0 credential that verifies', async () => {
    const credential = await issueCredential(
      { competency: 'care-certificate@2015#15', subject: { id: 'did:example:worker' }, validFrom: '2016-05-01T00:00:00Z', evidence: [{ genre: 'Workplace observation', narrative: 'Hand hygiene observed on shift' }] },
      { key, issuer },
    );
    expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(Array.isArray(credential.proof)).toBe(true);
    expect(credential.issuer).toMatchObject({ id: key.controller, type: ['Profile'], name: issuer.name });
    const { achievement } = subjectOf(credential);
    expect(achievement).toMatchObject({ achievementType: 'Competency', id: 'https://w3id.org/carepass/frameworks/care-certificate/2015/15', humanCode: '15' });
    expect(achievement.alignment).toEqual([
      expect.objectContaining({ type: ['Alignment'], targetCode: '15', targetUrl: 'https://w3id.org/carepass/frameworks/care-certificate/2015/15', targetFramework: 'The Care Certificate (2015) (care-certificate@2015)', targetType: 'CFItem' }),
    ]);
    expect(subjectOf(credential).result).toEqual([expect.objectContaining({ type: ['Result'], status: 'Completed' })]);
    expect(credential.evidence).toEqual([{ type: ['Evidence'], genre: 'Workplace observation', narrative: 'Hand hygiene observed on shift' }]);
    expect(checkOpenBadge(credential)).toEqual([]);
    expect(await verifyCredential(credential, { now: new Date('2017-01-01') })).toMatchObject({ verified: true, status: 'valid' });
  });

  it('sets validUntil from the renewal period', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2015#12.1', subject: { id: 'did:example:worker' }, validFrom: '2016-01-31T00:00:00Z' }, { key, issuer });
    expect(credential.validUntil).toBe('2017-01-31T00:00:00Z');
    expect(await verifyCredential(credential, { now: new Date('2026-11-23') })).toMatchObject({ verified: false, status: 'expired' });
  });

  it('issues a whole framework as a Certificate aligned to every standard', async () => {
    const credential = await issueCredential({ framework: 'care-certificate@2015', subject: { id: 'did:example:worker' } }, { key, issuer });
    const { achievement } = subjectOf(credential);
    expect(achievement.achievementType).toBe('Certificate');
    expect(achievement.alignment).toHaveLength(15);
    expect(credential.validUntil).toBeUndefined();
    expect((await verifyCredential(credential)).verified).toBe(true);
  });

  it('issues a micro-qualification as a MicroCredential aligned to the competencies it covers', async () => {
    const credential = await issueCredential({ microQualification: 'dementia-types-and-care', subject: { id: 'did:example:worker' } }, { key, issuer, suite: 'eddsa-jcs-2022' });
    const { achievement } = subjectOf(credential);
    expect(achievement.achievementType).toBe('MicroCredential');
    expect((achievement.alignment as { targetCode: string }[]).map((alignment) => alignment.targetCode)).toEqual(['9.1', '6.5', '9.3', '9.2', '5.2']);
    expect((await verifyCredential(credential)).verified).toBe(true);
  });

  it('identifies a subject by a salted hash of their email, never the email itself', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#16', subject: { email: 'sam.worker@example.org', salt: 's4lt' } }, { key, issuer });
    const serialised = JSON.stringify(credential);
    expect(serialised).not.toContain('sam.worker');
    expect(subjectOf(credential).identifier).toEqual([{ type: 'IdentityObject', identityHash: await hashIdentity('sam.worker@example.org', 's4lt'), identityType: 'emailAddress', hashed: true, salt: 's4lt' }]);
    expect(await hashIdentity('Sam.Worker@example.org ', 's4lt')).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect((await verifyCredential(credential)).verified).toBe(true);
  });

  it('refuses an ambiguous or unknown achievement with a coded error', async () => {
    const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'none', (error: unknown) => (isCarepassError(error) ? error.code : 'not coded'));
    // Neither or two kinds of award: refused before anything else (the types refuse them too).
    expect(await codeOf(issueCredential({ subject: { id: 'did:example:w' } } as unknown as IssueCredentialRequest, { key, issuer }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(issueCredential({ competency: 'care-certificate@2015#1', framework: 'care-certificate', subject: { id: 'did:example:w' } } as unknown as IssueCredentialRequest, { key, issuer }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(issueCredential({ competency: 'care-certificate@2015#99', subject: { id: 'did:example:w' } }, { key, issuer }))).toBe('COMPETENCY_NOT_FOUND');
    expect(await codeOf(issueCredential({ framework: 'nursing', subject: { id: 'did:example:w' } }, { key, issuer }))).toBe('FRAMEWORK_NOT_FOUND');
  });
});

describe('interoperability', () => {
  it('issues credentials the plain @digitalbazaar/vc verifier accepts (rdfc and jcs)', async () => {
    const vc = await import('@digitalbazaar/vc');
    const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
    const { cryptosuite } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
    const { createVerifyCryptosuite } = await import('@digitalbazaar/eddsa-jcs-2022-cryptosuite');
    const { createDocumentLoader } = await import('../jsonld/document-loader.js');
    for (const suite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
      const credential = await issueCredential({ framework: 'care-certificate@2025', subject: { id: 'did:example:worker' } }, { key, issuer, suite });
      const result = await vc.verifyCredential({
        credential: JSON.parse(JSON.stringify(credential)) as object,
        suite: new DataIntegrityProof({ cryptosuite: suite === 'eddsa-rdfc-2022' ? cryptosuite : createVerifyCryptosuite() }),
        documentLoader: createDocumentLoader(),
      });
      expect(result.verified, String((result.error as Error | undefined)?.message)).toBe(true);
    }
  });
});
