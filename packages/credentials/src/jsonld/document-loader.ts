import { CarepassError } from '@carepass/frameworks';
import { BUNDLED_CONTEXTS } from './contexts.js';
import { type DidDocument, resolveDidKey } from '../keys/did.js';

/** What a JSON-LD document loader returns. */
export interface RemoteDocument {
  /** Always null: Carepass never follows Link headers. */
  contextUrl: null;
  /** The URL that was asked for. */
  documentUrl: string;
  /** The parsed document. */
  document: object;
}

/** A JSON-LD document loader: URL in, document out, or a coded error. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Options for {@link createDocumentLoader}. */
export interface CreateDocumentLoaderOptions {
  /** Extra contexts (or any documents) by URL, e.g. a publisher's own context. */
  documents?: ReadonlyMap<string, object> | Readonly<Record<string, object>>;
  /** DID documents the caller already has (a did:web cache), by DID. */
  didDocuments?: ReadonlyMap<string, object> | Readonly<Record<string, object>>;
  /** Resolves DIDs other than did:key (e.g. did:web through the caller's own HTTP client and cache). */
  resolveDid?: (did: string) => Promise<object | undefined>;
  /**
   * Fetches any other URL. Without it nothing is ever fetched: unknown URLs are coded errors.
   * Results are cached for the loader's lifetime.
   */
  fetch?: (url: string) => Promise<object>;
}

const asMap = (value: ReadonlyMap<string, object> | Readonly<Record<string, object>> | undefined): ReadonlyMap<string, object> =>
  value === undefined ? new Map() : value instanceof Map ? value : new Map(Object.entries(value));

/**
 * Creates the offline JSON-LD document loader every verification uses. It serves the bundled
 * contexts, resolves did:key DIDs and their verification methods offline, serves did:web and other
 * DIDs only from `didDocuments` or `resolveDid`, and fetches nothing unless `fetch` is given.
 *
 * @throws (from the loader) {@link CarepassError} `CONTEXT_NOT_FOUND`, `DID_NOT_RESOLVED` or
 * `DOCUMENT_NOT_FOUND`, each naming the URL.
 * @example
 * ```ts
 * const documentLoader = createDocumentLoader({ didDocuments: { 'did:web:training.example': didJson } });
 * ```
 */
export function createDocumentLoader(options: CreateDocumentLoaderOptions = {}): DocumentLoader {
  const documents = asMap(options.documents);
  const didDocuments = asMap(options.didDocuments);
  const fetched = new Map<string, Promise<object>>();

  const resolveDid = async (did: string): Promise<object> => {
    if (did.startsWith('did:key:')) return resolveDidKey(did);
    const known = didDocuments.get(did);
    if (known) return known;
    const resolved = options.resolveDid ? await options.resolveDid(did) : undefined;
    if (resolved) return resolved;
    throw new CarepassError(
      'DID_NOT_RESOLVED',
      `cannot resolve ${did} offline: pass its DID document in didDocuments, or a resolveDid function${did.startsWith('did:web:') ? ' (did:web is never fetched by default)' : ''}`,
    );
  };

  return async (url: string): Promise<RemoteDocument> => {
    const wrap = (document: object): RemoteDocument => ({ contextUrl: null, documentUrl: url, document: structuredClone(document) });
    const local = BUNDLED_CONTEXTS.get(url) ?? documents.get(url);
    if (local) return wrap(local);
    if (url.startsWith('did:')) {
      const [did, fragment] = url.split('#') as [string, string | undefined];
      const document = (await resolveDid(did)) as Partial<DidDocument> & Record<string, unknown>;
      if (fragment === undefined) return wrap(document);
      const method = (document.verificationMethod ?? []).find((candidate) => candidate.id === url || candidate.id === `#${fragment}`);
      if (!method) throw new CarepassError('DID_NOT_RESOLVED', `${did} has no verification method ${url}`);
      return wrap({ '@context': document['@context'], ...method, id: url });
    }
    if (options.fetch) {
      let pending = fetched.get(url);
      if (!pending) {
        pending = options.fetch(url);
        fetched.set(url, pending);
      }
      try {
        return wrap(await pending);
      } catch (error) {
        fetched.delete(url);
        throw new CarepassError('DOCUMENT_NOT_FOUND', `could not fetch ${url}: ${(error as Error).message}`, { cause: error });
      }
    }
    throw new CarepassError('CONTEXT_NOT_FOUND', `${url} is not a bundled JSON-LD context and no fetch function was given, so it was not loaded`);
  };
}
