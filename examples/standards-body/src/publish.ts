// Publishing: each document is written as exact bytes, and a Verifiable Credential signed by the
// standards body names its URL and its SHA-384 digest (VC 2.0 `relatedResource`). Anyone who
// downloads both can check the document is the one the body published, offline.
import { type IssuerKey, signCredential, type SignedCredential, verifyCredential, VC_V2_CONTEXT } from '@carepass/credentials';

/** A document as published: its URL, its exact bytes, and the signed credential vouching for them. */
export interface PublishedDocument {
  url: string;
  bytes: Uint8Array;
  credential: SignedCredential;
}

/** The Subresource Integrity digest (`sha384-…`) of some bytes. */
export async function digestSri(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-384', bytes));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `sha384-${btoa(binary)}`;
}

/** Serialises a document and signs a credential that pins its bytes. */
export async function publishDocument(document: unknown, options: { key: IssuerKey; publisher: string; url: string; about: { id: string; title: string }; validFrom?: string }): Promise<PublishedDocument> {
  const bytes = new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
  const credential = await signCredential(
    {
      '@context': [VC_V2_CONTEXT],
      id: `${options.url}#publication`,
      type: ['VerifiableCredential'],
      name: `Publication of ${options.about.title}`,
      description: `${options.publisher} publishes ${options.about.id} at ${options.url}.`,
      issuer: { id: options.key.controller, name: options.publisher },
      validFrom: options.validFrom ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      credentialSubject: { id: options.about.id },
      relatedResource: [{ id: options.url, digestSRI: await digestSri(bytes), mediaType: 'application/json' }],
    },
    { key: options.key },
  );
  return { url: options.url, bytes, credential };
}

/** Checks a downloaded document against its publication credential: signature, issuer, and digest. */
export async function checkPublishedDocument(bytes: Uint8Array, credential: unknown, options: { publisher: string }): Promise<{ ok: boolean; reason: string }> {
  const result = await verifyCredential(credential);
  if (!result.verified) return { ok: false, reason: `the publication credential does not verify (${result.status})` };
  if (result.credential.issuer?.id !== options.publisher) return { ok: false, reason: `it was published by ${result.credential.issuer?.id}, not by ${options.publisher}` };
  const related = (credential as { relatedResource?: { digestSRI?: string }[] }).relatedResource?.[0];
  if (related?.digestSRI !== (await digestSri(bytes))) return { ok: false, reason: 'the document is not the one that was published (digest mismatch)' };
  return { ok: true, reason: 'signed by the publisher, and the bytes match' };
}
