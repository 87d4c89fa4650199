import { describe, expectTypeOf, it } from 'vitest';
import type { Issue, ValidationCode, ValidationIssue } from '@carepass/frameworks';
import type { VerificationCode } from './codes.js';
import type { CredentialIssue } from './data-model.js';
import type { VerificationStatus, VerifyCredentialResult } from './verify.js';

describe('VerifyCredentialResult', () => {
  it('narrows on verified: a verified result is valid and has its signed view', () => {
    const result = {} as VerifyCredentialResult;
    if (result.verified) {
      expectTypeOf(result.status).toEqualTypeOf<'valid'>();
      expectTypeOf(result.document).toEqualTypeOf<Record<string, unknown>>();
    } else {
      expectTypeOf(result.status).toEqualTypeOf<Exclude<VerificationStatus, 'valid'>>();
      expectTypeOf(result.document).toEqualTypeOf<Record<string, unknown> | undefined>();
    }
  });

  it('refuses a verified result with another status, or without its document', () => {
    expectTypeOf({ verified: true as const, status: 'revoked' as const, checks: [], credential: { types: [], alignments: [], proofs: [] }, document: {} }).not.toExtend<VerifyCredentialResult>();
    expectTypeOf({ verified: true as const, status: 'valid' as const, checks: [], credential: { types: [], alignments: [], proofs: [] } }).not.toExtend<VerifyCredentialResult>();
    expectTypeOf({ verified: false as const, status: 'revoked' as const, checks: [], credential: { types: [], alignments: [], proofs: [] } }).toExtend<VerifyCredentialResult>();
  });
});

describe('CredentialIssue', () => {
  it('is the shared Issue shape with the closed verification codes', () => {
    expectTypeOf<CredentialIssue>().toEqualTypeOf<Issue<VerificationCode>>();
    expectTypeOf<CredentialIssue>().toExtend<Issue>();
    expectTypeOf<ValidationIssue>().toEqualTypeOf<Issue<ValidationCode>>();
    expectTypeOf({ code: 'signature_invalid' as const, path: '$.proof', message: 'x' }).toExtend<CredentialIssue>();
    expectTypeOf({ code: 'made_up_code' as const, path: '$', message: 'x' }).not.toExtend<CredentialIssue>();
  });
});
