// The functions renamed verb-first (#16) keep their old names for one release, as the same
// functions, so code written against the old names runs unchanged.
import * as credentials from '@carepass/credentials';
import * as frameworks from '@carepass/frameworks';
import { describe, expect, it } from 'vitest';
import * as portability from './index.js';

const RENAMED: [old: string, current: string, module: Record<string, unknown>][] = [
  ['readTrustRegistry', 'parseTrustRegistry', credentials],
  ['statusEntriesFor', 'createStatusEntries', credentials],
  ['statusIndexOf', 'findStatusIndex', credentials],
  ['statusListCredentialId', 'getStatusListCredentialId', credentials],
  ['statusListsFromDocuments', 'createStatusListResolver', credentials],
  ['statusListsFromDirectory', 'readStatusListDirectory', credentials],
  ['issuerIdOf', 'getIssuerId', credentials],
  ['didWebUrl', 'getDidWebUrl', credentials],
  ['competencyUri', 'getCompetencyUri', frameworks],
  ['caseIdentifier', 'createCaseIdentifier', frameworks],
  ['fromZodIssues', 'convertZodIssues', frameworks],
  ['microQualificationCrosswalks', 'createMicroQualificationCrosswalks', portability],
  ['routesFor', 'findTrainingRoutes', portability],
];

describe('deprecated aliases of renamed functions', () => {
  it.each(RENAMED)('%s is still exported as the same function as %s', (old, current, module) => {
    expect(typeof module[current]).toBe('function');
    expect(module[old]).toBe(module[current]);
  });

  it('gives the same answer through the old and new names', () => {
    expect(credentials.didWebUrl('did:web:example.org:issuers:a')).toBe('https://example.org/issuers/a/did.json');
    expect(frameworks.caseIdentifier('https://example.org/x')).toBe(frameworks.createCaseIdentifier('https://example.org/x'));
  });
});
