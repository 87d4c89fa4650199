// What the page does with dropped files, without the page: read each as JSON, find the
// credentials in it (a credential, an array, or a presentation), verify each offline, and assess
// the genuine ones against a framework. Runs the same in a browser and in Node.
import { extractBakedCredential, isCompactJwt, type VerifyCredentialResult, verifyCredential } from '@carepass/credentials';
import { isJsonObject as isObject } from '@carepass/frameworks';
import { assessCredentials, createRecognitionEngine, type RecognitionReport } from '@carepass/portability';

/** One credential found in the dropped files, and what verification said. */
export interface CheckedCredential {
  /** File name, with a position when the file held several. */
  source: string;
  /** Whether the signature, issuer key, data model and validity checks passed (revocation cannot be checked offline). */
  genuine: boolean;
  /** One line for people. */
  verdict: string;
  result?: VerifyCredentialResult;
  /** Whether it has a revocation entry that this offline page could not check. */
  statusUnchecked: boolean;
}


/** The credentials in one parsed file. */
export function credentialsIn(document: unknown, name: string): { credential: unknown; source: string }[] {
  if (Array.isArray(document)) return document.map((credential, index) => ({ credential, source: `${name} [${index + 1}]` }));
  if (isObject(document) && [document.type].flat().includes('VerifiablePresentation')) {
    return [document.verifiableCredential ?? []].flat().map((credential, index) => ({ credential, source: `${name} [${index + 1}]` }));
  }
  // A CLR 2.0 learner record: each credential it holds is checked and counted on its own.
  if (isObject(document) && [document.type].flat().includes('ClrCredential')) {
    const subject = [document.credentialSubject].flat()[0];
    return (isObject(subject) ? [subject.verifiableCredential ?? []].flat() : []).map((credential, index) => ({ credential, source: `${name} [${index + 1}]` }));
  }
  return [{ credential: document, source: name }];
}

// Status lists live on the issuer's server and this page makes no requests, so revocation is
// reported as not checked rather than refusing every revocable credential.
const OFFLINE = { failClosed: false } as const;

/** A dropped file: its text (JSON, or a VC-JWT), or its bytes for a badge image (PNG or SVG) with a credential baked in. */
export type DroppedFile = { name: string; text: string } | { name: string; bytes: Uint8Array };

/** Verifies every credential in the files and assesses the genuine ones against `target`. */
export async function checkFiles(files: readonly DroppedFile[], target: string, asOf = new Date()): Promise<{ checked: CheckedCredential[]; report: RecognitionReport }> {
  const checked: CheckedCredential[] = [];
  const found: { credential: unknown; source: string }[] = [];
  for (const file of files) {
    if ('bytes' in file) {
      // A baked badge: the credential is read out of the image's bytes; nothing is rendered.
      try {
        const baked = extractBakedCredential(file.bytes);
        if (baked) found.push({ credential: baked.credential, source: file.name });
        else checked.push({ source: file.name, genuine: false, verdict: 'Not a credential: the image carries no baked credential', statusUnchecked: false });
      } catch (error) {
        checked.push({ source: file.name, genuine: false, verdict: `Not a credential: ${(error as Error).message}`, statusUnchecked: false });
      }
      continue;
    }
    // A VC-JWT (a .jwt file, or pasted JWT text) is verified as the text it is.
    if (isCompactJwt(file.text)) {
      found.push({ credential: file.text.trim(), source: file.name });
      continue;
    }
    let document: unknown;
    try {
      document = JSON.parse(file.text);
    } catch {
      checked.push({ source: file.name, genuine: false, verdict: 'Not a credential: the file is not valid JSON', statusUnchecked: false });
      continue;
    }
    found.push(...credentialsIn(document, file.name));
  }
  for (const { credential, source } of found) {
    const result = await verifyCredential(credential, { ...OFFLINE, now: asOf });
    const failed = result.checks.find((check) => !check.ok);
    // Read from the credential as its signed graph says it, like every other claim.
    const statusUnchecked = result.document?.credentialStatus !== undefined;
    const genuine = failed === undefined || (failed.check === 'validity' && failed.code === 'expired' && result.checks.filter((check) => !check.ok).length === 1);
    const verdict = failed === undefined ? 'Genuine' : genuine ? `Genuine, but expired (${failed.message})` : `Not genuine: ${failed.message}`;
    checked.push({ source, genuine, verdict, result, statusUnchecked });
  }
  const engine = createRecognitionEngine({ target, policy: { asOf: asOf.toISOString().slice(0, 10) } });
  const report = await assessCredentials(engine, found, { verify: { ...OFFLINE, now: asOf } });
  return { checked, report };
}
