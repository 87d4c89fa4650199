import { builtInRegistry, CarepassError, checkJsonLimits, type Competency, type DateInput, type Framework, type FrameworkRegistry, getCompetencyUri, type MicroQualification, parseDateInput } from '@carepass/frameworks';
import type { JsonObject } from '../json.js';
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import { type IssuerKey, isIssuerKey } from '../keys/keys.js';
import type { JwtSigningKey } from '../keys/jwk.js';
import { type CredentialJwtProfile, signCredentialJwt } from '../jwt/sign-jwt.js';
import { badgeImageDataUri, type BadgeImageInput } from '../baking/badge-image.js';
import { type IssueCredentialRequest, parseIssueCredentialRequest } from './issue-request.js';
import { type Cryptosuite, signCredential, type SignedCredential } from './sign.js';

/** The issuer's public profile (its id is the key's controller DID). */
export interface IssuerProfileInput {
  /** The organisation's name. */
  name?: string;
  /** Its website. */
  url?: string;
  /** A contact email. */
  email?: string;
}

/** Options for {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** The issuer's signing key. */
  key: IssuerKey;
  /** The issuer's public profile; its id is always the key's controller. */
  issuer?: IssuerProfileInput;
  /** Where frameworks are looked up; default the built-in registry. */
  registry?: FrameworkRegistry;
  /** Cryptosuite; default eddsa-rdfc-2022. */
  suite?: Cryptosuite;
  /** The proof's `created` time; default now. */
  created?: DateInput;
  /** The clock; default now. */
  now?: DateInput;
  /** Document loader; default the offline loader. */
  documentLoader?: DocumentLoader;
  /** Extra top-level properties (e.g. `credentialStatus`), added before signing. */
  extra?: Record<string, unknown>;
  /**
   * The achievement's badge image (an SVG drawn from the framework data: code, title, framework,
   * issuer) as a `data:` URI; default on. `false` leaves it out.
   */
  image?: boolean;
}


function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCMonth(date.getUTCMonth() + months);
  // Keep month ends honest: 31 January + 1 month is the last day of February, not 3 March.
  if (date.getUTCDate() < day) date.setUTCDate(0);
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The Open Badges `sha256$<hex>` hash of an email address with its salt (WebCrypto, so it runs in browsers too). */
export async function hashIdentity(email: string, salt: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${email.trim().toLowerCase()}${salt}`));
  return `sha256$${toHex(digest)}`;
}

function alignmentFor(framework: Framework, competency: Competency): JsonObject {
  return {
    type: ['Alignment'],
    targetName: competency.title,
    targetUrl: getCompetencyUri(framework, competency),
    targetCode: competency.code,
    targetFramework: `${framework.title} (${framework.slug}@${framework.version})`,
    targetType: 'CFItem',
  };
}

const METHOD_WORDS: Record<string, string> = {
  knowledge: 'knowledge evidence (workbook, discussion or written work)',
  'workplace-observation': 'observation of practice in the workplace',
  'knowledge-and-observation': 'knowledge evidence and observation of practice in the workplace',
  'practical-demonstration': 'a practical demonstration',
  'training-record': 'completion of an approved training course',
};

function renewalOf(competency: Competency, ancestors: readonly Competency[]): number | undefined {
  return competency.renewalMonths ?? [...ancestors].reverse().find((ancestor) => ancestor.renewalMonths !== undefined)?.renewalMonths;
}

/** The achievement's badge image (an OB 3.0 `Image`), drawn from its data unless the issuer turned images off. */
function imageFor(input: BadgeImageInput, options: Pick<IssueCredentialOptions, 'image' | 'issuer'>): { image?: JsonObject } {
  if (options.image === false) return {};
  const issuer = options.issuer?.name;
  return { image: { id: badgeImageDataUri(issuer ? { ...input, issuer } : input), type: 'Image', caption: `${input.code ? `${input.code} ` : ''}${input.title}` } };
}

/** Signs what Carepass issues: a Data Integrity proof, as an array (as the Open Badges JSON Schema expects), with the issue options (internal). */
export function signIssued(credential: object, options: Pick<IssueCredentialOptions, 'key' | 'suite' | 'created' | 'documentLoader'>): Promise<SignedCredential> {
  return signCredential(credential, {
    key: options.key,
    proofAsArray: true,
    ...(options.suite ? { suite: options.suite } : {}),
    ...(options.created !== undefined ? { created: options.created } : {}),
    ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}),
  });
}

/** The issuer's Open Badges `Profile` (internal: shared by credentials, CLRs and endorsements). */
export function issuerProfile(id: string, input: IssuerProfileInput = {}): JsonObject {
  return { id, type: ['Profile'], ...(input.name ? { name: input.name } : {}), ...(input.url ? { url: input.url } : {}), ...(input.email ? { email: input.email } : {}) };
}

/** The achievement of a whole framework: the certificate (internal: shared with CLRs). */
export function frameworkAchievement(framework: Framework): JsonObject {
  return {
    id: framework.id,
    type: ['Achievement'],
    achievementType: 'Certificate',
    name: framework.title,
    description: framework.description ?? framework.title,
    criteria: { narrative: `Every standard of ${framework.title} (${framework.slug}@${framework.version}) met, as assessed by the issuer.` },
  };
}

/** What {@link buildCredential} needs: the issuer's id and the options that shape the credential. */
type BuildCredentialOptions = Pick<IssueCredentialOptions, 'issuer' | 'registry' | 'now' | 'extra' | 'image'> & { issuerId: string };

/** Builds the unsigned credential of a request (shared by both proof formats). */
async function buildCredential(input: IssueCredentialRequest, options: BuildCredentialOptions): Promise<JsonObject> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new CarepassError('INVALID_ARGUMENT', 'the request must be an object: { competency | framework | microQualification, subject }');
  const tooBig = checkJsonLimits(input);
  if (tooBig) throw new CarepassError('INVALID_ARGUMENT', `the request is too large: ${tooBig.path}: ${tooBig.message}`);
  const { request } = parseIssueCredentialRequest(input);
  const registry = options.registry ?? builtInRegistry();
  const now = options.now === undefined ? new Date() : parseDateInput(options.now, 'now');
  const validFrom = request.validFrom ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  let achievement: JsonObject;
  let renewalMonths: number | undefined;
  const results: JsonObject[] = [];

  if ('competency' in request) {
    const resolved = registry.resolveCompetency(request.competency);
    const { framework, competency } = resolved;
    renewalMonths = renewalOf(competency, resolved.ancestors);
    const method = competency.assessmentMethod ? METHOD_WORDS[competency.assessmentMethod] : undefined;
    achievement = {
      id: resolved.uri,
      type: ['Achievement'],
      achievementType: 'Competency',
      name: competency.title,
      description: competency.description ?? `${competency.kind.replace(/-/g, ' ')} ${competency.code} of ${framework.title}`,
      criteria: { narrative: `Assessed by the issuer against ${framework.title}, ${competency.kind.replace(/-/g, ' ')} ${competency.code}${method ? `, by ${method}` : ''}.` },
      alignment: [alignmentFor(framework, competency)],
      humanCode: competency.code,
      ...imageFor({ title: competency.title, code: competency.code, framework: framework.title }, options),
    };
    for (const child of competency.children ?? []) results.push({ type: ['Result'], status: 'Completed', alignment: [alignmentFor(framework, child)] });
  } else if ('framework' in request) {
    const framework = registry.getFramework(request.framework);
    achievement = {
      ...frameworkAchievement(framework),
      alignment: framework.competencies.map((standard) => alignmentFor(framework, standard)),
      version: framework.version,
      ...imageFor({ title: framework.title, framework: `${framework.slug}@${framework.version}` }, options),
    };
    for (const standard of framework.competencies) results.push({ type: ['Result'], status: 'Completed', alignment: [alignmentFor(framework, standard)] });
  } else {
    const microQualification: MicroQualification = registry.getMicroQualification(request.microQualification);
    renewalMonths = microQualification.renewalMonths;
    const alignments: JsonObject[] = [];
    for (const outcome of microQualification.learningOutcomes) {
      for (const reference of outcome.competencies) {
        const resolved = registry.resolveCompetency(reference);
        alignments.push(alignmentFor(resolved.framework, resolved.competency));
      }
    }
    achievement = {
      id: microQualification.id,
      type: ['Achievement'],
      achievementType: 'MicroCredential',
      name: microQualification.title,
      description: microQualification.description,
      criteria: { narrative: `Learning outcomes: ${microQualification.learningOutcomes.map((outcome) => `${outcome.code} ${outcome.statement}`).join('; ')}. Assessment: ${microQualification.assessment.type}.` },
      alignment: alignments,
      version: microQualification.version,
      creditsAvailable: microQualification.workload.ects ?? microQualification.workload.hours,
    };
  }

  const subject: JsonObject = { type: ['AchievementSubject'], achievement };
  if ('id' in request.subject) subject.id = request.subject.id;
  else subject.identifier = [{ type: 'IdentityObject', identityHash: await hashIdentity(request.subject.email, request.subject.salt), identityType: 'emailAddress', hashed: true, salt: request.subject.salt }];
  if (results.length > 0) subject.result = results;

  const credential: JsonObject = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: request.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: String(achievement.name),
    issuer: issuerProfile(options.issuerId, options.issuer),
    validFrom,
    awardedDate: request.awardedDate ?? validFrom,
    credentialSubject: subject,
    ...(options.extra ?? {}),
  };
  const validUntil = request.validUntil ?? (renewalMonths === undefined ? undefined : addMonths(validFrom, renewalMonths));
  if (validUntil !== undefined) credential.validUntil = validUntil;
  if (request.evidence && request.evidence.length > 0) {
    credential.evidence = request.evidence.map((entry) => ({ type: ['Evidence'], ...entry }));
  }
  return credential;
}

/**
 * Issues an Open Badges 3.0 `OpenBadgeCredential` (VC 2.0 context first, OB context 3.0.3) for a
 * framework competency, a whole framework, or a micro-qualification, signed with the issuer's key.
 * The achievement aligns to the framework competencies (targetUrl, targetCode, targetFramework,
 * targetType), carries criteria saying how it was assessed, results for the assessed outcomes,
 * the evidence given, and `validUntil` from the renewal period. `proof` is an array, as the OB
 * JSON Schema expects.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` when not exactly one of competency, framework or
 * micro-qualification is given; `FRAMEWORK_NOT_FOUND` / `COMPETENCY_NOT_FOUND` for unknown references.
 * @example
 * ```ts
 * const credential = await issueCredential(
 *   { competency: 'care-certificate@2025#15', subject: { id: 'did:example:worker' }, evidence: [{ genre: 'Workplace observation', narrative: 'Hand hygiene observed on shift' }] },
 *   { key, issuer: { name: 'Example Care Ltd' } },
 * );
 * ```
 */
export async function issueCredential(input: IssueCredentialRequest, options: IssueCredentialOptions): Promise<SignedCredential> {
  if (!options?.key) throw new CarepassError('INVALID_ARGUMENT', 'options.key is required');
  const credential = await buildCredential(input, { ...options, issuerId: options.key.controller });
  return signIssued(credential, options);
}

/** Options for {@link issueCredentialJwt}: those of {@link issueCredential}, with a JWT key and profile. */
export interface IssueCredentialJwtOptions extends Omit<IssueCredentialOptions, 'key' | 'suite' | 'created'> {
  /** A Carepass issuer key (EdDSA), or a {@link JwtSigningKey} (ES256, EdDSA or RS256); the issuer is its controller (the DID of its kid). */
  key: IssuerKey | JwtSigningKey;
  /** How the JWT is written; default `open-badges` (Open Badges 3.0 §8.2). */
  profile?: CredentialJwtProfile;
}

/**
 * Issues the same Open Badges 3.0 credential as {@link issueCredential}, signed as a compact VC-JWT
 * (Open Badges 3.0 §8.2 by default, or VC-JOSE-COSE) instead of with a Data Integrity proof.
 *
 * @throws {@link CarepassError} as {@link issueCredential} and {@link signCredentialJwt}.
 * @example
 * ```ts
 * const jwt = await issueCredentialJwt({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:worker' } }, { key });
 * ```
 */
export async function issueCredentialJwt(input: IssueCredentialRequest, options: IssueCredentialJwtOptions): Promise<string> {
  if (!options?.key) throw new CarepassError('INVALID_ARGUMENT', 'options.key is required');
  const issuerId = isIssuerKey(options.key) ? options.key.controller : typeof options.key.kid === 'string' ? (options.key.kid.split('#')[0] as string) : '';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/u.test(issuerId)) throw new CarepassError('INVALID_ARGUMENT', 'options.key.kid must be a URL (a DID URL such as did:key:zDn…#zDn…), whose DID is the issuer');
  const credential = await buildCredential(input, { ...options, issuerId });
  return signCredentialJwt(credential, { key: options.key, ...(options.profile ? { profile: options.profile } : {}), ...(options.documentLoader ? { documentLoader: options.documentLoader } : {}) });
}
