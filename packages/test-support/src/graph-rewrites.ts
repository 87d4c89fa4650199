// Test-only: rewrites of a signed credential's JSON that leave its RDF graph, and so an
// eddsa-rdfc-2022 signature, unchanged. The signature covers the canonical N-Quads, not the JSON,
// so anyone can make these rewrites without the key; a consumer of a verified credential must
// either refuse them or answer exactly as it does for the original. `proof` is never touched.
//
// Term definitions are read from the bundled contexts with a small synchronous model of JSON-LD
// 1.1 context processing (top-level, embedded, type-scoped and property-scoped contexts), enough
// for the vocabularies Carepass issues in. Rewrites are generated only where that model says the
// graph is kept; graph-rewrites.test.ts checks every one against jsonld.js in safe mode.
import { ABSOLUTE_IRI, asArray, type Context, isObject, isScalar, type Json, KEYWORD_TYPES, keywordOf, type NodeSite, type Path, type PropertySite, survey, type Term } from './graph-survey.js';

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

const ALIAS = { index: 'x_idx', nest: 'x_nest', included: 'x_inc' } as const;
const DATE_CLAIMS = ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate'];
const NODE_CLAIMS = ['achievement', 'alignment', 'credentialStatus', 'evidence', 'credentialSubject', 'issuer', 'result'];
const DECOY_DATE = '2099-12-31T23:59:59Z';

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
 * The single rewrites of a document, up to `limit`, taken family by family in turn in a seeded
 * order, so every family is tried; all of them when there are no more than `limit`.
 */
export function sampleGraphRewrites(document: object, limit: number, random: () => number): GraphRewrite[] {
  const all = graphRewrites(document);
  if (all.length <= limit) return all;
  const byFamily = new Map<GraphRewriteFamily, GraphRewrite[]>();
  for (const rewrite of all) byFamily.set(rewrite.family, [...(byFamily.get(rewrite.family) ?? []), rewrite]);
  for (const list of byFamily.values()) {
    for (let index = list.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [list[index], list[other]] = [list[other] as GraphRewrite, list[index] as GraphRewrite];
    }
  }
  const chosen: GraphRewrite[] = [];
  while (chosen.length < limit) for (const list of byFamily.values()) if (list.length > 0 && chosen.length < limit) chosen.push(list.shift() as GraphRewrite);
  return chosen;
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
    // One @index alias per composition: two on one node collide, and two on copies of one node
    // (an @included repeat) conflict; JSON-LD refuses both, so neither keeps the graph.
    const indexed = labels.some((label) => label.includes('@index alias'));
    const choices = available.filter((rewrite) => rewrite.family === family && !(indexed && rewrite.label.includes('@index alias')));
    if (choices.length === 0) continue;
    const rewrite = choices[Math.floor(random() * choices.length)] as GraphRewrite;
    current = rewrite.apply(current);
    labels.push(rewrite.label);
    families.push(family);
  }
  return { label: labels.join(' + '), families, document: current };
}
