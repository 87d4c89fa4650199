// Test-only: rewrites of a signed credential's JSON that leave its RDF graph, and so an
// eddsa-rdfc-2022 signature, unchanged. The signature covers the canonical N-Quads, not the JSON,
// so anyone can make these rewrites without the key; a consumer of a verified credential must
// either refuse them or answer exactly as it does for the original. `proof` is never touched.
//
// Term definitions are read from the bundled contexts with a small synchronous model of JSON-LD
// 1.1 context processing (top-level, embedded, type-scoped and property-scoped contexts), enough
// for the vocabularies Carepass issues in. Rewrites are generated only where that model says the
// graph is kept; graph-rewrites.test.ts checks every one against jsonld.js in safe mode.
import { BUNDLED_CONTEXTS } from '../contexts.js';

/**
 * The kinds of rewrite, one for each way JSON-LD lets the same graph be written: `keyword-alias`
 * (inline-context aliases of `@index`, `@nest` and `@included`, and decoys that add no triple),
 * `full-iri` (a property written as its IRI, coercions spelt out), `keyword-form` (`type` as
 * `@type` or split between them, `id` as `@id`, one-item arrays, duplicates in sets, set order),
 * `blank-node` (explicit blank node ids added or relabelled), `key-order`, and `value-object`
 * (scalars as `@value` objects with the coerced `@type`, or as node references).
 */
export type GraphRewriteFamily = 'keyword-alias' | 'full-iri' | 'keyword-form' | 'blank-node' | 'key-order' | 'value-object';

/** The families, in a fixed order. */
export const GRAPH_REWRITE_FAMILIES: readonly GraphRewriteFamily[] = ['keyword-alias', 'full-iri', 'keyword-form', 'blank-node', 'key-order', 'value-object'];

/** One graph-preserving rewrite of a document. */
export interface GraphRewrite {
  /** Which family it belongs to. */
  family: GraphRewriteFamily;
  /** What it does, for failure messages: `@nest alias holding $.validUntil`. */
  label: string;
  /** Returns a rewritten deep copy of the document it was generated for; the input is not changed. */
  apply(document: unknown): unknown;
}

/** Several rewrites applied one after another. */
export interface ComposedGraphRewrite {
  /** The labels of the rewrites, joined with ` + `. */
  label: string;
  /** The family of each rewrite, in order. */
  families: GraphRewriteFamily[];
  /** The rewritten document. */
  document: unknown;
}

type Json = Record<string, unknown>;
type Path = (string | number)[];
/** A term definition: IRI (or keyword), coercion, containers, scoped context; `plain` without @reverse, @language or @direction. */
type Term = { iri: string | null; type?: string; container: readonly string[]; scoped?: unknown; plain: boolean };
type Context = { terms: ReadonlyMap<string, Term>; vocab?: string };
/** A node object: its context before (`base`) and after (`active`) its type-scoped contexts, and the key it is the value of. */
type NodeSite = { path: Path; node: Json; base: Context; active: Context; depth: number; via?: string };
type PropertySite = { path: Path; key: string; value: unknown; term?: Term; keyword?: string; base: Context };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const isScalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
// jsonld.js's test for an absolute IRI (lib/url.js isAbsolute).
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$/u;
const KEYWORD_TYPES = new Set(['@id', '@vocab', '@json', '@none']);
const ALIAS = { index: 'x_idx', nest: 'x_nest', included: 'x_inc' } as const;
/** Names a reader may take for claims; aliased to `@index` (dates) or `@included` where no context defines them. */
const DATE_CLAIMS = ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'];
const NODE_CLAIMS = ['achievement', 'alignment', 'credentialStatus', 'evidence', 'credentialSubject', 'issuer', 'result'];
const DECOY_DATE = '2099-12-31T23:59:59Z';

// Memoised context processing: the same active context and local context give the same object.
const processed = new WeakMap<Context, Map<unknown, Context>>();
const INITIAL: Context = { terms: new Map() };

function applyContext(active: Context, local: unknown): Context {
  if (local === undefined) return active;
  let byLocal = processed.get(active);
  if (!byLocal) processed.set(active, (byLocal = new Map()));
  const key = typeof local === 'object' && local !== null ? local : JSON.stringify(local);
  let result = byLocal.get(key);
  if (!result) byLocal.set(key, (result = processContext(active, local)));
  return result;
}

function processContext(active: Context, local: unknown): Context {
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
function keywordOf(context: Context, key: string): string | undefined {
  if (key.startsWith('@')) return key;
  const iri = context.terms.get(key)?.iri;
  return iri?.startsWith('@') ? iri : undefined;
}

/** Walks the node objects and properties of a document as jsonld.js expands them. */
function survey(document: Json): { nodes: NodeSite[]; properties: PropertySite[]; nests: NodeSite[]; top: NodeSite } {
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

function describe(path: Path): string {
  return `$${path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_][\w]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`)).join('')}`;
}

/** A rewrite that changes the object or array at `path` in a deep copy (`change` mutates it; `document` is the copy's root). */
function at(path: Path, change: (target: Json & unknown[], document: Json) => void): (document: unknown) => unknown {
  return (document) => {
    const copy = structuredClone(document) as Json;
    let target: unknown = copy;
    for (const segment of path) target = (target as Json)[segment];
    change(target as Json & unknown[], copy);
    return copy;
  };
}

/** Appends an inline context defining `name` as an alias of `keyword` (once). */
function defineAlias(document: Json, name: string, keyword: string): void {
  const contexts = asArray(document['@context']);
  if (contexts.some((entry) => isObject(entry) && entry[name] === keyword)) return;
  document['@context'] = [...contexts, { [name]: keyword }];
}

/**
 * Whether `name` can be made an alias of `keyword` in force at this node: the document's contexts
 * do not define it (it would be a redefinition, refused if protected), nor do this node's scoped ones.
 */
function aliasable(top: NodeSite, site: NodeSite, name: string, keyword: string): boolean {
  const atTop = top.base.terms.get(name);
  const here = site.active.terms.get(name);
  return (atTop === undefined || atTop.iri === keyword) && (here === undefined || here.iri === keyword);
}

/** A fresh blank node label, unused anywhere in the document. */
function freshLabel(document: Json): string {
  const text = JSON.stringify(document);
  let index = 1;
  while (text.includes(`"_:x${index}"`)) index++;
  return `_:x${index}`;
}

/** Whether every node object inside a value has an explicit id, so a copy of it adds no blank node. */
function identified(value: unknown, context: Context): boolean {
  if (Array.isArray(value)) return value.every((item) => identified(item, context));
  if (!isObject(value)) return true;
  const keys = Object.keys(value).map((key) => keywordOf(context, key));
  if (keys.includes('@value')) return true;
  return keys.includes('@id') && Object.entries(value).every(([key, item]) => keywordOf(context, key) !== undefined || identified(item, context));
}

/** The same scalar written as a value object or node reference, per its term's coercion; undefined where that is unsafe. */
function valueObject(term: Term, value: unknown): unknown {
  if (!isScalar(value)) return value;
  if (term.type === '@id') return typeof value === 'string' ? { '@id': value } : undefined;
  if (term.type !== undefined && KEYWORD_TYPES.has(term.type)) return undefined;
  return term.type === undefined ? { '@value': value } : { '@value': value, '@type': term.type };
}

/** Whether a term's values can be respelt (full IRI, value objects) without changing what they mean. */
function respellable(term: Term | undefined): term is Term & { iri: string } {
  return term !== undefined && term.plain && term.iri !== null && !term.iri.startsWith('@') && ABSOLUTE_IRI.test(term.iri) && term.container.every((container) => container === '@set') && !(term.type !== undefined && term.type !== '@id' && KEYWORD_TYPES.has(term.type));
}

/** A flat copy of a node with an id: its id, types and scalar properties (nothing that would mint a blank node). */
function repeatOf(site: NodeSite): Json | undefined {
  const copy: Json = {};
  for (const [key, value] of Object.entries(site.node)) {
    const keyword = keywordOf(site.active, key);
    if (keyword === '@id' || keyword === '@type' || (keyword === undefined && site.active.terms.has(key) && asArray(value).every(isScalar))) copy[key] = structuredClone(value);
  }
  return Object.keys(copy).length >= 2 ? copy : undefined;
}

function keywordAliasRewrites(nodes: NodeSite[], top: NodeSite, rewrites: GraphRewrite[]): void {
  const withId = nodes.filter((site) => Object.entries(site.node).some(([key, value]) => keywordOf(site.active, key) === '@id' && typeof value === 'string'));
  for (const site of nodes) {
    const where = describe(site.path);
    // Node references ({ "@id": … }, left by value-object rewrites) are not node descriptions to decorate.
    if (Object.keys(site.node).every((key) => keywordOf(site.active, key) === '@id')) continue;
    const alias = (label: string, name: string, keyword: string, change: (node: Json) => void): void => {
      if (!aliasable(top, site, name, keyword)) return;
      const apply = at(site.path, (node, document) => {
        defineAlias(document, name, keyword);
        change(node);
      });
      rewrites.push({ family: 'keyword-alias', label: `${label} at ${where}`, apply });
    };
    const fresh = (name: string) => !(name in site.node);
    if (fresh(ALIAS.index)) alias('@index alias', ALIAS.index, '@index', (node) => void (node[ALIAS.index] = `revoked: false; validUntil: ${DECOY_DATE}`));
    if (fresh(ALIAS.index) && fresh('@context') && site.depth > 0 && aliasable(top, site, ALIAS.index, '@index')) {
      const apply = at(site.path, (node) => void Object.assign(node, { '@context': { [ALIAS.index]: '@index' }, [ALIAS.index]: 'status: active' }));
      rewrites.push({ family: 'keyword-alias', label: `@index alias in an embedded context at ${where}`, apply });
    }
    for (const name of DATE_CLAIMS.filter(fresh)) alias(`${name} as an @index alias`, name, '@index', (node) => void (node[name] = DECOY_DATE));
    const nested = isObject(site.node[ALIAS.nest]) ? (site.node[ALIAS.nest] as Json) : {};
    for (const key of Object.keys(site.node)) {
      if (key === '@context' || key in nested || keywordOf(site.active, key) !== undefined || (site.depth === 0 && key === 'proof')) continue;
      alias(`@nest alias holding ${key}`, ALIAS.nest, '@nest', (node) => {
        node[ALIAS.nest] = { ...(isObject(node[ALIAS.nest]) ? (node[ALIAS.nest] as Json) : {}), [key]: node[key] };
        delete node[key];
      });
    }
    // Decoys: repeats of existing nodes under @included, which add no triple; only where the repeat
    // is read in the same context as the original. The credential repeats any node, others themselves.
    if (site.depth > 1) continue;
    const repeats = withId.filter((other) => other.base === site.base).map((other) => ({ other, copy: repeatOf(other) }));
    for (const { other, copy } of repeats) {
      if (!copy || (site.depth > 0 && other !== site)) continue;
      alias(`@included alias repeating ${describe(other.path)}`, ALIAS.included, '@included', (node) => void (node[ALIAS.included] = [...[node[ALIAS.included] ?? []].flat(), structuredClone(copy)]));
    }
    for (const name of NODE_CLAIMS.filter(fresh)) {
      const decoy = repeats.find(({ other, copy }) => copy && other.via === name) ?? repeats.find(({ other, copy }) => copy && other.depth === 0);
      if (decoy?.copy) alias(`${name} as an @included alias repeating ${describe(decoy.other.path)}`, name, '@included', (node) => void (node[name] = structuredClone(decoy.copy)));
    }
  }
}

function propertyRewrites(properties: PropertySite[], rewrites: GraphRewrite[]): void {
  for (const { path, key, value, term, keyword, base } of properties) {
    const where = describe(path);
    const holder = path.slice(0, -1);
    const add = (family: GraphRewriteFamily, label: string, change: (value: unknown) => unknown) =>
      rewrites.push({ family, label: `${label} ${where}`, apply: at(holder, (target) => void (target[key] = change(target[key]))) });
    if (!Array.isArray(value)) add('keyword-form', 'wrap in a one-item array', (current) => [current]);
    else if (value.length === 1 && !term?.container.includes('@list')) add('keyword-form', 'unwrap the one-item array', (current) => (current as unknown[])[0]);
    const items = asArray(value);
    const duplicable = items.findIndex((item) => isScalar(item) || identified(item, base));
    if (duplicable >= 0 && !term?.container.includes('@list')) add('keyword-form', `duplicate item ${duplicable} of`, (current) => [...asArray(current), structuredClone(asArray(current)[duplicable])]);
    if (Array.isArray(value) && value.length > 1 && !term?.container.includes('@list') && new Set(value.map((item) => JSON.stringify(item))).size > 1) {
      add('keyword-form', 'reverse the set', (current) => [...(current as unknown[])].reverse());
    }
    if (keyword || !respellable(term)) continue;
    const converted = items.map((item) => valueObject(term, item));
    if (converted.every((item) => item !== undefined) && items.some(isScalar)) {
      add('value-object', 'value objects for', (current) => (Array.isArray(current) ? current.map((item) => valueObject(term, item)) : valueObject(term, current)));
    }
    if (term.scoped === undefined && term.iri !== key && converted.every((item) => item !== undefined)) {
      rewrites.push({
        family: 'full-iri',
        label: `full IRI <${term.iri}> for ${where}`,
        apply: at(holder, (target) => {
          if (term.iri in target) return;
          const current = target[key];
          target[term.iri] = Array.isArray(current) ? current.map((item) => valueObject(term, item)) : valueObject(term, current);
          delete target[key];
        }),
      });
    }
  }
}

function renameKey(node: Json, from: string, to: string): void {
  node[to] = node[from];
  delete node[from];
}

function nodeFormRewrites(nodes: NodeSite[], nests: NodeSite[], rewrites: GraphRewrite[]): void {
  const labels = new Set<string>();
  for (const site of nodes) {
    const where = describe(site.path);
    const keys = Object.keys(site.node);
    const idKey = keys.find((key) => keywordOf(site.active, key) === '@id');
    const typeKey = keys.find((key) => key !== '@type' && keywordOf(site.base, key) === '@type');
    const add = (family: GraphRewriteFamily, label: string, change: (node: Json, document: Json) => void) => rewrites.push({ family, label: `${label} at ${where}`, apply: at(site.path, change) });
    const types = typeKey === undefined ? undefined : site.node[typeKey];
    if (typeKey && !('@type' in site.node)) add('keyword-form', `${typeKey} written as @type`, (node) => renameKey(node, typeKey, '@type'));
    if (typeKey && !('@type' in site.node) && Array.isArray(types) && types.length > 1) {
      add('keyword-form', `${typeKey} split between ${typeKey} and @type`, (node) => void Object.assign(node, { [typeKey]: types.slice(0, 1), '@type': types.slice(1) }));
    }
    if (idKey && idKey !== '@id' && !('@id' in site.node)) add('keyword-form', `${idKey} written as @id`, (node) => renameKey(node, idKey, '@id'));
    if (idKey && typeof site.node[idKey] === 'string' && (site.node[idKey] as string).startsWith('_:')) labels.add(site.node[idKey] as string);
    const key = keywordOf(site.active, 'id') === '@id' ? 'id' : '@id';
    if (!idKey && site.depth > 0) add('blank-node', 'explicit blank node id', (node, document) => void (node[key] = freshLabel(document)));
  }
  for (const label of labels) {
    rewrites.push({
      family: 'blank-node',
      label: `relabel blank node ${label}`,
      apply: (document) => {
        const fresh = freshLabel(document as Json);
        const copy = structuredClone(document) as Json;
        for (const site of survey(copy).nodes) for (const key of Object.keys(site.node)) if (keywordOf(site.active, key) === '@id' && site.node[key] === label) site.node[key] = fresh;
        return copy;
      },
    });
  }
  for (const site of [...nodes, ...nests]) {
    const keys = Object.keys(site.node);
    // The proof keeps its place: only the signed part of the document is rewritten.
    const proofAt = site.depth === 0 && site.node === nodes[0]?.node ? keys.indexOf('proof') : -1;
    const order = keys.filter((_, index) => index !== proofAt).reverse();
    if (proofAt >= 0) order.splice(proofAt, 0, 'proof');
    if (keys.length < 2) continue;
    rewrites.push({
      family: 'key-order',
      label: `keys reversed at ${describe(site.path)}`,
      apply: at(site.path, (node) => {
        const entries = order.map((key) => [key, node[key]] as const);
        for (const key of keys) delete node[key];
        Object.assign(node, Object.fromEntries(entries));
      }),
    });
  }
}

/**
 * Every single graph-preserving rewrite of a credential (or any JSON-LD document in the bundled
 * contexts): aliases of `@index`, `@nest` and `@included` with decoys that add no triple, full-IRI
 * properties, keyword and array forms, blank node ids, key order and value objects. The `proof`
 * is left exactly as it is. Each rewrite applies to this document (or an equal one).
 *
 * @throws Error when the document uses a context that is not bundled.
 */
export function graphRewrites(document: object): GraphRewrite[] {
  const { nodes, properties, nests, top } = survey(document as Json);
  const rewrites: GraphRewrite[] = [];
  keywordAliasRewrites(nodes, top, rewrites);
  propertyRewrites(properties, rewrites);
  nodeFormRewrites(nodes, nests, rewrites);
  return rewrites;
}

/**
 * Composes `depth` rewrites (default 1 to 4, at random), each drawn from the rewrites of the
 * document as the previous ones left it: a family first, uniformly, then a rewrite of it.
 */
export function randomGraphRewrite(document: object, random: () => number, depth = 1 + Math.floor(random() * 4)): ComposedGraphRewrite {
  let current: unknown = document;
  const labels: string[] = [];
  const families: GraphRewriteFamily[] = [];
  for (let step = 0; step < depth; step++) {
    const available = graphRewrites(current as object);
    const present = GRAPH_REWRITE_FAMILIES.filter((family) => available.some((rewrite) => rewrite.family === family));
    if (present.length === 0) break;
    const family = present[Math.floor(random() * present.length)] as GraphRewriteFamily;
    const choices = available.filter((rewrite) => rewrite.family === family);
    const rewrite = choices[Math.floor(random() * choices.length)] as GraphRewrite;
    current = rewrite.apply(current);
    labels.push(rewrite.label);
    families.push(family);
  }
  return { label: labels.join(' + '), families, document: current };
}
