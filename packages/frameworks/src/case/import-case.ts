import { isJsonObject as isObject, type JsonObject } from '../json.js';
import { checkJsonLimits } from '../limits.js';
import type { Association, AssociationType, Competency, CompetencyKind, Framework } from '../framework.js';
import { AssociationTypeSchema, CompetencyKindSchema } from '../framework.js';
import { formatJsonPath, type ValidationIssue } from '../issues.js';
import { getCompetencyUri } from '../references.js';
import { safeParseFramework } from '../validate.js';
import { CASE_EXTENSION_KEY } from './case-types.js';
import type { CaseImportNoteCode } from '../validation-codes.js';

/** Options for {@link importCasePackage}. */
export interface ImportCasePackageOptions {
  /** Slug for the framework; default: from the document's title. */
  slug?: string;
  /** Version for the framework; default: the document's `version`, else its last-change date. */
  version?: string;
  /** ISO 3166 codes where it applies (CASE does not say); default `["ZZ"]`, unknown. */
  jurisdiction?: string[];
  /** Most items accepted; default 100,000. */
  maxItems?: number;
  /** Deepest tree accepted; default 64 levels. */
  maxDepth?: number;
}

/** Something the importer kept but could not map cleanly; `path` points into the CASE input. */
export interface CaseImportNote {
  /** Stable code, e.g. `generated_code`, `moved_to_extensions`, `extra_parent`, `timezone_assumed` (each listed in `CASE_IMPORT_NOTE_HELP`). */
  code: CaseImportNoteCode;
  /** JSONPath in the CASE package. */
  path: string;
  /** What happened, for people. */
  message: string;
}

/** The outcome of {@link importCasePackage}. */
export type ImportCasePackageResult =
  | { ok: true; framework: Framework; report: CaseImportNote[] }
  | { ok: false; issues: ValidationIssue[] };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

const ADOPTION: Record<string, Framework['status']> = { draft: 'draft', retired: 'superseded', deprecated: 'superseded' };
const MAPPED_ITEM_FIELDS = new Set(['identifier', 'uri', 'fullStatement', 'humanCodingScheme', 'CFItemType', 'notes', 'lastChangeDateTime', 'extensions', 'CFItemTypeURI']);
const MAPPED_ASSOCIATION_FIELDS = new Set(['identifier', 'uri', 'associationType', 'originNodeURI', 'destinationNodeURI', 'sequenceNumber', 'notes', 'lastChangeDateTime', 'extensions']);

function slugify(title: string): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return slug === '' ? 'framework' : slug;
}

function toDateTime(value: unknown, path: string, report: CaseImportNote[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) {
    report.push({ code: 'timezone_assumed', path, message: `"${value}" has no time zone; UTC assumed` });
    return `${value}Z`;
  }
  report.push({ code: 'invalid_date', path, message: `"${value}" is not a date-time; ignored` });
  return undefined;
}

function ownExtension(value: unknown): JsonObject | undefined {
  return isObject(value) && isObject(value[CASE_EXTENSION_KEY]) ? (value[CASE_EXTENSION_KEY] as JsonObject) : undefined;
}

/**
 * Imports a 1EdTech CASE 1.0/1.1 `CFPackage` as a Carepass framework. Every item and every
 * association is kept: the `isChildOf` tree becomes the competency tree (ordered by
 * `sequenceNumber`), other associations become `associations`, and CASE fields with no Carepass
 * equivalent are kept under `extensions.case`. Packages exported by Carepass come back exactly.
 * Accepts the usual quirks of real servers (time stamps without zones, numeric strings,
 * `CFDocumentURI` inside packages, links to outside the package) and lists what it could not map
 * cleanly in `report`. Never throws on bad data.
 */
export function importCasePackage(input: unknown, options: ImportCasePackageOptions = {}): ImportCasePackageResult {
  const issues: ValidationIssue[] = [];
  const report: CaseImportNote[] = [];
  const maxItems = options.maxItems ?? 100_000;
  const maxDepth = options.maxDepth ?? 64;
  const tooBig = checkJsonLimits(input);
  if (tooBig) return { ok: false, issues: [tooBig] };
  if (!isObject(input)) return { ok: false, issues: [{ code: 'invalid_type', path: '$', message: 'a CASE package must be a JSON object' }] };
  const document = input.CFDocument;
  if (!isObject(document)) return { ok: false, issues: [{ code: 'invalid_type', path: '$.CFDocument', message: 'a CASE package needs a CFDocument object' }] };
  for (const field of ['identifier', 'uri', 'title'] as const) {
    if (!text(document[field])) issues.push({ code: 'invalid_type', path: `$.CFDocument.${field}`, message: `CFDocument.${field} must be a non-empty string` });
  }
  const rawItems = input.CFItems ?? [];
  const rawAssociations = input.CFAssociations ?? [];
  if (!Array.isArray(rawItems)) issues.push({ code: 'invalid_type', path: '$.CFItems', message: 'CFItems must be an array' });
  if (!Array.isArray(rawAssociations)) issues.push({ code: 'invalid_type', path: '$.CFAssociations', message: 'CFAssociations must be an array' });
  if (issues.length > 0) return { ok: false, issues };
  if ((rawItems as unknown[]).length > maxItems) {
    return { ok: false, issues: [{ code: 'too_big', path: '$.CFItems', message: `${(rawItems as unknown[]).length} items is over the limit of ${maxItems}` }] };
  }

  const documentExtension = ownExtension(document.extensions);
  const frameworkId = document.uri as string;

  // Items, keyed by URI and identifier (associations may use either).
  interface ItemRecord { raw: JsonObject; position: number; competency: Competency; children: { sequence: number; order: number; record: ItemRecord }[]; parent?: ItemRecord | 'document' }
  const records: ItemRecord[] = [];
  const byUri = new Map<string, ItemRecord>();
  const byIdentifier = new Map<string, ItemRecord>();
  const codes = new Set<string>();
  (rawItems as unknown[]).forEach((raw, position) => {
    const path = formatJsonPath(['CFItems', position]);
    if (!isObject(raw) || !text(raw.uri) || !text(raw.identifier)) {
      issues.push({ code: 'invalid_type', path, message: 'each CFItem must be an object with identifier and uri strings' });
      return;
    }
    const ext = ownExtension(raw.extensions);
    const statement = text(raw.fullStatement) ?? text(raw.abbreviatedStatement);
    if (!statement) report.push({ code: 'missing_statement', path: `${path}.fullStatement`, message: 'no fullStatement; the identifier is used as the title' });
    let code = text(raw.humanCodingScheme)?.trim();
    if (code !== undefined && /[\s#@]/.test(code)) {
      const cleaned = code.replace(/[\s#@]+/g, '-');
      report.push({ code: 'code_changed', path: `${path}.humanCodingScheme`, message: `"${code}" has spaces, "#" or "@"; used "${cleaned}"` });
      code = cleaned;
    }
    if (code === undefined || codes.has(code)) {
      const generated = raw.identifier as string;
      report.push({
        code: 'generated_code',
        path: `${path}.humanCodingScheme`,
        message: code === undefined ? `no humanCodingScheme; the identifier ${generated} is used as the code` : `humanCodingScheme "${code}" is used twice; the identifier ${generated} is used as the code`,
      });
      code = generated;
    }
    codes.add(code);
    const rawKind = text(raw.CFItemType);
    const kindResult = CompetencyKindSchema.safeParse(rawKind?.toLowerCase().replace(/\s+/g, '-'));
    const caseExtra: JsonObject = {};
    for (const [key, value] of Object.entries(raw)) if (!MAPPED_ITEM_FIELDS.has(key)) caseExtra[key] = value;
    if (!kindResult.success) {
      if (rawKind !== undefined) caseExtra.CFItemType = rawKind;
      if (rawKind !== undefined) report.push({ code: 'kind_defaulted', path: `${path}.CFItemType`, message: `item type "${rawKind}" kept in extensions; kind set to "competency"` });
    }
    const competency: Competency = { code, kind: (kindResult.success ? kindResult.data : 'competency') as CompetencyKind, title: statement ?? (raw.identifier as string) };
    if (ext) Object.assign(competency, Object.fromEntries(Object.entries(ext).filter(([key]) => key !== 'explicitId')));
    const notes = text(raw.notes);
    if (notes !== undefined) competency.description = notes;
    const derived = getCompetencyUri({ id: frameworkId }, { code });
    if (raw.uri !== derived || ext?.explicitId === true) competency.id = raw.uri as string;
    if (!ext) {
      caseExtra.identifier = raw.identifier;
      if (raw.lastChangeDateTime !== undefined) caseExtra.lastChangeDateTime = raw.lastChangeDateTime;
      const extensions = isObject(raw.extensions) ? raw.extensions : undefined;
      competency.extensions = { case: caseExtra, ...(extensions ?? {}) };
      const moved = Object.keys(caseExtra).filter((key) => key !== 'identifier' && key !== 'lastChangeDateTime');
      if (moved.length > 0) report.push({ code: 'moved_to_extensions', path, message: `kept in extensions.case: ${moved.join(', ')}` });
    }
    const record: ItemRecord = { raw, position, competency, children: [] };
    records.push(record);
    byUri.set(raw.uri as string, record);
    byIdentifier.set(raw.identifier as string, record);
  });
  if (issues.length > 0) return { ok: false, issues };

  const find = (end: unknown): ItemRecord | 'document' | undefined => {
    if (!isObject(end)) return undefined;
    if (end.uri === document.uri || end.identifier === document.identifier) return 'document';
    return (typeof end.uri === 'string' ? byUri.get(end.uri) : undefined) ?? (typeof end.identifier === 'string' ? byIdentifier.get(end.identifier) : undefined);
  };

  const associations: Association[] = [];
  (rawAssociations as unknown[]).forEach((raw, position) => {
    const path = formatJsonPath(['CFAssociations', position]);
    if (!isObject(raw) || !isObject(raw.originNodeURI) || !isObject(raw.destinationNodeURI) || !text(raw.associationType)) {
      issues.push({ code: 'invalid_type', path, message: 'each CFAssociation must be an object with associationType, originNodeURI and destinationNodeURI' });
      return;
    }
    const sequence = typeof raw.sequenceNumber === 'string' && /^-?\d+$/.test(raw.sequenceNumber) ? Number(raw.sequenceNumber) : raw.sequenceNumber;
    if (typeof raw.sequenceNumber === 'string') report.push({ code: 'number_coerced', path: `${path}.sequenceNumber`, message: `sequenceNumber "${raw.sequenceNumber}" read as a number` });
    if (raw.associationType === 'isChildOf') {
      const child = find(raw.originNodeURI);
      const parent = find(raw.destinationNodeURI);
      if (child && child !== 'document' && parent && child.parent === undefined && parent !== child) {
        child.parent = parent;
        if (parent !== 'document') parent.children.push({ sequence: typeof sequence === 'number' ? sequence : Number.MAX_SAFE_INTEGER, order: position, record: child });
        return;
      }
      if (child && child !== 'document' && child.parent !== undefined) {
        report.push({ code: 'extra_parent', path, message: 'the item already has a parent; this isChildOf link is kept as an association' });
      } else if (!child || !parent) {
        report.push({ code: 'dangling_reference', path, message: 'isChildOf link to something outside the package; kept as an association' });
      }
    }
    const ext = ownExtension(raw.extensions);
    if (ext && AssociationTypeSchema.safeParse(ext.type).success) {
      associations.push({ ...(ext as unknown as Association), type: raw.associationType as AssociationType });
      return;
    }
    const typeResult = AssociationTypeSchema.safeParse(raw.associationType);
    const type = typeResult.success ? typeResult.data : (`ext:${String(raw.associationType).replace(/[^A-Za-z0-9._-]/g, '')}` as AssociationType);
    if (!typeResult.success) report.push({ code: 'type_renamed', path: `${path}.associationType`, message: `unknown association type "${String(raw.associationType)}" kept as "${type}"` });
    const endOf = (value: JsonObject): Association['origin'] => {
      const end: Association['origin'] = { uri: String(value.uri ?? value.identifier ?? '') };
      if (text(value.title)) end.title = value.title as string;
      if (text(value.identifier)) end.identifier = value.identifier as string;
      if (text(value.targetType)) end.targetType = value.targetType as string;
      return end;
    };
    const association: Association = { type, origin: endOf(raw.originNodeURI), destination: endOf(raw.destinationNodeURI) };
    if (text(raw.uri) && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(raw.uri as string)) association.id = raw.uri as string;
    if (typeof sequence === 'number' && Number.isInteger(sequence)) association.sequenceNumber = sequence;
    if (text(raw.notes)) association.notes = raw.notes as string;
    const caseExtra: JsonObject = {};
    for (const [key, value] of Object.entries(raw)) if (!MAPPED_ASSOCIATION_FIELDS.has(key) || key === 'identifier' || key === 'lastChangeDateTime') caseExtra[key] = value;
    association.extensions = { case: caseExtra };
    associations.push(association);
  });
  if (issues.length > 0) return { ok: false, issues };

  // Build the tree top-down from the roots; items caught in a parent cycle become roots.
  const roots: ItemRecord[] = records.filter((record) => record.parent === undefined || record.parent === 'document');
  const reached = new Set<ItemRecord>();
  const attach = (record: ItemRecord, depth: number) => {
    const stack: { record: ItemRecord; depth: number }[] = [{ record, depth }];
    while (stack.length > 0) {
      const { record: current, depth: level } = stack.pop() as { record: ItemRecord; depth: number };
      reached.add(current);
      if (level >= maxDepth) {
        issues.push({ code: 'too_deep', path: formatJsonPath(['CFItems', current.position]), message: `the tree is deeper than ${maxDepth} levels` });
        continue;
      }
      const ordered = [...current.children].sort((a, b) => a.sequence - b.sequence || a.order - b.order).map((child) => child.record).filter((child) => !reached.has(child));
      if (ordered.length > 0) current.competency.children = ordered.map((child) => child.competency);
      for (const child of ordered) stack.push({ record: child, depth: level + 1 });
    }
  };
  const rootOrder = new Map<ItemRecord, number>();
  (rawAssociations as JsonObject[]).forEach((raw) => {
    if (raw.associationType !== 'isChildOf' || find(raw.destinationNodeURI) !== 'document') return;
    const child = find(raw.originNodeURI);
    const sequence = Number(raw.sequenceNumber);
    if (child && child !== 'document' && !rootOrder.has(child)) rootOrder.set(child, Number.isFinite(sequence) ? sequence : Number.MAX_SAFE_INTEGER);
  });
  roots.sort((a, b) => (rootOrder.get(a) ?? Number.MAX_SAFE_INTEGER) - (rootOrder.get(b) ?? Number.MAX_SAFE_INTEGER) || a.position - b.position);
  for (const root of roots) attach(root, 0);
  for (const record of records) {
    if (reached.has(record)) continue;
    report.push({ code: 'parent_cycle', path: formatJsonPath(['CFItems', record.position]), message: 'the item is in an isChildOf cycle; placed at the top level' });
    roots.push(record);
    attach(record, 0);
  }
  if (issues.length > 0) return { ok: false, issues };
  if (roots.length === 0) return { ok: false, issues: [{ code: 'too_small', path: '$.CFItems', message: 'the package has no items' }] };

  const updated = toDateTime(document.lastChangeDateTime, '$.CFDocument.lastChangeDateTime', report);
  const adoption = text(document.adoptionStatus)?.toLowerCase() ?? '';
  const title = document.title as string;
  const rawVersion = text(document.version)?.trim().replace(/[^A-Za-z0-9.\-_]+/g, '-').replace(/^[.\-_]+|[.\-_]+$/g, '');
  const startDate = text(document.statusStartDate)?.slice(0, 10) ?? updated?.slice(0, 10);
  const framework: Framework = {
    type: 'CompetencyFramework',
    id: frameworkId,
    slug: options.slug ?? (documentExtension?.slug as string | undefined) ?? slugify(title),
    version: options.version ?? (rawVersion || undefined) ?? startDate ?? '1',
    title,
    publisher: { ...(isObject(documentExtension?.publisher) ? (documentExtension.publisher as Framework['publisher']) : {}), name: text(document.publisher) ?? text(document.creator) ?? 'Unknown publisher' },
    jurisdiction: options.jurisdiction ?? (documentExtension?.jurisdiction as string[] | undefined) ?? ['ZZ'],
    language: text(document.language) ?? 'und',
    status: ADOPTION[adoption] ?? 'published',
    validFrom: startDate ?? '1970-01-01',
    competencies: roots.map((root) => root.competency),
  };
  if (documentExtension) {
    for (const [key, value] of Object.entries(documentExtension)) if (!['slug', 'publisher', 'jurisdiction'].includes(key)) (framework as JsonObject)[key] = value;
  } else {
    if (updated !== undefined) framework.updated = updated;
    if (!options.jurisdiction) report.push({ code: 'jurisdiction_unknown', path: '$.CFDocument', message: 'CASE does not say where a framework applies; jurisdiction set to ZZ (unknown)' });
    if (!text(document.language)) report.push({ code: 'language_unknown', path: '$.CFDocument.language', message: 'no language; set to "und" (undetermined)' });
    const licence = document.licenseURI;
    if (isObject(licence) && text(licence.title)) framework.licence = { name: licence.title as string, ...(text(licence.uri) && /^https?:/.test(licence.uri as string) ? { url: licence.uri as string } : {}) };
    const extra: JsonObject = { identifier: document.identifier };
    for (const [key, value] of Object.entries(document)) {
      if (!['identifier', 'uri', 'creator', 'title', 'lastChangeDateTime', 'publisher', 'description', 'language', 'version', 'adoptionStatus', 'statusStartDate', 'statusEndDate', 'licenseURI', 'extensions'].includes(key)) extra[key] = value;
    }
    framework.extensions = { case: extra, ...(isObject(document.extensions) ? document.extensions : {}) };
  }
  const description = text(document.description);
  if (description !== undefined) framework.description = description;
  const endDate = text(document.statusEndDate)?.slice(0, 10);
  if (endDate !== undefined) framework.validUntil = endDate;
  if (associations.length > 0) framework.associations = associations;

  const checked = safeParseFramework(framework);
  if (!checked.ok) {
    return { ok: false, issues: checked.issues.map((issue) => ({ ...issue, message: `the imported framework would be invalid at ${issue.path}: ${issue.message}`, path: '$' })) };
  }
  return { ok: true, framework: checked.value, report };
}
