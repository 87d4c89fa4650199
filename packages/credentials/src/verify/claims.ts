// The second half of "what is read is what was signed" (see signed-view.ts): the claims a reader
// of the JSON would take from a document, compared with those of its signed view, and the reading
// of a document's signed graph that both steps make up.
import type { CredentialIssue } from './data-model.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { RdfQuad } from '../jsonld/fast-rdf.js';
import { toRdfSafely } from '../jsonld/safe-mode.js';
import { isObject, type JsonObject as Json } from '../json.js';
import { signedView, stable, termTables } from './signed-view.js';

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

/**
 * How a JSON document describes each node id, in one walk (it runs on every verification):
 * - `types`: every type given to the id anywhere in the document (a node described twice, e.g. an
 *   issuer that an attached endorsement endorses, is one node in the graph);
 * - `embedded`: the descriptions of the id inside credentials embedded in the document (a CLR's
 *   credentials, attached endorsements). In the graph they are the same nodes as those of the
 *   document with the same id (the worker a CLR is about is the subject of every credential in it),
 *   so the document's claims about such a node include theirs. Only embedded credentials count:
 *   each is verified on its own, over its own JSON, so nothing can be moved into or out of one
 *   without breaking its proof.
 */
function nodesById(document: unknown, merging: Merging = { types: new Map(), embedded: new Map() }, inside = false): Merging {
  if (Array.isArray(document)) {
    for (const entry of document) nodesById(entry, merging, inside);
  } else if (isObject(document)) {
    if (typeof document.id === 'string') {
      if (document.type !== undefined) merging.types.set(document.id, [...(merging.types.get(document.id) ?? []), ...[document.type].flat()]);
      if (inside) merging.embedded.set(document.id, [...(merging.embedded.get(document.id) ?? []), document]);
    }
    for (const [key, entry] of Object.entries(document)) {
      if (key === 'proof') continue;
      const embedded = isObject(entry) || Array.isArray(entry) ? [entry].flat().some((item) => isObject(item) && [item.type].flat().includes('VerifiableCredential') && item.proof !== undefined) : false;
      nodesById(entry, merging, inside || embedded);
    }
  }
  return merging;
}

/** How the JSON side of the comparison reads nodes described more than once (see {@link readClaims}). */
interface Merging {
  types: Map<string, unknown[]>;
  embedded: Map<string, Json[]>;
}

function project(value: unknown, projection: true | Projection, key: string, merged?: Merging): unknown {
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
        // The types of a node are all those the document gives its id, as in the graph; its other
        // claims include those that embedded credentials make about it.
        const id = typeof node.id === 'string' ? node.id : undefined;
        const others = id === undefined ? [] : (merged?.embedded.get(id) ?? []).filter((other) => other !== node);
        const given = field === 'type' && merged && id !== undefined ? merged.types.get(id) : undefined;
        const read = project(given ?? (others.length > 0 ? [node[field], ...others.map((other) => other[field])] : node[field]), inner, field, merged);
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
export function readClaims(document: Json, options: { mergeTypes?: boolean } = {}): unknown {
  return project(document, CLAIMS, '$', options.mergeTypes ? nodesById(document) : undefined);
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
  const found = firstDifference(readClaims(document, { mergeTypes: true }), readClaims(view), '$');
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
  const read = signedView(graph.quads, { contexts: unsigned['@context'], ...(options.root ? { root: options.root } : {}), ...(typeof unsigned.id === 'string' ? { rootId: unsigned.id } : {}) });
  if ('issue' in read) return { issues: [{ ...read.issue, path: '$' }] };
  const mismatch = compareClaims(unsigned, read.view);
  // Refused, but what was signed is known: callers show that, never the rewritten JSON.
  if (mismatch) return { issues: [{ code: 'json_graph_mismatch', ...mismatch }], view: read.view };
  return { quads: graph.quads, view: read.view };
}
