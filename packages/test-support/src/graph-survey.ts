// Test-only: a small synchronous model of JSON-LD 1.1 context processing (top-level, embedded,
// type-scoped and property-scoped contexts) over the bundled contexts, and a survey of where a
// document's nodes and properties are, with the context active at each. graph-rewrites.ts uses
// it to know which rewrites keep the graph.
import { BUNDLED_CONTEXTS } from '@carepass/credentials';

export type Json = Record<string, unknown>;
export type Path = (string | number)[];
/** A term definition: IRI (or keyword), coercion, containers, scoped context; `plain` without @reverse, @language or @direction. */
export type Term = { iri: string | null; type?: string; container: readonly string[]; scoped?: unknown; plain: boolean };
export type Context = { terms: ReadonlyMap<string, Term>; vocab?: string };
/** A node object: its context before (`base`) and after (`active`) its type-scoped contexts, and the key it is the value of. */
export type NodeSite = { path: Path; node: Json; base: Context; active: Context; depth: number; via?: string };
export type PropertySite = { path: Path; key: string; value: unknown; term?: Term; keyword?: string; base: Context };

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
export const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
// jsonld.js's test for an absolute IRI (lib/url.js isAbsolute).
export const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$/u;
export const KEYWORD_TYPES = new Set(['@id', '@vocab', '@json', '@none']);
/** Names a reader may take for claims; aliased to `@index` (dates) or `@included` where no context defines them. */

// Memoised context processing: the same active context and local context give the same object.
const processed = new WeakMap<Context, Map<unknown, Context>>();
export const INITIAL: Context = { terms: new Map() };

export function applyContext(active: Context, local: unknown): Context {
  if (local === undefined) return active;
  let byLocal = processed.get(active);
  if (!byLocal) processed.set(active, (byLocal = new Map()));
  const key = typeof local === 'object' && local !== null ? local : JSON.stringify(local);
  let result = byLocal.get(key);
  if (!result) byLocal.set(key, (result = processContext(active, local)));
  return result;
}

export function processContext(active: Context, local: unknown): Context {
  if (local === null) return INITIAL;
  if (typeof local === 'string') {
    const document = BUNDLED_CONTEXTS.get(local) as Json | undefined;
    if (!document) throw new Error(`graph-rewrites: ${local} is not a bundled context`);
    return applyContext(active, document['@context']);
  }
  if (Array.isArray(local)) return local.reduce<Context>((context, entry) => applyContext(context, entry), active);
  if (!isObject(local)) return active;
  const terms = new Map(active.terms);
  const vocab = '@vocab' in local ? (typeof local['@vocab'] === 'string' ? local['@vocab'] : undefined) : active.vocab;
  const defining = new Set<string>();
  const expand = (value: string): string | null => {
    if (value.startsWith('@')) return value;
    if (value in local) define(value);
    const term = terms.get(value);
    if (term) return term.iri;
    const colon = value.indexOf(':');
    if (colon > 0) {
      const prefix = value.slice(0, colon);
      const suffix = value.slice(colon + 1);
      if (prefix === '_' || suffix.startsWith('//')) return value;
      if (prefix in local) define(prefix);
      const prefixTerm = terms.get(prefix);
      return prefixTerm?.iri ? `${prefixTerm.iri}${suffix}` : value;
    }
    return vocab === undefined ? null : `${vocab}${value}`;
  };
  const define = (name: string): void => {
    if (defining.has(name)) return;
    defining.add(name);
    const raw = local[name];
    const definition: Json = typeof raw === 'string' ? { '@id': raw } : isObject(raw) ? raw : { '@id': null };
    const id = definition['@id'];
    const iri = typeof id === 'string' ? expand(id) : id === null ? null : name.includes(':') ? expand(name) : vocab === undefined ? null : `${vocab}${name}`;
    const type = typeof definition['@type'] === 'string' ? (KEYWORD_TYPES.has(definition['@type']) ? definition['@type'] : (expand(definition['@type']) ?? undefined)) : undefined;
    const plain = !('@reverse' in definition) && !('@language' in definition) && !('@direction' in definition);
    terms.set(name, { iri, container: asArray(definition['@container'] ?? []) as string[], plain, ...(type ? { type } : {}), ...('@context' in definition ? { scoped: definition['@context'] } : {}) });
  };
  for (const name of Object.keys(local)) if (!name.startsWith('@')) define(name);
  return { terms, ...(vocab === undefined ? {} : { vocab }) };
}

/** The keyword a key stands for (`@id` for `id`), if it is one. */
export function keywordOf(context: Context, key: string): string | undefined {
  if (key.startsWith('@')) return key;
  const iri = context.terms.get(key)?.iri;
  return iri?.startsWith('@') ? iri : undefined;
}

/** Walks the node objects and properties of a document as jsonld.js expands them. */
export function survey(document: Json): { nodes: NodeSite[]; properties: PropertySite[]; nests: NodeSite[]; top: NodeSite } {
  const nodes: NodeSite[] = [];
  const properties: PropertySite[] = [];
  const nests: NodeSite[] = [];
  const visitNode = (node: Json, path: Path, inherited: Context, depth: number, via?: string): void => {
    const base = '@context' in node ? applyContext(inherited, node['@context']) : inherited;
    let active = base;
    // jsonld.js applies the type-scoped contexts of each @type key in key order, types sorted.
    for (const key of Object.keys(node).sort()) {
      if (keywordOf(base, key) !== '@type') continue;
      for (const type of asArray(node[key]).filter((entry): entry is string => typeof entry === 'string').sort()) active = applyContext(active, base.terms.get(type)?.scoped);
    }
    const site: NodeSite = { path, node, base, active, depth, ...(via === undefined ? {} : { via }) };
    nodes.push(site);
    visitProperties(node, path, site);
  };
  const visitProperties = (holder: Json, holderPath: Path, site: NodeSite): void => {
    for (const [key, value] of Object.entries(holder)) {
      if (key === '@context' || (site.depth === 0 && key === 'proof' && holder === site.node)) continue;
      const at = [...holderPath, key];
      const keyword = keywordOf(site.active, key);
      if (keyword === '@nest') {
        asArray(value).forEach((nested, index) => {
          if (!isObject(nested)) return;
          const nestPath = Array.isArray(value) ? [...at, index] : at;
          nests.push({ ...site, path: nestPath, node: nested });
          visitProperties(nested, nestPath, site);
        });
        continue;
      }
      if (keyword === '@included') {
        asArray(value).forEach((item, index) => isObject(item) && visitNode(item, Array.isArray(value) ? [...at, index] : at, site.base, site.depth + 1));
        continue;
      }
      if (keyword) {
        if (keyword === '@type') properties.push({ path: at, key, value, keyword, base: site.base });
        continue;
      }
      const term = site.active.terms.get(key) ?? (ABSOLUTE_IRI.test(key) ? { iri: key, container: [], plain: true } : undefined);
      properties.push({ path: at, key, value, base: site.base, ...(term ? { term } : {}) });
      if (term?.container.includes('@list')) continue;
      const childBase = applyContext(site.base, term?.scoped);
      asArray(value).forEach((item, index) => {
        if (isObject(item) && !Object.keys(item).some((name) => ['@value', '@list', '@set'].includes(keywordOf(childBase, name) ?? ''))) {
          visitNode(item, Array.isArray(value) ? [...at, index] : at, childBase, site.depth + 1, key);
        }
      });
    }
  };
  visitNode(document, [], INITIAL, 0);
  return { nodes, properties, nests, top: nodes[0] as NodeSite };
}
