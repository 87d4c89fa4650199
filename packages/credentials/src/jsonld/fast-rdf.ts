// A fast path from JSON-LD to an RDF dataset, for documents that use only bundled contexts.
//
// jsonld.js expands and converts a credential with many asynchronous steps and intermediate
// objects; for the fixed vocabularies Carepass issues and verifies (VC 2.0, Open Badges 3.0, Data
// Integrity, Bitstring Status List) that is most of the cost of a verification. This module walks
// the JSON once, synchronously, and emits the same quads, using jsonld.js's own context processing
// and IRI expansion (memoised), so term definitions, scoped contexts and protection behave exactly
// as in jsonld.js. Anything it does not handle — inline contexts, lists, graphs, language maps,
// @json, @direction, numbers with datatypes, an undefined term, a relative IRI — makes it give up
// and return undefined, and the caller uses jsonld.js. Blank node labels and quad order differ from
// jsonld.js, which does not matter: RDFC-1.0 canonical output depends on neither. A differential
// property test checks canonical output byte for byte against jsonld + rdf-canonize.
import contextApi from 'jsonld/lib/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import { isObject } from '../json.js';
import { BUNDLED_CONTEXTS } from './contexts.js';

/** An RDF term as rdf-canonize takes it. */
export interface RdfTerm {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  datatype?: { termType: 'NamedNode'; value: string };
  language?: string;
}

/** A quad as rdf-canonize takes it. */
export interface RdfQuad {
  subject: RdfTerm;
  predicate: RdfTerm;
  object: RdfTerm;
  graph: RdfTerm;
}

interface TermDefinition {
  '@id'?: string;
  '@type'?: string;
  '@container'?: string[];
  '@context'?: unknown;
  '@language'?: unknown;
  '@direction'?: unknown;
  '@reverse'?: boolean;
  '@nest'?: unknown;
  '@index'?: unknown;
  reverse?: boolean;
}

interface ActiveContext {
  mappings: Map<string, TermDefinition | null>;
  previousContext?: ActiveContext;
  revertToPreviousContext(): ActiveContext;
  '@language'?: unknown;
  '@direction'?: unknown;
  '@base'?: unknown;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';
const XSD_DOUBLE = 'http://www.w3.org/2001/XMLSchema#double';
const DEFAULT_GRAPH: RdfTerm = { termType: 'DefaultGraph', value: '' };
// jsonld.js's test for an absolute IRI (lib/url.js isAbsolute).
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$/u;
const SUPPORTED_CONTAINERS = new Set(['@set']);
const UNSUPPORTED_TERM_FIELDS = ['@language', '@direction', '@reverse', '@nest', '@index'] as const;

/** Thrown inside the walk when a context is not processed yet: processed, then the walk restarts. */
class ContextNeeded {
  constructor(
    readonly activeCtx: ActiveContext,
    readonly localCtx: unknown,
    readonly propagate: boolean,
    readonly overrideProtected: boolean,
  ) {}
}

/** Thrown inside the walk for anything the fast path leaves to jsonld.js. */
class GiveUp {}
const GIVE_UP = new GiveUp();

type DocumentLoader = (url: string) => Promise<{ document: unknown; documentUrl: string; contextUrl: null }>;

/** Loads only bundled contexts: the fast path is for them alone. */
const bundledLoader: DocumentLoader = async (url) => {
  const document = BUNDLED_CONTEXTS.get(url);
  if (!document) throw GIVE_UP;
  return { contextUrl: null, documentUrl: url, document };
};

// Memoised context processing: (active context, local context, flags) → active context. The same
// inputs always give the same object back, so chains of scoped contexts are stable and cached.
const processed = new WeakMap<ActiveContext, Map<unknown, ActiveContext>>();
let sharedCache = new Map<unknown, unknown>();
const options = (): Record<string, unknown> => ({
  base: null,
  documentLoader: bundledLoader,
  contextResolver: new ContextResolver({ sharedCache: { get: (key: unknown) => sharedCache.get(key), set: (key: unknown, value: unknown) => sharedCache.set(key, value), has: (key: unknown) => sharedCache.has(key) } }),
  // Any warning jsonld.js would raise (in safe mode, an error) means: leave this to jsonld.js.
  eventHandler: () => {
    throw GIVE_UP;
  },
});
const IRI_OPTIONS = options();
const initial = (contextApi as { getInitialContext(options: object): ActiveContext }).getInitialContext({});

function memoKey(localCtx: unknown, propagate: boolean, overrideProtected: boolean): unknown {
  // Scoped contexts are objects held by their term definitions (stable identity); URL lists are strings.
  if (typeof localCtx === 'string') return `${localCtx}|${String(propagate)}|${String(overrideProtected)}`;
  if (Array.isArray(localCtx) && localCtx.every((entry) => typeof entry === 'string')) return `${localCtx.join(' ')}|${String(propagate)}|${String(overrideProtected)}`;
  let byFlags = flagged.get(localCtx as object);
  if (!byFlags) flagged.set(localCtx as object, (byFlags = new Map()));
  const flag = `${String(propagate)}|${String(overrideProtected)}`;
  let key = byFlags.get(flag);
  if (!key) byFlags.set(flag, (key = {}));
  return key;
}
const flagged = new WeakMap<object, Map<string, object>>();

function processContext(activeCtx: ActiveContext, localCtx: unknown, propagate = true, overrideProtected = false): ActiveContext {
  const key = memoKey(localCtx, propagate, overrideProtected);
  const found = processed.get(activeCtx)?.get(key);
  if (found) return found;
  throw new ContextNeeded(activeCtx, localCtx, propagate, overrideProtected);
}

async function fillContext(needed: ContextNeeded): Promise<void> {
  if (sharedCache.size > 1000) sharedCache = new Map();
  const result = (await (contextApi as { process(args: object): Promise<ActiveContext> }).process({
    activeCtx: needed.activeCtx,
    localCtx: needed.localCtx,
    options: options(),
    propagate: needed.propagate,
    overrideProtected: needed.overrideProtected,
  })) as ActiveContext;
  let byKey = processed.get(needed.activeCtx);
  if (!byKey) processed.set(needed.activeCtx, (byKey = new Map()));
  byKey.set(memoKey(needed.localCtx, needed.propagate, needed.overrideProtected), result);
}

// jsonld.js reverts to a clone of the previous context; one clone per context keeps memo keys stable.
const reverted = new WeakMap<ActiveContext, ActiveContext>();
function revert(activeCtx: ActiveContext): ActiveContext {
  if (!activeCtx.previousContext) return activeCtx;
  let previous = reverted.get(activeCtx);
  if (!previous) reverted.set(activeCtx, (previous = activeCtx.revertToPreviousContext()));
  return previous;
}

function expandIri(activeCtx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }): string | null {
  return (contextApi as { expandIri(ctx: ActiveContext, value: string, relativeTo: object, options: object): string | null }).expandIri(activeCtx, value, relativeTo, IRI_OPTIONS);
}

function definitionOf(activeCtx: ActiveContext, term: string): TermDefinition | undefined {
  const definition = activeCtx.mappings.get(term);
  return definition ?? undefined;
}


/** Converts a document to quads, or throws ContextNeeded / GiveUp. */
class Walker {
  readonly quads: RdfQuad[] = [];
  private readonly seen = new Set<string>();
  private blankNodes = 0;
  private readonly labels = new Map<string, string>();

  private node(iri: string): RdfTerm {
    if (iri.startsWith('_:')) {
      let label = this.labels.get(iri);
      if (!label) this.labels.set(iri, (label = `_:u${this.labels.size}`));
      return { termType: 'BlankNode', value: label };
    }
    if (!ABSOLUTE_IRI.test(iri)) throw GIVE_UP;
    return { termType: 'NamedNode', value: iri };
  }

  private emit(subject: RdfTerm, predicate: string, object: RdfTerm): void {
    // The node map of jsonld.js merges duplicate values: a set of quads, not a list.
    const key = `${subject.value}\u0000${predicate}\u0000${object.termType}\u0000${object.value}\u0000${object.datatype?.value ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push({ subject, predicate: { termType: 'NamedNode', value: predicate }, object, graph: DEFAULT_GRAPH });
  }

  /** The top-level document. */
  document(document: Record<string, unknown>): void {
    const context = document['@context'];
    const contexts = Array.isArray(context) ? context : [context];
    if (contexts.length === 0 || !contexts.every((entry) => typeof entry === 'string' && BUNDLED_CONTEXTS.has(entry))) throw GIVE_UP;
    const activeCtx = processContext(initial, context);
    this.nodeObject(activeCtx, undefined, document, null, true);
  }

  /**
   * Expands one node object (jsonld.js lib/expand.js, the object branch of api.expand, then
   * _expandObject) and emits its quads; returns its subject term.
   */
  private nodeObject(activeCtx: ActiveContext, activeProperty: string | undefined, element: Record<string, unknown>, typeScopedContext: ActiveContext | null, topLevel = false): RdfTerm {
    const keys = Object.keys(element).sort();
    if (keys.length === 0) throw GIVE_UP;
    const propertyScopedCtx = activeProperty === undefined ? undefined : definitionOf(activeCtx, activeProperty)?.['@context'];
    let scoped = typeScopedContext ?? (activeCtx.previousContext ? activeCtx : null);
    let mustRevert = true;
    if (scoped && keys.length <= 2 && !keys.includes('@context')) {
      for (const key of keys) {
        const expanded = expandIri(scoped, key, { vocab: true });
        if (expanded === '@value') throw GIVE_UP;
        if (expanded === '@id' && keys.length === 1) {
          mustRevert = false;
          break;
        }
      }
    }
    if (mustRevert) activeCtx = revert(activeCtx);
    if (propertyScopedCtx !== undefined) activeCtx = processContext(activeCtx, propertyScopedCtx, true, true);
    if (!topLevel && '@context' in element) throw GIVE_UP; // inline contexts: jsonld.js (the base-URL trick lives here)
    scoped = activeCtx;
    for (const key of keys) {
      if (key === '@context') continue;
      if (expandIri(activeCtx, key, { vocab: true }) !== '@type') continue;
      const value = element[key];
      const types = Array.isArray(value) ? [...value].sort() : [value];
      for (const type of types) {
        if (typeof type !== 'string') throw GIVE_UP;
        const typeCtx = definitionOf(scoped, type)?.['@context'];
        if (typeCtx !== undefined) activeCtx = processContext(activeCtx, typeCtx, false);
      }
    }
    if (activeCtx['@language'] !== undefined || activeCtx['@direction'] !== undefined) throw GIVE_UP;

    // The subject: its @id, or a fresh blank node.
    let subject: RdfTerm | undefined;
    for (const key of keys) {
      if (key === '@context') continue;
      if (expandIri(activeCtx, key, { vocab: true }) !== '@id') continue;
      const id = element[key];
      if (typeof id !== 'string' || subject) throw GIVE_UP;
      const iri = expandIri(activeCtx, id, { base: true });
      if (iri === null) throw GIVE_UP;
      subject = this.node(iri);
    }
    subject ??= { termType: 'BlankNode', value: `_:f${this.blankNodes++}` };

    for (const key of keys) {
      if (key === '@context') continue;
      const value = element[key];
      const property = expandIri(activeCtx, key, { vocab: true });
      if (property === '@id') continue;
      if (property === '@type') {
        for (const type of Array.isArray(value) ? value : [value]) {
          const iri = expandIri(scoped, type as string, { vocab: true, base: true });
          if (iri === null) throw GIVE_UP;
          this.emit(subject, RDF_TYPE, this.node(iri));
        }
        continue;
      }
      // Undefined terms, other keywords, blank-node predicates: jsonld.js decides (safe mode refuses).
      if (property === null || property.startsWith('@') || property.startsWith('_:') || !ABSOLUTE_IRI.test(property)) throw GIVE_UP;
      const definition = definitionOf(activeCtx, key);
      if (definition) {
        for (const field of UNSUPPORTED_TERM_FIELDS) if (definition[field] !== undefined) throw GIVE_UP;
        if (definition.reverse) throw GIVE_UP;
        if (definition['@container']?.some((container) => !SUPPORTED_CONTAINERS.has(container))) throw GIVE_UP;
      }
      const termCtx = definition?.['@context'] === undefined ? activeCtx : processContext(activeCtx, definition['@context'], true, true);
      for (const item of Array.isArray(value) ? value : [value]) {
        if (Array.isArray(item)) throw GIVE_UP;
        // jsonld.js recurses without a type-scoped context: the child finds its own.
        const object = isObject(item) ? this.nodeObject(termCtx, key, item, null) : this.value(termCtx, key, item);
        this.emit(subject, property, object);
      }
    }
    return subject;
  }

  /** Expands a scalar value (jsonld.js _expandValue) into an RDF term (toRdf.js _objectToRDF). */
  private value(activeCtx: ActiveContext, activeProperty: string, value: unknown): RdfTerm {
    if (activeCtx['@language'] !== undefined || activeCtx['@direction'] !== undefined) throw GIVE_UP;
    const definition = definitionOf(activeCtx, activeProperty);
    const type = definition?.['@type'];
    if (typeof value === 'string') {
      if (type === '@id') {
        const iri = expandIri(activeCtx, value, { base: true });
        if (iri === null) throw GIVE_UP;
        return this.node(iri);
      }
      if (type === '@vocab') {
        const iri = expandIri(activeCtx, value, { vocab: true, base: true });
        if (iri === null) throw GIVE_UP;
        return this.node(iri);
      }
      if (type === '@json' || type === '@none') throw GIVE_UP;
      if (definition?.['@language'] !== undefined) throw GIVE_UP;
      const datatype = type ?? XSD_STRING;
      if (datatype === XSD_DOUBLE) throw GIVE_UP; // jsonld.js reformats such strings as numbers
      if (!ABSOLUTE_IRI.test(datatype)) throw GIVE_UP;
      return { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype } };
    }
    // Booleans and integers keep a coerced datatype (not @id, @vocab or @none, which only apply to strings).
    if (type === '@json') throw GIVE_UP;
    const coerced = type === undefined || type === '@id' || type === '@vocab' || type === '@none' ? undefined : type;
    if (coerced !== undefined && !ABSOLUTE_IRI.test(coerced)) throw GIVE_UP;
    if (typeof value === 'boolean') return { termType: 'Literal', value: String(value), datatype: { termType: 'NamedNode', value: coerced ?? XSD_BOOLEAN } };
    if (typeof value === 'number' && Number.isFinite(value)) {
      // jsonld.js toRdf.js: a double is a number written with a point or of magnitude 1e21 or more.
      if (String(value).includes('.') || Math.abs(value) >= 1e21 || coerced === XSD_DOUBLE) {
        return { termType: 'Literal', value: value.toExponential(15).replace(/(\d)0*e\+?/u, '$1E'), datatype: { termType: 'NamedNode', value: coerced ?? XSD_DOUBLE } };
      }
      if (Number.isSafeInteger(value)) return { termType: 'Literal', value: value.toFixed(0), datatype: { termType: 'NamedNode', value: coerced ?? XSD_INTEGER } };
    }
    throw GIVE_UP; // null, exponents without a point, anything else: jsonld.js
  }
}

/**
 * Converts a JSON-LD document that uses only bundled contexts to its RDF dataset, as
 * `jsonld.toRDF(document, { safe: true, base: null })` would (up to blank node labels and quad
 * order), or returns undefined when the document needs full JSON-LD processing.
 */
export async function fastToRdf(document: unknown): Promise<RdfQuad[] | undefined> {
  if (!isObject(document)) return undefined;
  // Each pass either finishes or asks for one more processed context (only while warming up); bounded for safety.
  for (let attempt = 0; attempt < 4096; attempt++) {
    const walker = new Walker();
    try {
      walker.document(document);
      return walker.quads;
    } catch (error) {
      if (error instanceof ContextNeeded) {
        try {
          await fillContext(error);
        } catch {
          return undefined;
        }
        continue;
      }
      return undefined; // GIVE_UP, or anything unexpected: jsonld.js will say what is wrong
    }
  }
  return undefined;
}
