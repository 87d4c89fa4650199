import { checkJsonLimits, type Issue } from '@carepass/frameworks';
import { isObject, type JsonObject } from '../json.js';
import { VC_V1_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { VerificationCode } from './codes.js';

/** One failed structural rule of a credential: the shared {@link Issue} shape, with a {@link VerificationCode}. */
export type CredentialIssue = Issue<VerificationCode>;

/**
 * A parsed JSON object.
 * @deprecated Use `JsonObject` from `@carepass/frameworks`; `Json` goes in the next release.
 */
export type Json = JsonObject;
const URL_PATTERN = /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/;
/** XML Schema dateTimeStamp as VC 2.0 requires (a time zone is mandatory). */
export const DATE_TIME_STAMP = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;
const DATE_TIME_LOOSE = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

const isUrl = (value: unknown): boolean => typeof value === 'string' && URL_PATTERN.test(value);
const types = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);

/** The VC data model version of a credential or presentation, from its first context. */
export function dataModelVersion(document: JsonObject): '1.1' | '2.0' | undefined {
  const contexts = Array.isArray(document['@context']) ? document['@context'] : [document['@context']];
  return contexts[0] === VC_V2_CONTEXT ? '2.0' : contexts[0] === VC_V1_CONTEXT ? '1.1' : undefined;
}

function checkContexts(document: JsonObject, issues: CredentialIssue[]): void {
  const context = document['@context'];
  if (context === undefined) {
    issues.push({ code: 'context_missing', path: '$["@context"]', message: '@context is missing' });
    return;
  }
  const contexts = Array.isArray(context) ? context : [context];
  if (contexts[0] !== VC_V2_CONTEXT && contexts[0] !== VC_V1_CONTEXT) {
    issues.push({ code: 'context_not_first', path: '$["@context"][0]', message: `the first context must be ${VC_V2_CONTEXT} (or ${VC_V1_CONTEXT} for VC 1.1)` });
  }
  contexts.forEach((entry, index) => {
    if (isObject(entry)) return;
    if (typeof entry !== 'string' || !URL_PATTERN.test(entry)) {
      issues.push({ code: 'context_invalid', path: `$["@context"][${index}]`, message: 'each context must be a URL or an object' });
    }
  });
}

/** The fields whose entries are typed objects, each checked by {@link checkTypedObjects}. */
type TypedObjectField = 'credentialStatus' | 'credentialSchema' | 'termsOfUse' | 'evidence' | 'refreshService';

function checkTypedObjects(value: unknown, name: TypedObjectField, issues: CredentialIssue[]): void {
  if (value === undefined) return;
  const entries = Array.isArray(value) ? value : [value];
  entries.forEach((entry, index) => {
    const path = Array.isArray(value) ? `$.${name}[${index}]` : `$.${name}`;
    const field = name.toLowerCase() as Lowercase<TypedObjectField>;
    if (!isObject(entry)) {
      issues.push({ code: `${field}_invalid`, path, message: `${name} must be an object` });
      return;
    }
    if (types(entry.type).length === 0) issues.push({ code: `${field}_type_missing`, path: `${path}.type`, message: `${name} needs a type` });
    if (entry.id !== undefined && !isUrl(entry.id)) issues.push({ code: `${field}_id_invalid`, path: `${path}.id`, message: `${name}.id must be a single URL` });
    // Of these, only a credential schema must say which schema it is.
    if (name === 'credentialSchema' && entry.id === undefined) issues.push({ code: 'credentialschema_id_missing', path: `${path}.id`, message: `${name} needs an id` });
  });
}

function checkLanguageValues(document: JsonObject, issues: CredentialIssue[]): void {
  for (const field of ['name', 'description']) {
    const value = document[field];
    const entries = Array.isArray(value) ? value : [value];
    entries.forEach((entry, index) => {
      if (!isObject(entry)) return;
      const extra = Object.keys(entry).filter((key) => !['@value', '@language', '@direction'].includes(key));
      if (extra.length > 0 || typeof entry['@value'] !== 'string') {
        issues.push({ code: 'language_value_invalid', path: Array.isArray(value) ? `$.${field}[${index}]` : `$.${field}`, message: `${field} as a language value may hold only @value, @language and @direction` });
      }
    });
  }
}

/**
 * Checks a credential against the VC Data Model (1.1 or 2.0) rules that a JSON-LD processor does not:
 * contexts, types, ids, issuer, subject, dates, and the typed sub-objects. Returns every issue.
 */
export function checkCredentialDataModel(credential: JsonObject): CredentialIssue[] {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return [{ code: 'not_an_object', path: '$', message: 'a credential must be a JSON object' }];
  const tooBig = checkJsonLimits(credential);
  if (tooBig) return [tooBig];
  const issues: CredentialIssue[] = [];
  checkContexts(credential, issues);
  const version = dataModelVersion(credential);
  const credentialTypes = types(credential.type);
  if (credential.type === undefined) issues.push({ code: 'type_missing', path: '$.type', message: 'type is missing' });
  else if (!credentialTypes.includes('VerifiableCredential')) issues.push({ code: 'type_not_credential', path: '$.type', message: 'type must include "VerifiableCredential"' });
  if ('id' in credential && !isUrl(credential.id)) issues.push({ code: 'id_invalid', path: '$.id', message: 'id must be a single URL' });
  const issuer = credential.issuer;
  if (issuer === undefined) issues.push({ code: 'issuer_missing', path: '$.issuer', message: 'issuer is missing' });
  else if (isObject(issuer)) {
    if (!isUrl(issuer.id)) issues.push({ code: 'issuer_invalid', path: '$.issuer.id', message: 'issuer.id must be a URL' });
  } else if (!isUrl(issuer)) issues.push({ code: 'issuer_invalid', path: '$.issuer', message: 'issuer must be a URL or an object with a URL id' });
  const subject = credential.credentialSubject;
  if (subject === undefined) issues.push({ code: 'subject_missing', path: '$.credentialSubject', message: 'credentialSubject is missing' });
  else {
    const subjects = Array.isArray(subject) ? subject : [subject];
    if (subjects.length === 0) issues.push({ code: 'subject_empty', path: '$.credentialSubject', message: 'credentialSubject is empty' });
    subjects.forEach((entry, index) => {
      const path = Array.isArray(subject) ? `$.credentialSubject[${index}]` : '$.credentialSubject';
      if (!isObject(entry) || Object.keys(entry).length === 0) issues.push({ code: 'subject_empty', path, message: 'each credentialSubject must be an object with claims' });
      else if ('id' in entry && !isUrl(entry.id)) issues.push({ code: 'subject_id_invalid', path: `${path}.id`, message: 'credentialSubject.id must be a single URL' });
    });
  }
  const dates = version === '1.1' ? (['issuanceDate', 'expirationDate'] as const) : (['validFrom', 'validUntil'] as const);
  for (const field of dates) {
    const value = credential[field];
    if (value === undefined) continue;
    const pattern = version === '1.1' ? DATE_TIME_LOOSE : DATE_TIME_STAMP;
    if (typeof value !== 'string' || !pattern.test(value) || Number.isNaN(Date.parse(value))) {
      issues.push({ code: 'date_invalid', path: `$.${field}`, message: `${field} must be an XML Schema dateTimeStamp such as 2025-04-01T00:00:00Z` });
    }
  }
  if (version === '1.1' && credential.issuanceDate === undefined) issues.push({ code: 'date_invalid', path: '$.issuanceDate', message: 'a VC 1.1 credential needs issuanceDate' });
  const [from, until] = dates.map((field) => credential[field]);
  if (typeof from === 'string' && typeof until === 'string' && Date.parse(until) < Date.parse(from)) {
    issues.push({ code: 'validity_inverted', path: `$.${dates[1]}`, message: `${dates[1]} is before ${dates[0]}` });
  }
  checkTypedObjects(credential.credentialStatus, 'credentialStatus', issues);
  if (Array.isArray(credential.credentialStatus) === false && isObject(credential.credentialStatus) && Array.isArray(credential.credentialStatus.id)) {
    issues.push({ code: 'credentialstatus_id_invalid', path: '$.credentialStatus.id', message: 'credentialStatus.id must be a single URL' });
  }
  checkTypedObjects(credential.credentialSchema, 'credentialSchema', issues);
  checkTypedObjects(credential.termsOfUse, 'termsOfUse', issues);
  checkTypedObjects(credential.evidence, 'evidence', issues);
  checkTypedObjects(credential.refreshService, 'refreshService', issues);
  checkLanguageValues(credential, issues);
  const related = credential.relatedResource;
  if (related !== undefined) {
    const entries = Array.isArray(related) ? related : [related];
    const seen = new Set<unknown>();
    entries.forEach((entry, index) => {
      const path = `$.relatedResource[${index}]`;
      if (!isObject(entry) || !isUrl(entry.id)) issues.push({ code: 'related_resource_invalid', path, message: 'relatedResource needs an id URL' });
      else if (seen.has(entry.id)) issues.push({ code: 'related_resource_invalid', path, message: 'relatedResource ids must be unique' });
      else if (entry.digestSRI === undefined && entry.digestMultibase === undefined) issues.push({ code: 'related_resource_invalid', path, message: 'relatedResource needs digestSRI or digestMultibase' });
      else {
        // Resources whose published digests are known are checked offline; others cannot be
        // fetched, and {@link uncheckedRelatedResources} names them.
        const known = PUBLISHED_DIGESTS[entry.id as string];
        for (const [field, values] of [['digestSRI', known?.sri], ['digestMultibase', known?.multibase]] as const) {
          if (values && entry[field] !== undefined && !values.includes(entry[field] as string)) {
            issues.push({ code: 'related_resource_digest_mismatch', path: `${path}.${field}`, message: `the digest of ${entry.id as string} is not the one published for it` });
          }
        }
      }
      if (isObject(entry)) seen.add(entry.id);
    });
  }
  return issues;
}

/**
 * Published digests of resources a credential may name in `relatedResource`, checked without
 * fetching anything: the VC 2.0 base context as the W3C VC Data Model 2.0 test suite records it
 * (w3c/vc-data-model-2.0-test-suite, tests/fixtures.js, `relatedResource`).
 */
const PUBLISHED_DIGESTS: Readonly<Record<string, { sri: readonly string[]; multibase: readonly string[] }>> = {
  [VC_V2_CONTEXT]: { sri: ['sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg'], multibase: ['uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k'] },
};

/** The `relatedResource` ids whose digests could not be checked (no published digest is known, and nothing is fetched). */
export function uncheckedRelatedResources(credential: JsonObject): string[] {
  const related = credential.relatedResource;
  const entries = related === undefined ? [] : Array.isArray(related) ? related : [related];
  return entries.filter((entry): entry is JsonObject => isObject(entry) && typeof entry.id === 'string' && PUBLISHED_DIGESTS[entry.id] === undefined).map((entry) => entry.id as string);
}

/** The Open Badges 3.0 rules for an OpenBadgeCredential / AchievementCredential (spec's required properties). */
export function checkOpenBadge(credential: JsonObject): CredentialIssue[] {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return [{ code: 'not_an_object', path: '$', message: 'a credential must be a JSON object' }];
  const tooBig = checkJsonLimits(credential);
  if (tooBig) return [tooBig];
  const issues: CredentialIssue[] = [];
  const push = (path: string, message: string) => issues.push({ code: 'open_badge_invalid', path, message });
  const credentialTypes = types(credential.type);
  if (!credentialTypes.includes('OpenBadgeCredential') && !credentialTypes.includes('AchievementCredential')) return issues;
  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [];
  if (typeof contexts[1] !== 'string' || !/^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/.test(contexts[1])) {
    push('$["@context"][1]', 'the second context must be the Open Badges 3.0 context');
  }
  if (!isUrl(credential.id)) push('$.id', 'an Open Badge credential needs an id URL');
  if (credential.validFrom === undefined && credential.issuanceDate === undefined) push('$.validFrom', 'an Open Badge credential needs validFrom');
  if (isObject(credential.issuer)) {
    if (!types(credential.issuer.type).includes('Profile')) push('$.issuer.type', 'issuer.type must include "Profile"');
  } else push('$.issuer', 'an Open Badge issuer must be a Profile object');
  const subject = credential.credentialSubject;
  if (!isObject(subject)) {
    push('$.credentialSubject', 'credentialSubject must be one AchievementSubject object');
    return issues;
  }
  if (!types(subject.type).includes('AchievementSubject')) push('$.credentialSubject.type', 'credentialSubject.type must include "AchievementSubject"');
  if (subject.id === undefined && !(Array.isArray(subject.identifier) && subject.identifier.length > 0)) push('$.credentialSubject', 'the subject needs an id or at least one identifier');
  (Array.isArray(subject.identifier) ? subject.identifier : []).forEach((identity, index) => {
    if (!isObject(identity) || typeof identity.hashed !== 'boolean' || typeof identity.identityHash !== 'string' || typeof identity.identityType !== 'string') {
      push(`$.credentialSubject.identifier[${index}]`, 'an IdentityObject needs type, hashed, identityHash and identityType');
    }
  });
  const achievement = subject.achievement;
  if (!isObject(achievement)) {
    push('$.credentialSubject.achievement', 'the subject needs an achievement');
    return issues;
  }
  if (!isUrl(achievement.id)) push('$.credentialSubject.achievement.id', 'achievement.id must be a URL');
  if (!types(achievement.type).includes('Achievement')) push('$.credentialSubject.achievement.type', 'achievement.type must include "Achievement"');
  for (const field of ['name', 'description'] as const) if (typeof achievement[field] !== 'string') push(`$.credentialSubject.achievement.${field}`, `achievement.${field} is required`);
  if (!isObject(achievement.criteria) || (achievement.criteria.id === undefined && typeof achievement.criteria.narrative !== 'string')) {
    push('$.credentialSubject.achievement.criteria', 'achievement.criteria needs an id or a narrative');
  }
  (Array.isArray(achievement.alignment) ? achievement.alignment : []).forEach((alignment, index) => {
    const path = `$.credentialSubject.achievement.alignment[${index}]`;
    if (!isObject(alignment) || !types(alignment.type).includes('Alignment') || typeof alignment.targetName !== 'string' || !isUrl(alignment.targetUrl)) {
      push(path, 'an Alignment needs type "Alignment", targetName and a targetUrl');
    }
  });
  (Array.isArray(subject.result) ? subject.result : []).forEach((result, index) => {
    if (!isObject(result) || !types(result.type).includes('Result')) push(`$.credentialSubject.result[${index}]`, 'a Result needs type "Result"');
  });
  return issues;
}
