import { builtInRegistry, CarepassError, convertZodIssues, type DateInput, formatDateTimeStamp, type FrameworkRegistry, isPublicationRef, parsePublicationRef } from '@carepass/frameworks';
import { z } from 'zod';
import { VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { IssuerKey } from '../keys/keys.js';
import { signCredential, type SignedCredential } from '../issue/sign.js';
import { TRUST_REGISTRY_CONTEXT } from '../jsonld/trust-context.js';
import { type ExtraCheck, summariseCredential, verifyCredential, type VerificationStatus, type VerifyCredentialResult } from '../verify/verify.js';
import { asArray, isObject, type JsonObject as Json, typesOf } from '../json.js';

const isoDateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time');

/** One issuer a registry trusts, and for what: the schema {@link createTrustRegistry} and {@link addTrustedIssuer} check entries with. */
export const TrustedIssuerEntrySchema = z.strictObject({
  /** The issuer's DID. */
  id: z.string().regex(/^did:[a-z0-9]+:\S+$/u, 'must be a DID'),
  /** Its name. */
  name: z.string().min(1),
  /** Why it is trusted, e.g. `Endorsed training provider`. */
  accreditation: z.string().min(1).optional(),
  /**
   * What it is trusted to attest: framework or micro-qualification references (`care-certificate`,
   * `care-certificate@2025`), competency references (`care-certificate@2025#12`, which covers its
   * outcomes and criteria), URIs (a prefix), or `*` for anything.
   */
  scope: z.array(z.string().min(1)).min(1, 'needs a scope (framework or competency references, or "*")'),
  /** Start of the period of trust. */
  trustedFrom: isoDateTime.optional(),
  /** End of the period of trust. */
  trustedUntil: isoDateTime.optional(),
  /**
   * `issuer` (the default): trusted to issue credentials within its scope. `endorser`: trusted to
   * endorse issuers (a standards body): an issuer it endorses, with a verified `EndorsementCredential`
   * given to {@link createTrustChecker}, is trusted within this entry's scope, for the endorsement's
   * validity; the endorser itself is not trusted to issue.
   */
  role: z.enum(['issuer', 'endorser']).optional(),
});
/** One issuer a registry trusts, and for what. */
export type TrustedIssuerEntry = z.infer<typeof TrustedIssuerEntrySchema>;

/** Options for {@link createTrustRegistry}. */
export interface CreateTrustRegistryOptions {
  /** The operator's key: it signs the registry. */
  key: IssuerKey;
  /** The registry's name, e.g. `National register of endorsed care training providers`. */
  name: string;
  /** The registry's URI; default a random `urn:uuid:`. */
  id?: string;
  /** Start of validity; default now. */
  validFrom?: DateInput;
  /** Issuers to list at the start. */
  issuers?: TrustedIssuerEntry[];
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
}

function registryCredential(options: Omit<CreateTrustRegistryOptions, 'documentLoader'> & { id: string }): Json {
  return {
    '@context': [VC_V2_CONTEXT, TRUST_REGISTRY_CONTEXT],
    id: `${options.id}#registry`,
    type: ['VerifiableCredential', 'TrustRegistryCredential'],
    issuer: options.key.controller,
    validFrom: options.validFrom === undefined ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : formatDateTimeStamp(options.validFrom, 'validFrom'),
    credentialSubject: {
      id: options.id,
      type: 'TrustRegistry',
      name: options.name,
      trustedIssuer: (options.issuers ?? []).map((entry) => ({ type: 'TrustedIssuer', ...entry })),
    },
  };
}

/**
 * Creates a trust registry: a credential signed by its operator that lists trusted issuers, what
 * each may attest, and for how long.
 */
export async function createTrustRegistry(options: CreateTrustRegistryOptions): Promise<SignedCredential> {
  (options.issuers ?? []).forEach((entry, index) => validateEntry(entry, `issuers[${index}]`));
  const id = options.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`;
  return signCredential(registryCredential({ ...options, id }), { key: options.key, ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}) });
}

/** Checks an entry against {@link TrustedIssuerEntrySchema}. @throws {@link CarepassError} `INVALID_ARGUMENT` with the JSON path. */
function validateEntry(entry: unknown, where = '$'): void {
  const parsed = TrustedIssuerEntrySchema.safeParse(entry);
  if (parsed.success) return;
  const issues = convertZodIssues(parsed.error.issues);
  const first = issues[0];
  throw new CarepassError('INVALID_ARGUMENT', `trusted issuer ${where}: ${first?.path ?? '$'}: ${first?.message ?? 'invalid'}`, { details: { issues } });
}

/** What a trust registry says: its id, name, operator and the issuers it lists. */
export interface TrustRegistryContent {
  id: string;
  name: string;
  operator: string;
  issuers: TrustedIssuerEntry[];
}

/** The one string of a field that must have one value, or an error naming it. */
function single(node: Json, field: string, where: string, required: boolean): string | undefined {
  const values = asArray(node[field]);
  if (values.length === 0 && !required) return undefined;
  if (values.length !== 1 || typeof values[0] !== 'string') throw new CarepassError('CREDENTIAL_INVALID', `${where}.${field} must be one string, not ${JSON.stringify(node[field] ?? null)}`);
  return values[0];
}

/**
 * Reads a registry's name, operator and entries. Give it the registry as its signed graph says it
 * (`verifyCredential(registry).document`, or use {@link verifyTrustRegistry}, which does both): a
 * registry's JSON can be rewritten without breaking its signature. Each listed issuer is one node
 * of the graph, so an issuer named twice is refused rather than merged.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when it is not a Carepass trust registry,
 * `CREDENTIAL_INVALID` when an entry is ambiguous (two periods of trust, two names).
 */
export function parseTrustRegistry(registry: unknown): TrustRegistryContent {
  const record = isObject(registry) ? registry : {};
  const subjects = asArray(record.credentialSubject);
  const subject = subjects.length === 1 && isObject(subjects[0]) ? subjects[0] : undefined;
  if (!subject || !typesOf(subject).includes('TrustRegistry')) throw new CarepassError('INVALID_ARGUMENT', 'not a Carepass trust registry (it needs one credentialSubject of type TrustRegistry)');
  const issuers = asArray(subject.trustedIssuer).map((entry, index): TrustedIssuerEntry => {
    const where = `$.credentialSubject.trustedIssuer[${index}]`;
    if (!isObject(entry) || !typesOf(entry).includes('TrustedIssuer')) throw new CarepassError('CREDENTIAL_INVALID', `${where} is not a TrustedIssuer`);
    const scope = asArray(entry.scope);
    if (scope.length === 0 || scope.some((value) => typeof value !== 'string')) throw new CarepassError('CREDENTIAL_INVALID', `${where}.scope must be strings`);
    const accreditation = single(entry, 'accreditation', where, false);
    const trustedFrom = single(entry, 'trustedFrom', where, false);
    const trustedUntil = single(entry, 'trustedUntil', where, false);
    const role = single(entry, 'role', where, false);
    if (role !== undefined && role !== 'issuer' && role !== 'endorser') throw new CarepassError('CREDENTIAL_INVALID', `${where}.role must be issuer or endorser`);
    return {
      id: single(entry, 'id', where, true) as string,
      name: single(entry, 'name', where, true) as string,
      ...(accreditation !== undefined ? { accreditation } : {}),
      scope: [...(scope as string[])].sort(),
      ...(trustedFrom !== undefined ? { trustedFrom } : {}),
      ...(trustedUntil !== undefined ? { trustedUntil } : {}),
      ...(role !== undefined ? { role } : {}),
    };
  });
  return { id: String(subject.id), name: String(single(subject, 'name', '$.credentialSubject', true)), operator: String(summariseCredential(record).issuer?.id), issuers };
}

/** Options for {@link verifyTrustRegistry}. */
export interface VerifyTrustRegistryOptions {
  /** Registry operators accepted; default any operator whose registry verifies. */
  operators?: readonly string[];
  /** The clock for the registry's validity; default now. */
  now?: DateInput;
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
}

/** What {@link verifyTrustRegistry} found: the registry as signed, or why it cannot be used. */
export type VerifyTrustRegistryResult = { ok: true; registry: TrustRegistryContent; result: VerifyCredentialResult } | { ok: false; code: 'registry_invalid' | 'registry_operator'; message: string; result?: VerifyCredentialResult };

/**
 * Verifies a trust registry (signature, validity, type, operator) and reads it from its signed
 * graph. Never throws on bad data: `ok` is false with a code (`registry_invalid`,
 * `registry_operator`) and a sentence.
 */
export async function verifyTrustRegistry(registry: unknown, options: VerifyTrustRegistryOptions = {}): Promise<VerifyTrustRegistryResult> {
  const result = await verifyCredential(registry, { ...(options.now ? { now: options.now } : {}), ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}) });
  const failure = result.checks.find((check) => !check.ok);
  if (!result.verified || !result.document || !result.credential.types.includes('TrustRegistryCredential')) {
    return { ok: false, code: 'registry_invalid', message: `the registry does not verify${failure ? ` (${failure.code}: ${failure.message})` : ' (not a TrustRegistryCredential)'}`, result };
  }
  const operator = result.credential.issuer?.id ?? '';
  if (options.operators && !options.operators.includes(operator)) return { ok: false, code: 'registry_operator', message: `the registry is operated by ${operator}, which is not an accepted operator`, result };
  try {
    return { ok: true, registry: parseTrustRegistry(result.document), result };
  } catch (error) {
    return { ok: false, code: 'registry_invalid', message: `the registry cannot be read: ${(error as Error).message}`, result };
  }
}

/**
 * Adds (or replaces, by DID) a trusted issuer and re-signs the registry with the operator's key.
 * The registry is verified first, and read from its signed graph: a tampered or rewritten file is
 * refused, never laundered by the operator's next signature.
 *
 * @throws {@link CarepassError} `CREDENTIAL_INVALID` when the registry does not verify;
 * `INVALID_ARGUMENT` when the key is not the registry operator's, or the entry is malformed.
 */
export async function addTrustedIssuer(registry: object, entry: TrustedIssuerEntry, options: { key: IssuerKey; documentLoader?: DocumentLoader; now?: DateInput }): Promise<SignedCredential> {
  validateEntry(entry);
  const verified = await verifyTrustRegistry(registry, options);
  if (!verified.ok) throw new CarepassError('CREDENTIAL_INVALID', `the registry will not be re-signed: ${verified.message}`, { details: { code: verified.code } });
  const current = verified.registry;
  if (current.operator !== options.key.controller) throw new CarepassError('INVALID_ARGUMENT', `the registry is operated by ${current.operator}; this key belongs to ${options.key.controller}`);
  const issuers = [...current.issuers.filter((existing) => existing.id !== entry.id), entry];
  const unsigned = registryCredential({ key: options.key, name: current.name, id: current.id, issuers, validFrom: String(verified.result.credential.validFrom) });
  return signCredential(unsigned, { key: options.key, ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}) });
}

/** Options for {@link createTrustChecker}. */
export interface CreateTrustCheckerOptions {
  /** The registries to trust, e.g. a national one and the employer's own. */
  registries: readonly object[];
  /** Registry operators accepted; default any operator whose registry verifies. */
  operators?: readonly string[];
  /** Resolves framework references in scopes; default the built-in registry. */
  frameworks?: FrameworkRegistry;
  /** The clock for registry validity and trust periods; default now. */
  now?: DateInput;
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
  /**
   * Endorsements (`EndorsementCredential`s, JSON or VC-JWT) that make issuers trusted through an
   * endorser the registries name (`role: 'endorser'`). Each is verified when the checker is
   * created; one that does not verify, is not by a listed endorser, or endorses no issuer counts
   * for nothing.
   */
  endorsements?: readonly unknown[];
}

/** Entries for the issuers that listed endorsers endorse, within the endorser's scope and both periods. */
async function endorsedEntries(endorsers: readonly TrustedIssuerEntry[], endorsements: readonly unknown[], options: CreateTrustCheckerOptions): Promise<TrustedIssuerEntry[]> {
  const entries: TrustedIssuerEntry[] = [];
  if (endorsers.length === 0) return entries;
  for (const endorsement of endorsements) {
    const result = await verifyCredential(endorsement, { ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}), ...(options.now !== undefined ? { now: options.now } : {}) });
    if (!result.verified || !result.credential.types.includes('EndorsementCredential')) continue;
    const endorser = endorsers.find((entry) => entry.id === result.credential.issuer?.id);
    const subject = asArray(result.document.credentialSubject)[0];
    const endorsed = isObject(subject) && typeof subject.id === 'string' && /^did:[a-z0-9]+:\S+$/u.test(subject.id) ? subject.id : undefined;
    if (!endorser || !endorsed) continue;
    const latest = [endorser.trustedFrom, result.credential.validFrom].filter((date): date is string => date !== undefined).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
    const earliest = [endorser.trustedUntil, result.credential.validUntil].filter((date): date is string => date !== undefined).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    const comment = isObject(subject) && typeof subject.endorsementComment === 'string' ? subject.endorsementComment : undefined;
    entries.push({
      id: endorsed,
      name: `${result.credential.issuer?.name ?? endorsed}`,
      accreditation: `endorsed by ${endorser.name}${comment ? `: ${comment}` : ''}`,
      scope: endorser.scope,
      ...(latest ? { trustedFrom: latest } : {}),
      ...(earliest ? { trustedUntil: earliest } : {}),
    });
  }
  return entries;
}

function inScope(scope: string, uri: string, frameworks: FrameworkRegistry): boolean {
  if (scope === '*') return true;
  if (!isPublicationRef(scope)) return uri === scope || uri.startsWith(`${scope.replace(/[/#]+$/, '')}/`) || uri.startsWith(`${scope}#`);
  const { slug, version, code } = parsePublicationRef(scope);
  const competency = frameworks.findCompetency(uri);
  const publication = competency?.framework ?? frameworks.find(uri);
  if (!publication || publication.slug !== slug || (version !== undefined && publication.version !== version)) return false;
  if (code === undefined) return true;
  return competency !== undefined && (competency.competency.code === code || competency.ancestors.some((ancestor) => ancestor.code === code));
}

/**
 * A trust check for {@link verifyCredential}: the issuer must be listed, within its period of
 * trust, by a registry whose own signature verifies, for everything the credential attests (its
 * achievement and every competency it aligns to). Codes: `trusted` is `ok`; `untrusted`,
 * `out_of_scope` (a trusted issuer, but not for this achievement) and `registry_invalid`.
 * The registries are verified once, when the checker is created.
 */
export async function createTrustChecker(options: CreateTrustCheckerOptions): Promise<ExtraCheck> {
  const frameworks = options.frameworks ?? builtInRegistry();
  const problems: string[] = [];
  const registries: { name: string; issuers: TrustedIssuerEntry[] }[] = [];
  for (const [index, registry] of options.registries.entries()) {
    const verified = await verifyTrustRegistry(registry, options);
    if (!verified.ok) {
      problems.push(`registry ${index + 1}: ${verified.message}`);
      continue;
    }
    const issuers = verified.registry.issuers.filter((entry) => entry.role !== 'endorser');
    const endorsers = verified.registry.issuers.filter((entry) => entry.role === 'endorser');
    registries.push({ name: verified.registry.name, issuers: [...issuers, ...(await endorsedEntries(endorsers, options.endorsements ?? [], options))] });
  }
  return async (credential, { now, issuer }) => {
    if (problems.length > 0) return { ok: false, code: 'registry_invalid', message: problems.join('; '), status: 'registry-invalid' as VerificationStatus };
    const listed = registries.flatMap((registry) => registry.issuers.filter((entry) => entry.id === issuer).map((entry) => ({ registry: registry.name, entry })));
    if (listed.length === 0) return { ok: false, code: 'untrusted', message: `${issuer} is not listed in ${registries.map((registry) => registry.name).join(' or ') || 'any registry'}`, status: 'untrusted' as VerificationStatus };
    const current = listed.filter(({ entry }) => (entry.trustedFrom === undefined || Date.parse(entry.trustedFrom) <= now.getTime()) && (entry.trustedUntil === undefined || now.getTime() <= Date.parse(entry.trustedUntil)));
    if (current.length === 0) return { ok: false, code: 'untrusted', message: `${listed[0]?.entry.name} is listed, but not trusted at ${now.toISOString()} (outside its period of trust)`, status: 'untrusted' as VerificationStatus };
    const summary = summariseCredential(credential);
    const attested = [...new Set([...(summary.achievement?.id ? [summary.achievement.id] : []), ...summary.alignments.map((alignment) => alignment.targetUrl)])];
    if (attested.length === 0) return { ok: false, code: 'out_of_scope', message: 'the credential attests no framework or competency a registry could scope', status: 'out-of-scope' as VerificationStatus };
    const covered = (uri: string) => current.some(({ entry }) => entry.scope.some((scope) => inScope(scope, uri, frameworks)));
    // A micro-qualification an issuer is trusted for vouches for the competencies it declares.
    const declared = new Set<string>();
    const achievement = summary.achievement?.id ? frameworks.find(summary.achievement.id) : undefined;
    if (achievement?.type === 'MicroQualification' && covered(achievement.id)) {
      for (const outcome of achievement.learningOutcomes) for (const reference of outcome.competencies) {
        const resolved = frameworks.findCompetency(reference);
        if (resolved) declared.add(resolved.uri);
      }
    }
    const outside = attested.filter((uri) => !declared.has(uri) && !covered(uri));
    if (outside.length > 0) {
      return { ok: false, code: 'out_of_scope', message: `${current[0]?.entry.name} is trusted (${current.map(({ entry }) => entry.scope.join(', ')).join('; ')}) but not for ${outside.join(', ')}`, status: 'out-of-scope' as VerificationStatus };
    }
    const { entry, registry } = current[0] as (typeof current)[number];
    return { ok: true, code: 'ok', message: `trusted by ${registry}: ${entry.name}${entry.accreditation ? `, ${entry.accreditation}` : ''}` };
  };
}

/** @deprecated Renamed {@link parseTrustRegistry} (verb-first); this alias goes in the next minor release. */
export const readTrustRegistry = parseTrustRegistry;
