import jsonld from 'jsonld';
import { isCarepassError } from '@carepass/frameworks';
import type { CredentialIssue } from '../verify/data-model.js';
import type { DocumentLoader } from './document-loader.js';
import { fastToRdf, type RdfQuad } from './fast-rdf.js';

/**
 * The RDF dataset of a document, as eddsa-rdfc-2022 canonicalises it, with JSON-LD safe mode,
 * which refuses anything that would be silently dropped or redefined (undefined terms, relative
 * IRIs, protected-term redefinitions): the fast path when it applies, else jsonld.js. Refusals
 * come back as issues that name the term and where it is, never thrown.
 */
export async function toRdfSafely(document: object, documentLoader: DocumentLoader): Promise<{ quads: RdfQuad[] } | { issues: CredentialIssue[] }> {
  const fast = await fastToRdf(document);
  if (fast) return { quads: fast };
  try {
    const quads = (await (jsonld as unknown as { toRDF(input: object, options: object): Promise<RdfQuad[]> }).toRDF(document, { base: null, safe: true, documentLoader, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false })) as RdfQuad[];
    return { quads };
  } catch (error) {
    return { issues: [describeJsonLdError(error)] };
  }
}

/** Maps a jsonld.js error to a Carepass issue with a stable code. */
export function describeJsonLdError(error: unknown): CredentialIssue {
  if (isCarepassError(error)) return { code: error.code === 'CONTEXT_NOT_FOUND' ? 'context_unknown' : 'document_unavailable', path: '$["@context"]', message: error.message };
  const cause = error as { name?: string; message?: string; details?: Record<string, unknown> };
  const details = cause.details ?? {};
  const nested = details.cause as { code?: string; message?: string; details?: Record<string, unknown> } | undefined;
  if (isCarepassError(nested)) return describeJsonLdError(nested);
  const event = details.event as { code?: string; details?: Record<string, unknown> } | undefined;
  const code = String(details.code ?? nested?.code ?? '');
  if (code === 'protected term redefinition') {
    return { code: 'protected_term_redefined', path: '$["@context"]', message: `a context redefines the protected term "${String(details.term ?? (details.context as object | undefined) ?? '?')}"` };
  }
  if (event) {
    const term = event.details?.property ?? event.details?.type ?? event.details?.iri ?? event.details?.term;
    const kind = event.code ?? 'unknown';
    const label = kind === 'invalid property' || kind === 'dropping property' ? 'the property' : kind === 'invalid type value' || kind === 'relative @type reference' ? 'the type' : 'the term';
    return { code: kind.includes('reference') ? 'relative_iri' : 'undefined_term', path: '$', message: `${label} "${String(term)}" is not defined by any context (JSON-LD safe mode: ${kind})` };
  }
  return { code: 'json_ld_invalid', path: '$', message: `JSON-LD processing failed: ${code || cause.message || 'unknown error'}` };
}
