// The checks every proof format runs on the credential it carries, before its proof: JSON-LD safe
// mode and the signed view (what is read is what was signed), then Open Badges' rules on both the
// JSON and the view. Shared by Data Integrity (verify.ts) and VC-JWT (../jwt/verify-jwt.ts).
import { checkOpenBadge } from './data-model.js';
import type { DocumentLoader } from '../jsonld/document-loader.js';
import type { RdfQuad } from '../jsonld/fast-rdf.js';
import { readSignedDocument } from './claims.js';
import { type CredentialSummary, summariseCredential, type VerificationCheck } from './result.js';
import type { JsonObject as Json } from '../json.js';

/** What {@link checkSignedView} found: the signed view, or the failure (with the view, if one could be read). */
export type SignedViewOutcome = { ok: true; signed: Json; summary: CredentialSummary; quads: RdfQuad[] } | { ok: false; view?: Json };

/**
 * Runs the `json-ld` and `open-badges` checks of a credential (without its proof), adding them to
 * `checks`. An Open Badges failure is recorded but does not stop the verification.
 */
export async function checkSignedView(credential: Json, documentLoader: DocumentLoader, checks: VerificationCheck[]): Promise<SignedViewOutcome> {
  const unsigned = { ...credential };
  delete unsigned.proof;
  const read = await readSignedDocument(unsigned, documentLoader);
  if ('issues' in read) {
    for (const issue of read.issues) checks.push({ check: 'json-ld', ok: false, code: issue.code, message: issue.message, path: issue.path });
    return read.view ? { ok: false, view: read.view } : { ok: false };
  }
  const signed = read.view;
  const summary = summariseCredential(signed);
  checks.push({ check: 'json-ld', ok: true, code: 'ok', message: 'every term is defined (JSON-LD safe mode), and the JSON says what the signed graph says' });
  // Open Badges' rules hold for the JSON (its JSON Schema) and for what was signed.
  const badgeIssues = [...checkOpenBadge(credential), ...checkOpenBadge(signed)].filter((issue, index, all) => all.findIndex((other) => other.path === issue.path && other.message === issue.message) === index);
  for (const issue of badgeIssues) checks.push({ check: 'open-badges', ok: false, code: issue.code, message: issue.message, path: issue.path });
  if (badgeIssues.length === 0 && summary.types.some((type) => type === 'OpenBadgeCredential' || type === 'AchievementCredential')) {
    checks.push({ check: 'open-badges', ok: true, code: 'ok', message: 'has what Open Badges 3.0 requires' });
  }
  return { ok: true, signed, summary, quads: read.quads };
}
