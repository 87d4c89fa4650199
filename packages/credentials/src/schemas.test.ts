import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readVector } from '@carepass/test-support';
import { decodeCredentialJwt, issueCredential, issueCredentialJwt, type IssueCredentialRequest, generateIssuerKey } from './index.js';
import { allocateStatusIndex, createStatusEntries, createStatusListState } from './status/status-list.js';

// Every credential Carepass emits passes 1EdTech's official Open Badges 3.0 JSON Schema
// (fixtures/vectors/1edtech-schemas, draft 2019-09), in every shape it issues.
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validateAchievementCredential = ajv.compile(readVector('1edtech-schemas/ob_v3p0/ob_v3p0_achievementcredential_schema.json') as object);

const errorsOf = (credential: unknown) => (validateAchievementCredential(credential) ? [] : (validateAchievementCredential.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));

describe("1EdTech's Open Badges 3.0 JSON Schema", () => {
  it('accepts every kind of credential Carepass issues, as JSON and as a JWT payload', async () => {
    const key = await generateIssuerKey();
    const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/1', issuer: key.controller }));
    const requests: IssueCredentialRequest[] = [
      { competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, evidence: [{ genre: 'Workplace observation', narrative: 'CPR observed on a manikin' }] },
      { competency: 'care-certificate@2015#15', subject: { email: 'naomi@example.org', salt: 'pepper' }, validUntil: '2027-01-01T00:00:00Z' },
      { framework: 'care-certificate@2025', subject: { id: 'did:example:naomi' } },
      { microQualification: 'dementia-types-and-care', subject: { id: 'did:example:naomi' } },
    ];
    const emitted: [string, unknown][] = [];
    for (const request of requests) {
      const label = JSON.stringify(Object.values(request)[0]);
      emitted.push([`${label} eddsa-rdfc-2022, revocable`, await issueCredential(request, { key, issuer: { name: 'Sunrise Home Care', url: 'https://sunrise.example' }, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index, { purposes: ['revocation'] })[0] } })]);
      emitted.push([`${label} eddsa-jcs-2022, no image`, await issueCredential(request, { key, suite: 'eddsa-jcs-2022', image: false })]);
      emitted.push([`${label} VC-JWT payload`, decodeCredentialJwt(await issueCredentialJwt(request, { key }))?.payload]);
    }
    for (const [label, credential] of emitted) expect(errorsOf(credential), label).toEqual([]);
  });

  it('refuses the two status entries (revocation and suspension) Carepass writes by default: the schema takes one object, VC 2.0 a list', async () => {
    const key = await generateIssuerKey();
    const allocation = await allocateStatusIndex(await createStatusListState({ id: 'https://status.example/1', issuer: key.controller }));
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' } }, { key, extra: { credentialStatus: createStatusEntries(allocation.state, allocation.index) } });
    expect(errorsOf(credential)).toEqual(['/credentialStatus must be object']);
  });

  it('is a real check: it refuses a credential without an issuer or with a malformed subject', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' } }, { key: await generateIssuerKey() });
    const { issuer: _issuer, ...noIssuer } = credential;
    expect(errorsOf(noIssuer).join('\n')).toContain("must have required property 'issuer'");
    expect(errorsOf({ ...credential, credentialSubject: { type: ['AchievementSubject'] } })).not.toEqual([]);
  });
});
