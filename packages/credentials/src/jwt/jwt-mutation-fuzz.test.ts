import canonicalize from 'canonicalize';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutationPlan, seededRandom } from '@carepass/test-support';
import { issueCredentialJwt } from '../issue/issue.js';
import type { IssueCredentialRequest } from '../issue/issue-request.js';
import { generateIssuerKey } from '../keys/keys.js';
import { isVerificationCode, verifyCredential } from '../index.js';
import { getDidKeyOfJwk } from '../keys/jwk.js';

// The mutation fuzzer of mutation-fuzz.test.ts, run over VC-JWTs: any change to the header or the
// payload (re-encoded, the signature kept) and any damage to the text must be refused with a code
// of the vocabulary. 1,000 in `npm test`; `npm run test:adversarial` runs 20,000.
const COUNT = Number(process.env.CAREPASS_JWT_MUTATIONS ?? 1_000);
const SEED = Number(process.env.CAREPASS_SEED ?? 20261128);
const NOW = '2026-11-28T12:00:00Z';

let tokens: string[];

beforeAll(async () => {
  const key = await generateIssuerKey();
  const pair = await generateKeyPair('ES256', { extractable: true });
  const did = getDidKeyOfJwk(await exportJWK(pair.publicKey));
  const es256 = { kid: `${did}#${did.slice('did:key:'.length)}`, privateJwk: await exportJWK(pair.privateKey) };
  const request: IssueCredentialRequest = { competency: 'care-certificate@2025#12', subject: { id: 'did:example:naomi' }, validFrom: '2026-01-05T09:00:00Z', evidence: [{ genre: 'Workplace observation', narrative: 'CPR observed on a manikin' }] };
  tokens = [
    await issueCredentialJwt(request, { key, now: NOW }),
    await issueCredentialJwt({ microQualification: 'dementia-types-and-care', subject: { email: 'naomi@example.org', salt: 'pepper' }, validFrom: '2026-01-05T09:00:00Z' }, { key: es256, now: NOW }),
    await issueCredentialJwt(request, { key, now: NOW, profile: 'vc-jose-cose' }),
  ];
}, 60_000);

const decode = (part: string): unknown => JSON.parse(new TextDecoder().decode(base64url.decode(part)));
const encode = (value: unknown): string => base64url.encode(JSON.stringify(value));
/** Whether damaged text still decodes to the same bytes (base64url's last character carries spare bits). */
const sameBytes = (text: string, token: string): boolean => {
  const [a, b] = [text.split('.'), token.split('.')];
  if (a.length !== b.length) return false;
  try {
    return a.every((part, index) => Buffer.compare(Buffer.from(base64url.decode(part)), Buffer.from(base64url.decode(b[index] as string))) === 0);
  } catch {
    return false;
  }
};

describe(`VC-JWT mutation fuzzing: ${COUNT} mutations of signed JWTs (seed ${SEED})`, () => {
  it('starts from JWTs that verify', async () => {
    for (const token of tokens) expect((await verifyCredential(token, { now: NOW })).verified).toBe(true);
  });

  it('refuses every change to the header or payload, with the signature kept', async () => {
    const parts = tokens.map((token) => token.split('.') as [string, string, string]);
    // Documents 0..n-1 are the payloads, n..2n-1 the headers.
    const documents = [...parts.map(([, payload]) => decode(payload)), ...parts.map(([header]) => decode(header))] as Record<string, unknown>[];
    const accepted: string[] = [];
    const codes = new Set<string>();
    let tried = 0;
    for (const { document, mutation } of mutationPlan(documents, COUNT, SEED)) {
      let mutated: unknown;
      try {
        mutated = mutation.apply(documents[document]);
      } catch {
        continue;
      }
      if (canonicalize(mutated) === canonicalize(documents[document])) continue;
      const index = document % tokens.length;
      const [header, payload, signature] = parts[index] as [string, string, string];
      const token = document < tokens.length ? `${header}.${encode(mutated)}.${signature}` : `${encode(mutated)}.${payload}.${signature}`;
      const result = await verifyCredential(token, { now: NOW });
      tried++;
      if (result.verified) accepted.push(`${document < tokens.length ? 'payload' : 'header'} #${index}: ${mutation.label}`);
      for (const check of result.checks) if (!check.ok) codes.add(check.code);
    }
    expect(tried).toBeGreaterThan(COUNT / 2);
    expect(accepted.slice(0, 10), `${accepted.length} mutations verified`).toEqual([]);
    expect([...codes].filter((code) => !isVerificationCode(code))).toEqual([]);
  });

  it('refuses damaged text: a changed character, a dropped or added character, a swapped signature', async () => {
    const random = seededRandom(SEED);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const accepted: string[] = [];
    for (let round = 0; round < Math.max(50, COUNT / 10); round++) {
      const token = tokens[round % tokens.length] as string;
      const at = Math.floor(random() * token.length);
      const character = alphabet[Math.floor(random() * alphabet.length)] as string;
      const damaged = [token.slice(0, at) + character + token.slice(at + 1), token.slice(0, at) + token.slice(at + 1), token.slice(0, at) + character + token.slice(at)];
      for (const text of damaged) {
        if (text === token || sameBytes(text, token)) continue;
        const result = await verifyCredential(text, { now: NOW });
        if (result.verified) accepted.push(`${round}: ${text.slice(Math.max(0, at - 5), at + 5)}`);
      }
    }
    const [a, b] = tokens.map((token) => token.split('.'));
    expect((await verifyCredential(`${a?.[0]}.${a?.[1]}.${b?.[2]}`, { now: NOW })).verified).toBe(false);
    expect(accepted, `${accepted.length} damaged JWTs verified`).toEqual([]);
  });
});
