import { describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { generateIssuerKey, importIssuerKey } from '../keys/keys.js';
import { signCredential } from './sign.js';
import { readVector } from '@carepass/test-support';

const TV = 'vc-di-eddsa/TestVectors/';

async function codeOf(promise: Promise<unknown>): Promise<{ code?: string; issues?: readonly { code: string }[] }> {
  try {
    await promise;
    return {};
  } catch (error) {
    return isCarepassError(error) ? { code: error.code, issues: error.details && 'issues' in error.details ? error.details.issues : [] } : { code: 'not a CarepassError' };
  }
}

describe('signCredential', () => {
  it.each([
    ['eddsa-rdfc-2022', 'eddsa-rdfc-2022/signedDataInt.json'],
    ['eddsa-jcs-2022', 'eddsa-jcs-2022/signedJCS.json'],
  ] as const)('reproduces the W3C %s vector proofValue byte for byte', async (suite, file) => {
    const key = await importIssuerKey(readVector(`${TV}keyPair.json`));
    const signed = await signCredential(readVector(`${TV}unsigned.json`), { key, suite, created: '2023-02-24T23:36:38Z' });
    const expected = readVector<{ proof: Record<string, unknown> }>(`${TV}${file}`);
    expect(signed.proof).toMatchObject({ proofValue: expected.proof.proofValue, created: expected.proof.created, verificationMethod: expected.proof.verificationMethod, cryptosuite: suite });
  });

  it('never mutates the credential it signs', async () => {
    const key = await generateIssuerKey();
    const unsigned = { ...readVector(`${TV}unsigned.json`), issuer: key.controller };
    const copy = structuredClone(unsigned);
    await signCredential(unsigned, { key });
    expect(unsigned).toEqual(copy);
  });

  it('refuses credentials verifiers would reject, saying why', async () => {
    const key = await generateIssuerKey();
    const base = { ...readVector(`${TV}unsigned.json`), issuer: key.controller };
    expect(await codeOf(signCredential({ ...base, credentialSubject: { id: 'did:example:1', shoeSize: 9 }, '@context': ['https://www.w3.org/ns/credentials/v2'] }, { key }))).toMatchObject({
      code: 'CREDENTIAL_INVALID',
      issues: [{ code: 'undefined_term' }],
    });
    expect(await codeOf(signCredential({ ...base, issuer: undefined }, { key }))).toMatchObject({ code: 'CREDENTIAL_INVALID', issues: [{ code: 'issuer_missing' }] });
    expect(await codeOf(signCredential({ ...base, proof: {} }, { key }))).toMatchObject({ code: 'CREDENTIAL_INVALID' });
    expect((await codeOf(signCredential(base, { key, suite: 'eddsa-2099' as never }))).code).toBe('INVALID_ARGUMENT');
    expect((await codeOf(signCredential(base, { key: { ...key } }))).code).toBe('INVALID_ARGUMENT');
  });
});
