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
import type { RdfQuad, RdfTerm } from '../jsonld/fast-rdf.js';
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
/** The term tables of the bundled contexts (internal; shared with claims.ts). */
export function termTables(): TermTables {
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
  /**
   * The id the document gives its root, to tell it from credentials embedded in it (endorsements)
   * when the graph has several. Choosing by it is safe: the claims the JSON makes are then compared
   * with that node's view, so a JSON that points at another node is refused.
   */
  rootId?: string;
}

const termKey = (term: RdfTerm): string => `${term.termType === 'BlankNode' ? '_:' : term.termType === 'Literal' ? '"' : '<'}${term.value}`;

/** A stable order for rendered values, so that no order in the JSON can change what is read. */
/** A stable serialisation for comparing JSON values (internal; shared with claims.ts). */
export function stable(value: unknown): string {
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
  let distinct = [...new Map(roots.map((root) => [termKey(root), root])).values()];
  // Credentials embedded in the credential (Open Badges endorsements on it, its issuer or its
  // achievement) are nodes it points to; the credential itself is the one node nothing points to.
  if (distinct.length > 1) {
    const named = distinct.filter((root) => root.termType === 'NamedNode' && root.value === options.rootId);
    const referenced = new Set(quads.filter((quad) => quad.graph.termType === 'DefaultGraph' && quad.predicate.value !== RDF_TYPE).map((quad) => termKey(quad.object)));
    const unreferenced = distinct.filter((root) => !referenced.has(termKey(root)));
    if (named.length === 1) distinct = named;
    else if (unreferenced.length === 1) distinct = unreferenced;
  }
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
