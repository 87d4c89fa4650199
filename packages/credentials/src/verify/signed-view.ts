// What Carepass reads is what was signed.
//
// A Data Integrity proof over RDF (eddsa-rdfc-2022, Ed25519Signature2020) signs the document's RDF
// graph, not its JSON: any rewrite of the JSON that leaves the graph unchanged keeps the signature
// valid. So the claims Carepass acts on are read from the graph, never from the JSON as received:
//
// 1. The graph of the unsigned document (the same quads the proof check canonicalises) is turned
//    back into a plain object in the compact shape of the bundled contexts: the *signed view*.
//    Every consumer (summary, status, validity, trust, recognition, presentations) reads that.
// 2. The claims a reader of the JSON would see (a fixed projection: ids, types, issuer, dates,
//    subject, achievement and alignments, status entries, evidence, trust registry and status list
//    fields) are read from the JSON and from the signed view by one function; if they differ, the
//    credential is refused (`json_graph_mismatch`), so an integrator reading the JSON of a verified
//    credential also sees what was signed.
//
// eddsa-jcs-2022 signs the JSON bytes, but goes through the same steps so the suites never disagree.
import { BUNDLED_CONTEXTS, VC_V1_CONTEXT, VC_V2_CONTEXT } from '../jsonld/contexts.js';
import type { CredentialIssue } from './data-model.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { RdfQuad, RdfTerm } from '../jsonld/fast-rdf.js';
import { toRdfSafely } from '../jsonld/safe-mode.js';
import { isObject, type JsonObject as Json } from '../json.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
// Open Badges 3.0 writes the XML Schema namespace with https; RDF and VC 2.0 with http.
const XSD_NAMESPACES = ['http://www.w3.org/2001/XMLSchema#', 'https://www.w3.org/2001/XMLSchema#'];
/** The XML Schema local name of a datatype (`boolean`, `float`), or undefined for another namespace. */
const xsdName = (datatype: string): string | undefined => {
  const namespace = XSD_NAMESPACES.find((candidate) => datatype.startsWith(candidate));
  return namespace === undefined ? undefined : datatype.slice(namespace.length);
};
const NUMERIC = new Set(['integer', 'int', 'long', 'short', 'decimal', 'float', 'double', 'nonNegativeInteger', 'positiveInteger']);
const I18N = 'https://www.w3.org/ns/i18n#';
const CRED = 'https://www.w3.org/2018/credentials#';
/** Namespaces whose terms come from `@vocab` (VC 2.0's issuer-dependent terms, the VC examples). */
const VOCAB_NAMESPACES = ['https://www.w3.org/ns/credentials/issuer-dependent#', 'https://www.w3.org/ns/credentials/examples#'];

/** How a term is defined in the bundled contexts. */
interface TermInfo {
  term: string;
  coercion?: string;
  set: boolean;
}

interface TermTables {
  /** Term name → IRI, for every term the bundled contexts define (first definition wins). */
  iriOf: Map<string, string>;
  /** IRI → preferred term, with its coercion and container. */
  termOf: Map<string, TermInfo>;
}

// The order in which contexts name an IRI: VC 2.0 and Open Badges first, so that e.g. the Open
// Badges type is called `OpenBadgeCredential` (its alias `AchievementCredential` names the same IRI).
const PRIORITY = [VC_V2_CONTEXT, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://w3id.org/carepass/contexts/trust-registry/v1', VC_V1_CONTEXT];

let tables: TermTables | undefined;

/** Reads every term definition of the bundled contexts once: enough to name IRIs, not a JSON-LD processor. */
function termTables(): TermTables {
  if (tables) return tables;
  const iriOf = new Map<string, string>();
  const termOf = new Map<string, TermInfo>();
  const urls = [...PRIORITY.filter((url) => BUNDLED_CONTEXTS.has(url)), ...[...BUNDLED_CONTEXTS.keys()].filter((url) => !PRIORITY.includes(url))];
  const walk = (context: unknown, outer: Map<string, string>): void => {
    if (!isObject(context)) return;
    const local = new Map(outer);
    const vocab = typeof context['@vocab'] === 'string' ? context['@vocab'] : undefined;
    const expand = (value: string): string | undefined => {
      if (value.startsWith('@')) return undefined;
      const colon = value.indexOf(':');
      if (colon > 0) {
        const prefix = local.get(value.slice(0, colon));
        return prefix !== undefined && !value.slice(colon + 1).startsWith('//') ? `${prefix}${value.slice(colon + 1)}` : value;
      }
      return local.get(value) ?? (vocab ? `${vocab}${value}` : undefined);
    };
    // Two passes: prefixes and plain terms first, so that later definitions can use them.
    for (const pass of [0, 1]) {
      for (const [term, definition] of Object.entries(context)) {
        if (term.startsWith('@')) continue;
        const id = typeof definition === 'string' ? definition : isObject(definition) && typeof definition['@id'] === 'string' ? definition['@id'] : undefined;
        const iri = id === undefined ? (vocab ? `${vocab}${term}` : undefined) : expand(id);
        if (iri === undefined) continue;
        local.set(term, iri);
        if (pass === 0) continue;
        if (!iriOf.has(term)) iriOf.set(term, iri);
        if (!termOf.has(iri)) {
          const coercion = isObject(definition) && typeof definition['@type'] === 'string' ? (definition['@type'].startsWith('@') ? definition['@type'] : expand(definition['@type'])) : undefined;
          const container = isObject(definition) ? [definition['@container']].flat() : [];
          termOf.set(iri, { term, ...(coercion ? { coercion } : {}), set: container.includes('@set') || container.includes('@list') });
        }
        if (isObject(definition) && definition['@context'] !== undefined) for (const scoped of [definition['@context']].flat()) walk(scoped, local);
      }
    }
  };
  for (const url of urls) for (const context of [(BUNDLED_CONTEXTS.get(url) as Json)['@context']].flat()) walk(context, new Map());
  tables = { iriOf, termOf };
  return tables;
}

/** The short name of an IRI as the bundled contexts name it, the local name of a `@vocab` IRI, or the IRI itself. */
function nameOf(iri: string): string {
  const known = termTables().termOf.get(iri);
  if (known) return known.term;
  for (const namespace of VOCAB_NAMESPACES) if (iri.startsWith(namespace) && iri.length > namespace.length) return iri.slice(namespace.length);
  return iri;
}

/** Why a graph could not be read as one credential (or presentation). */
export interface SignedViewIssue {
  code: 'credential_node_missing' | 'credential_node_ambiguous' | 'graph_too_complex';
  message: string;
}

/** Options for {@link signedView}. */
interface SignedViewOptions {
  /** The class of the root node: `VerifiableCredential` (default) or `VerifiablePresentation`. */
  root?: 'VerifiableCredential' | 'VerifiablePresentation';
  /** The `@context` URLs to copy onto the view (contexts carry no claims). */
  contexts?: unknown;
  /** Most nodes to render (a graph can share nodes so that a tree of it is exponential). */
  maxNodes?: number;
}

const termKey = (term: RdfTerm): string => `${term.termType === 'BlankNode' ? '_:' : term.termType === 'Literal' ? '"' : '<'}${term.value}`;

/** A stable order for rendered values, so that no order in the JSON can change what is read. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stable(value[key])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Compares two strings with runs of digits as numbers (standard 2 before standard 10), never by locale. */
function naturalCompare(a: string, b: string): number {
  const left = a.match(/\d+|\D+/gu) ?? [];
  const right = b.match(/\d+|\D+/gu) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const [x, y] = [left[index] as string, right[index] as string];
    if (x === y) continue;
    if (/^\d/u.test(x) && /^\d/u.test(y) && x.length < 16 && y.length < 16 && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

function literal(term: RdfTerm): unknown {
  const datatype = term.datatype?.value;
  if (term.language && (datatype === undefined || datatype === RDF_LANG_STRING)) return { '@value': term.value, '@language': term.language };
  const local = datatype === undefined ? 'string' : xsdName(datatype);
  if (datatype === undefined || local === 'string') return term.value;
  if (local === 'boolean') return term.value === 'true' ? true : term.value === 'false' ? false : term.value;
  if (local !== undefined && NUMERIC.has(local)) {
    const number = Number(term.value);
    return Number.isFinite(number) && (!/int/i.test(local) || Number.isSafeInteger(number)) ? number : term.value;
  }
  if (datatype === RDF_JSON) {
    try {
      return JSON.parse(term.value) as unknown;
    } catch {
      return term.value;
    }
  }
  if (datatype.startsWith(I18N)) {
    const [language, direction] = datatype.slice(I18N.length).split('_');
    return { '@value': term.value, ...(language ? { '@language': language } : {}), ...(direction ? { '@direction': direction } : {}) };
  }
  return term.value; // dates, anyURI and other typed literals: their lexical form, as the JSON holds them
}

/**
 * Rebuilds the credential (or presentation) that a dataset describes as a plain object in the
 * compact shape of the bundled contexts: the root node with every property it has in the default
 * graph, nested nodes embedded, values of a property in a stable order (one value unwrapped, sets
 * kept as arrays), types always an array. Nothing in it comes from the JSON, so two documents with
 * the same graph give the same view.
 */
export function signedView(quads: readonly RdfQuad[], options: SignedViewOptions = {}): { view: Json } | { issue: SignedViewIssue } {
  const bySubject = new Map<string, Map<string, RdfTerm[]>>();
  for (const quad of quads) {
    if (quad.graph.termType !== 'DefaultGraph') continue;
    const key = termKey(quad.subject);
    let properties = bySubject.get(key);
    if (!properties) bySubject.set(key, (properties = new Map()));
    const values = properties.get(quad.predicate.value) ?? [];
    if (!values.some((value) => termKey(value) === termKey(quad.object) && value.datatype?.value === quad.object.datatype?.value && value.language === quad.object.language)) values.push(quad.object);
    properties.set(quad.predicate.value, values);
  }
  const rootClass = `${CRED}${options.root ?? 'VerifiableCredential'}`;
  const roots = quads.filter((quad) => quad.graph.termType === 'DefaultGraph' && quad.predicate.value === RDF_TYPE && quad.object.value === rootClass).map((quad) => quad.subject);
  const distinct = [...new Map(roots.map((root) => [termKey(root), root])).values()];
  if (distinct.length === 0) return { issue: { code: 'credential_node_missing', message: `the signed graph has no ${options.root ?? 'VerifiableCredential'} node` } };
  if (distinct.length > 1) return { issue: { code: 'credential_node_ambiguous', message: `the signed graph has ${distinct.length} ${options.root ?? 'VerifiableCredential'} nodes, so which one the JSON means is ambiguous` } };

  const maxNodes = options.maxNodes ?? Math.max(1000, quads.length * 8);
  let rendered = 0;
  const tooComplex = Symbol('too complex');
  const render = (node: RdfTerm, path: Set<string>): Json => {
    if (++rendered > maxNodes) throw tooComplex;
    const out: Json = {};
    if (node.termType === 'NamedNode') out.id = node.value;
    const properties = bySubject.get(termKey(node)) ?? new Map<string, RdfTerm[]>();
    const inner = new Set(path).add(termKey(node));
    const entries = [...properties.entries()].map(([predicate, objects]) => [predicate, predicate === RDF_TYPE ? 'type' : nameOf(predicate), objects] as const).sort((a, b) => (a[1] === 'type' ? -1 : b[1] === 'type' ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [predicate, name, objects] of entries) {
      const info = termTables().termOf.get(predicate);
      let values: unknown[];
      if (predicate === RDF_TYPE) {
        out.type = objects.map((object) => nameOf(object.value)).sort();
        continue;
      }
      values = objects.map((object) => {
        if (object.termType === 'Literal') return literal(object);
        const key = termKey(object);
        const hasProperties = bySubject.has(key) && !inner.has(key);
        if (object.termType === 'BlankNode') return hasProperties ? render(object, inner) : {};
        if (hasProperties) return render(object, inner);
        return info?.coercion === '@vocab' ? nameOf(object.value) : object.value;
      });
      if (values.length > 1) values = values.map((value) => [stable(value), value] as const).sort(([a], [b]) => naturalCompare(a, b)).map(([, value]) => value);
      // A name already taken (two IRIs with one local name): keep the IRI as the key.
      const key = name in out ? predicate : name;
      out[key] = values.length === 1 && !info?.set ? values[0] : values;
    }
    return out;
  };
  try {
    const view = render(distinct[0] as RdfTerm, new Set());
    const contexts = [options.contexts].flat().filter((entry): entry is string => typeof entry === 'string');
    return { view: { '@context': contexts, ...view } };
  } catch (error) {
    if (error === tooComplex) return { issue: { code: 'graph_too_complex', message: `the signed graph shares nodes so much that reading it would take more than ${maxNodes} steps` } };
    throw error;
  }
}

// The claims a reader of the JSON would take from a credential, as a projection: `true` keeps a
// value, an object descends into it. Read by one function from the JSON and from the signed view.
type Projection = { [key: string]: true | Projection };
const IDENTITY: Projection = { identityHash: true, identityType: true, hashed: true, salt: true, type: true };
const PROFILE: Projection = { id: true, type: true, name: true };
const CLAIMS: Projection = {
  id: true,
  type: true,
  issuer: PROFILE,
  holder: { id: true },
  validFrom: true,
  validUntil: true,
  issuanceDate: true,
  expirationDate: true,
  awardedDate: true,
  name: true,
  credentialSubject: {
    id: true,
    type: true,
    identifier: IDENTITY,
    achievement: {
      id: true,
      type: true,
      name: true,
      description: true,
      achievementType: true,
      criteria: { id: true, narrative: true },
      alignment: { type: true, targetUrl: true, targetCode: true, targetFramework: true, targetName: true, targetType: true },
    },
    result: { type: true, value: true, status: true },
    // Status list credentials.
    statusPurpose: true,
    encodedList: true,
    ttl: true,
    // Trust registries.
    name: true,
    trustedIssuer: { id: true, type: true, name: true, accreditation: true, scope: true, trustedFrom: true, trustedUntil: true },
  },
  credentialStatus: { id: true, type: true, statusPurpose: true, statusListIndex: true, statusListCredential: true, statusSize: true },
  evidence: { id: true, type: true, genre: true, name: true },
};

/** The canonical name of a type (an alias such as `AchievementCredential` → `OpenBadgeCredential`), or undefined when no bundled context defines it. */
function canonicalType(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const { iriOf, termOf } = termTables();
  const iri = iriOf.get(name) ?? (termOf.has(name) ? name : undefined);
  return iri === undefined ? undefined : termOf.get(iri)?.term;
}

function scalar(value: unknown): unknown {
  if (isObject(value) && '@value' in value) {
    // A typed value reads as its lexical form; a language value keeps its language.
    if (value['@language'] === undefined && value['@direction'] === undefined) return scalar(value['@value']);
    return stable({ ...value, '@value': scalar(value['@value']) });
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' || value === null) return value;
  return stable(value);
}

function project(value: unknown, projection: true | Projection, key: string): unknown {
  const values = (Array.isArray(value) ? value : [value]).flatMap((entry) => (Array.isArray(entry) ? entry : [entry])).filter((entry) => entry !== undefined);
  let projected: unknown[];
  if (key === 'type') projected = values.map(canonicalType).filter((entry) => entry !== undefined);
  else if (projection === true) projected = values.map(scalar);
  else {
    projected = values.map((entry) => {
      const node: Json = typeof entry === 'string' ? { id: entry } : isObject(entry) ? entry : { '@value': scalar(entry) };
      const out: Json = {};
      for (const [field, inner] of Object.entries(projection)) {
        if (field === 'id' && typeof node.id === 'string' && node.id.startsWith('_:')) continue;
        const read = project(node[field], inner, field);
        if (read !== undefined) out[field] = read;
      }
      return out;
    });
  }
  const unique = projected.length < 2 ? projected : [...new Map(projected.map((entry) => [stable(entry), entry])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  if (unique.length === 0) return undefined;
  return key === 'type' ? unique : unique.length === 1 ? unique[0] : unique;
}

/** The claims of a credential that Carepass (or anyone reading its JSON) acts on, normalised for comparison. */
export function readClaims(document: Json): unknown {
  return project(document, CLAIMS, '$');
}

/** The first JSON path at which two claim projections differ, with both values. */
function firstDifference(a: unknown, b: unknown, path: string): { path: string; json: unknown; graph: unknown } | undefined {
  if (stable(a) === stable(b)) return undefined;
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return { path, json: a, graph: b };
}

/**
 * Compares what the JSON of a document claims with what its signed graph says. Returns undefined
 * when they agree, else the first JSON path where they differ.
 */
export function compareClaims(document: Json, view: Json): { path: string; message: string } | undefined {
  const found = firstDifference(readClaims(document), readClaims(view), '$');
  if (!found) return undefined;
  const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 160));
  return { path: found.path, message: `the JSON and the signed graph disagree at ${found.path}: the JSON says ${show(found.json)}, the signed graph says ${show(found.graph)}; the JSON has been rewritten (or was written ambiguously) and is refused` };
}

/**
 * Reads a document's signed graph and the view of it that Carepass acts on: the graph (safe mode),
 * the one root node, and the check that the JSON's claims agree with the graph's. Every refusal
 * comes back as an issue with a code and a JSON path.
 */
export async function readSignedDocument(unsigned: Json, documentLoader: DocumentLoader, options: { root?: 'VerifiableCredential' | 'VerifiablePresentation' } = {}): Promise<{ quads: RdfQuad[]; view: Json } | { issues: CredentialIssue[]; view?: Json }> {
  const graph = await toRdfSafely(unsigned, documentLoader);
  if ('issues' in graph) return graph;
  const read = signedView(graph.quads, { contexts: unsigned['@context'], ...(options.root ? { root: options.root } : {}) });
  if ('issue' in read) return { issues: [{ ...read.issue, path: '$' }] };
  const mismatch = compareClaims(unsigned, read.view);
  // Refused, but what was signed is known: callers show that, never the rewritten JSON.
  if (mismatch) return { issues: [{ code: 'json_graph_mismatch', ...mismatch }], view: read.view };
  return { quads: graph.quads, view: read.view };
}
