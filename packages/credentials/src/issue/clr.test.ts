import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVector } from '@carepass/test-support';
import { builtInRegistry } from '@carepass/frameworks';
import { generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { verifyCredential } from '../verify/verify.js';
import { issueCredential } from './issue.js';
import { issueClrCredential } from './clr.js';
import { signCredential } from './sign.js';

const NOW = '2026-11-28T12:00:00Z';
let key: IssuerKey;
let clr: Record<string, unknown>;

beforeAll(async () => {
  key = await generateIssuerKey({ seed: new Uint8Array(32).fill(21) });
  clr = await issueClrCredential({ framework: 'care-certificate@2025', subject: { id: 'did:example:worker' }, validFrom: '2026-01-05T09:00:00Z' }, { key, issuer: { name: 'Sunrise Home Care' }, now: NOW });
}, 60_000);

const held = (credential: Record<string, unknown>) => (credential.credentialSubject as { verifiableCredential: Record<string, unknown>[] }).verifiableCredential;

describe('CLR 2.0 learner records', () => {
  it('holds one signed AchievementCredential per standard, the certificate\'s achievement and an association to each', () => {
    const framework = builtInRegistry().getFramework('care-certificate@2025');
    expect(clr.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    expect(held(clr)).toHaveLength(framework.competencies.length);
    const subject = clr.credentialSubject as { id: string; achievement: { id: string }[]; association: { associationType: string; sourceId: string; targetId: string }[] };
    expect(subject.id).toBe('did:example:worker');
    expect(subject.achievement[0]?.id).toBe(framework.id);
    expect(subject.association).toHaveLength(framework.competencies.length);
    expect(subject.association.every((association) => association.associationType === 'isParentOf' && association.sourceId === framework.id)).toBe(true);
    expect(subject.association.map((association) => association.targetId)).toEqual(held(clr).map((credential) => (credential.credentialSubject as { achievement: { id: string } }).achievement.id));
  });

  it('verifies, and verifies every credential it holds on its own', async () => {
    const result = await verifyCredential(clr, { now: NOW });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.checks.at(-1)).toMatchObject({ check: 'credentials', ok: true, code: 'ok' });
    expect(result.credentials).toHaveLength(held(clr).length);
    expect(result.credentials?.every((entry) => entry.verified)).toBe(true);
  });

  it('passes 1EdTech\'s CLR 2.0 JSON Schema', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(readVector('1edtech-schemas/clr_v2p0/clr_v2p0_clrcredential_schema.json') as object);
    expect(validate(clr), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('refuses a CLR whose held credential was changed, even when the CLR is re-signed around it', async () => {
    const tampered = structuredClone(clr);
    (held(tampered)[0] as { name: string }).name = 'Forged';
    const broken = await verifyCredential(tampered, { now: NOW });
    expect(broken.verified).toBe(false);
    expect(broken.checks.find((check) => check.check === 'proof')?.code).toBe('signature_invalid');
    const { proof: _proof, ...unsigned } = tampered;
    const resigned = await signCredential(unsigned, { key, proofAsArray: true });
    const result = await verifyCredential(resigned, { now: NOW });
    expect(result.verified).toBe(false);
    expect(result.checks.find((check) => check.check === 'credentials')).toMatchObject({ ok: false, code: 'held_credential_refused', path: '$.credentialSubject.verifiableCredential[0]' });
    expect(result.credentials?.[0]?.verified).toBe(false);
  });

  it('notes an expired credential it holds without refusing the record', async () => {
    const other = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:worker' }, validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' }, { key, now: NOW });
    const { proof: _proof, ...unsigned } = clr;
    const withExpired = structuredClone(unsigned) as Record<string, unknown>;
    held(withExpired).push(other);
    const result = await verifyCredential(await signCredential(withExpired, { key, proofAsArray: true }), { now: NOW });
    expect(result.verified).toBe(true);
    expect(result.checks.find((check) => check.check === 'credentials')?.message).toMatch(/1 expired/);
  });
});
