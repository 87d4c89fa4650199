import { fileURLToPath } from 'node:url';
import { readSourceText } from '@carepass/test-support';
import { describe, expect, it } from 'vitest';
import { isVerificationCode, VERIFICATION_CODE_HELP, VerificationCodes } from './codes.js';
import { checkCredentialDataModel } from './data-model.js';

describe('the verification code vocabulary', () => {
  it('is lower_snake_case, each code with a meaning and an action', () => {
    expect(VerificationCodes.length).toBeGreaterThan(80);
    for (const code of VerificationCodes) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/u);
      expect(VERIFICATION_CODE_HELP[code].meaning.length, code).toBeGreaterThan(10);
      expect(VERIFICATION_CODE_HELP[code].action.length, code).toBeGreaterThan(3);
    }
  });

  it('lists no code the checks cannot give: each is written in the source, or built for a typed-object field', () => {
    // The package's code, and the JSON limits every package shares (they give `limit_exceeded`).
    const text = readSourceText([fileURLToPath(new URL('..', import.meta.url)), fileURLToPath(new URL('../../../frameworks/src/limits.ts', import.meta.url))], { exclude: ['codes.ts'] });
    const typedObject = /^(credentialstatus|credentialschema|termsofuse|evidence|refreshservice)_(invalid|type_missing|id_invalid)$/u;
    expect(VerificationCodes.filter((code) => !typedObject.test(code) && !text.includes(`'${code}'`))).toEqual([]);
  });

  it('covers the codes built from field names, as the data-model check gives them', () => {
    const issues = checkCredentialDataModel({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: { id: 'did:example:worker' },
      credentialStatus: 'revoked',
      credentialSchema: { type: 'JsonSchema' },
      termsOfUse: { id: 'not a url', type: 'Policy' },
      evidence: [{ id: 'https://example.org/e' }],
      refreshService: 7,
    });
    const codes = issues.map((issue) => issue.code);
    expect(codes).toEqual(expect.arrayContaining(['credentialstatus_invalid', 'credentialschema_id_missing', 'termsofuse_id_invalid', 'evidence_type_missing', 'refreshservice_invalid']));
    expect(codes.filter((code) => !isVerificationCode(code))).toEqual([]);
  });

  it('tells codes from other strings', () => {
    expect(isVerificationCode('signature_invalid')).toBe(true);
    expect(isVerificationCode('status-unavailable')).toBe(false);
    expect(isVerificationCode('toString')).toBe(false);
    expect(isVerificationCode(42)).toBe(false);
  });
});
