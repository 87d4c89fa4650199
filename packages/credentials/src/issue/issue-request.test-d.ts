import { describe, expectTypeOf, it } from 'vitest';
import type { IssueCredentialRequest } from './issue-request.js';

describe('IssueCredentialRequest', () => {
  it('is exactly one of a competency, a framework or a micro-qualification', () => {
    expectTypeOf({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }).toExtend<IssueCredentialRequest>();
    expectTypeOf({ framework: 'care-certificate@2015', subject: { email: 'w@example.org', salt: 's' }, awardedDate: '2016-03-01T00:00:00Z' }).toExtend<IssueCredentialRequest>();
    expectTypeOf({ microQualification: 'dementia-types-and-care', subject: { id: 'did:example:w' } }).toExtend<IssueCredentialRequest>();
    expectTypeOf({ subject: { id: 'did:example:w' } }).not.toExtend<IssueCredentialRequest>();
    expectTypeOf({ competency: 'x#1', subject: { email: 'w@example.org' } }).not.toExtend<IssueCredentialRequest>();
  });
});
