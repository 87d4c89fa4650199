import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVector } from '@carepass/test-support';
import { issueCredential, issueCredentialJwt } from '../issue/issue.js';
import { signCredentialJwt } from '../jwt/sign-jwt.js';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { addTrustedIssuer, createTrustChecker, createTrustRegistry } from '../trust/trust.js';
import { verifyCredential } from '../verify/verify.js';
import { createEndorsementCredential, findEndorsements, issueEndorsement, verifyEndorsements } from './endorsement.js';

const NOW = '2026-11-28T12:00:00Z';
let standardsBody: IssuerKey;
let provider: IssuerKey;
let operator: IssuerKey;
let stranger: IssuerKey;

beforeAll(async () => {
  const keyOf = (fill: number) => generateIssuerKey({ seed: new Uint8Array(32).fill(fill) });
  [standardsBody, provider, operator, stranger] = [await keyOf(1), await keyOf(2), await keyOf(3), await keyOf(4)];
});

describe('endorsements', () => {
  it('issues an Open Badges 3.0 EndorsementCredential that verifies and passes 1EdTech\'s endorsement schema', async () => {
    const endorsement = await issueEndorsement({ subject: provider.controller, comment: 'Endorsed training provider for the Care Certificate', validFrom: '2026-01-01' }, { key: standardsBody, issuer: { name: 'Example Standards Body' }, now: NOW });
    expect(endorsement).toMatchObject({ type: ['VerifiableCredential', 'EndorsementCredential'], issuer: { id: standardsBody.controller, name: 'Example Standards Body' }, credentialSubject: { id: provider.controller, type: ['EndorsementSubject'], endorsementComment: 'Endorsed training provider for the Care Certificate' } });
    expect((await verifyCredential(endorsement, { now: NOW })).verified).toBe(true);
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readVector('1edtech-schemas/ob_v3p0/ob_v3p0_endorsementcredential_schema.json') as object);
    expect(validate(endorsement), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a request that names nothing to endorse or says nothing', () => {
    expect(() => createEndorsementCredential({ subject: 'not a url', comment: 'x' }, { endorserId: standardsBody.controller })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('$.subject') }));
    expect(() => createEndorsementCredential({ subject: provider.controller, comment: ' ' }, { endorserId: standardsBody.controller })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('$.comment') }));
  });

  it('reports endorsements presented with a credential (JSON or JWT): of its issuer, of its achievement, forged ones and unrelated ones', async () => {
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:worker' } }, { key: provider, now: NOW });
    const result = await verifyCredential(credential, { now: NOW });
    const ofIssuer = await issueEndorsement({ subject: provider.controller, comment: 'Endorsed training provider' }, { key: standardsBody, now: NOW });
    const achievementId = result.credential.achievement?.id as string;
    const ofAchievement = await signCredentialJwt(createEndorsementCredential({ subject: achievementId, comment: 'Meets the national standard' }, { endorserId: standardsBody.controller, now: NOW }), { key: standardsBody });
    const forged = { ...ofIssuer, credentialSubject: { ...(ofIssuer.credentialSubject as object), endorsementComment: 'Outstanding provider' } };
    const unrelated = await issueEndorsement({ subject: stranger.controller, comment: 'Someone else' }, { key: standardsBody, now: NOW });
    const reports = await verifyEndorsements(credential, result, { now: NOW, presented: [ofIssuer, ofAchievement, forged, unrelated] });
    expect(reports.map((report) => [report.source, report.about, report.verified, report.problem?.code ?? null])).toEqual([
      ['presented', 'issuer', true, null],
      ['presented', 'achievement', true, null],
      ['presented', 'issuer', false, 'signature_invalid'],
      ['presented', 'other', true, null],
    ]);
    expect(reports[0]).toMatchObject({ endorser: { id: standardsBody.controller }, comment: 'Endorsed training provider' });
    // Signed claims only: the forged comment is not what a verified report says.
    expect(reports.filter((report) => report.verified).map((report) => report.comment)).not.toContain('Outstanding provider');
  });

  it('signs a credential carrying an endorsement, and finds and verifies it there', async () => {
    const endorsement = await issueEndorsement({ subject: provider.controller, comment: 'Endorsed training provider' }, { key: standardsBody, now: NOW });
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:worker' } }, { key: provider, now: NOW, extra: { endorsement: [endorsement] } });
    const result = await verifyCredential(credential, { now: NOW });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(findEndorsements(credential)).toEqual([endorsement]);
    const reports = await verifyEndorsements(credential, result, { now: NOW });
    expect(reports).toEqual([expect.objectContaining({ source: 'attached', about: 'issuer', verified: true, comment: 'Endorsed training provider', endorser: { id: standardsBody.controller } })]);
  });

  it('finds the endorsements 1EdTech\'s complete sample carries on the credential, its issuer and its achievement, and reports why they do not verify', async () => {
    const complete = readVector('ob3-validator/complete.json');
    expect(findEndorsements(complete)).toHaveLength(3);
    const reports = await verifyEndorsements(complete, await verifyCredential(complete, { failClosed: false }), { failClosed: false });
    expect(reports).toHaveLength(3);
    // Each is reported with the check that refused it, and none is counted.
    expect(reports.map((report) => [report.source, report.verified, typeof report.problem?.code])).toEqual([
      ['attached', false, 'string'],
      ['attached', false, 'string'],
      ['attached', false, 'string'],
    ]);
  });
});

describe('trust through endorsement', () => {
  it('trusts an issuer endorsed by an endorser the registry names, within the endorser\'s scope and the endorsement\'s validity', async () => {
    let registry = await createTrustRegistry({ key: operator, name: 'National register', validFrom: '2020-01-01T00:00:00Z' });
    registry = await addTrustedIssuer(registry, { id: standardsBody.controller, name: 'Example Standards Body', scope: ['care-certificate@2025'], role: 'endorser' }, { key: operator });
    const endorsement = await issueEndorsement({ subject: provider.controller, comment: 'Endorsed training provider', validFrom: '2026-01-01', validUntil: '2027-01-01' }, { key: standardsBody, now: NOW });
    const c12 = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:worker' } }, { key: provider, now: NOW });
    const other = await issueCredential({ competency: 'care-certificate@2015#12', subject: { id: 'did:example:worker' } }, { key: provider, now: NOW });
    const byEndorser = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:worker' } }, { key: standardsBody, now: NOW });
    const trustOf = async (credential: object, endorsements: unknown[], now = NOW) => {
      const checkTrust = await createTrustChecker({ registries: [registry], endorsements, now });
      const result = await verifyCredential(credential, { checkTrust, now });
      return [result.status, result.checks.find((check) => check.check === 'trust')?.code];
    };
    expect(await trustOf(c12, [])).toEqual(['untrusted', 'untrusted']);
    expect(await trustOf(c12, [endorsement])).toEqual(['valid', 'ok']);
    expect(await trustOf(c12, [await issueCredentialJwt({ competency: 'care-certificate@2025#1', subject: { id: 'did:example:x' } }, { key: standardsBody })])).toEqual(['untrusted', 'untrusted']);
    expect(await trustOf(other, [endorsement])).toEqual(['out-of-scope', 'out_of_scope']);
    expect(await trustOf(c12, [endorsement], '2027-06-01T00:00:00Z')).toEqual(['untrusted', 'untrusted']);
    // An endorser is trusted to endorse, not to issue.
    expect(await trustOf(byEndorser, [endorsement])).toEqual(['untrusted', 'untrusted']);
    // An endorsement by anyone else, or one that does not verify, counts for nothing.
    const byStranger = await issueEndorsement({ subject: provider.controller, comment: 'Trust me' }, { key: stranger, now: NOW });
    expect(await trustOf(c12, [byStranger])).toEqual(['untrusted', 'untrusted']);
    expect(await trustOf(c12, [{ ...endorsement, validUntil: '2099-01-01T00:00:00Z' }])).toEqual(['untrusted', 'untrusted']);
  });
});
