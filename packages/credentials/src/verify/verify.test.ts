import { createServer } from 'node:http';
import { checkCredentialDataModel, uncheckedRelatedResources } from './data-model.js';
import type { AddressInfo } from 'node:net';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as rdfcCryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../jsonld/document-loader.js';
import { exportIssuerKey, generateIssuerKey, type IssuerKey } from '../keys/keys.js';
import { signCredential, type SignedCredential } from '../issue/sign.js';
import { readVector } from '@carepass/test-support';
import { verifyCredential, type VerifyCredentialResult } from '../index.js';

const TV = 'vc-di-eddsa/TestVectors/';
const NOW = new Date('2024-06-01T00:00:00Z');
const failures = (result: VerifyCredentialResult) => result.checks.filter((check) => !check.ok).map((check) => `${check.check}:${check.code}`);

let key: IssuerKey;
let good: SignedCredential;
let goodJcs: SignedCredential;
beforeAll(async () => {
  key = await generateIssuerKey({ seed: new Uint8Array(32).fill(7) });
  const unsigned = { ...readVector(`${TV}unsigned.json`), issuer: key.controller, validUntil: '2030-01-01T00:00:00Z' };
  good = await signCredential(unsigned, { key, created: '2024-01-01T00:00:00Z' });
  goodJcs = await signCredential(unsigned, { key, suite: 'eddsa-jcs-2022', created: '2024-01-01T00:00:00Z' });
});

describe('verifyCredential: what it accepts', () => {
  it('verifies its own rdfc and jcs credentials, reporting every check', async () => {
    for (const credential of [good, goodJcs]) {
      const result = await verifyCredential(credential, { now: NOW });
      expect(result).toMatchObject({ verified: true, status: 'valid' });
      expect(result.checks.map((check) => check.check)).toEqual(['parse', 'data-model', 'json-ld', 'proof', 'issuer', 'validity', 'trust']);
      expect(result.checks.find((check) => check.check === 'trust')).toMatchObject({ ok: true, code: 'skipped' });
    }
  });

  it.each(['eddsa-rdfc-2022/signedDataInt.json', 'eddsa-jcs-2022/signedJCS.json', 'Ed25519Signature2020/signedEdSig.json'])(
    'verifies the proof of the W3C vector %s, and reports that its issuer is not the key controller',
    async (file) => {
      const result = await verifyCredential(readVector(`${TV}${file}`), { now: NOW });
      expect(result.checks.find((check) => check.check === 'proof')).toMatchObject({ ok: true });
      expect(failures(result)).toEqual(['issuer:issuer_not_controller']);
      // Issuer binding is Carepass's own rule, not the specifications': it can be set aside, but
      // never while trust is checked (trust is in the issuer the credential names).
      const unbound = await verifyCredential(readVector(`${TV}${file}`), { now: NOW, issuerBinding: false });
      expect(unbound.verified).toBe(true);
      expect(unbound.checks.find((check) => check.check === 'issuer')).toMatchObject({ ok: true, code: 'not_required' });
      const trusted = await verifyCredential(readVector(`${TV}${file}`), { now: NOW, issuerBinding: false, checkTrust: async () => ({ ok: true, code: 'ok', message: 'trusted' }) });
      expect(failures(trusted)).toEqual(['issuer:issuer_not_controller']);
    },
  );

  it('accepts a credential made by the plain @digitalbazaar/vc stack (VC 2.0)', async () => {
    const pair = await Ed25519Multikey.generate();
    const did = `did:key:${pair.publicKeyMultibase}`;
    const signer = (await Ed25519Multikey.from({ ...(await pair.export({ publicKey: true, secretKey: true })), id: `${did}#${pair.publicKeyMultibase}`, controller: did })).signer();
    const credential = await vc.issue({
      credential: { ...readVector(`${TV}unsigned.json`), issuer: did },
      suite: new DataIntegrityProof({ signer, cryptosuite: rdfcCryptosuite }),
      documentLoader: createDocumentLoader(),
    });
    expect(await verifyCredential(credential, { now: NOW })).toMatchObject({ verified: true });
  });

  it('accepts a VC 1.1 credential from the plain stack, reading issuanceDate and expirationDate', async () => {
    const pair = await Ed25519Multikey.generate();
    const did = `did:key:${pair.publicKeyMultibase}`;
    const signer = (await Ed25519Multikey.from({ ...(await pair.export({ publicKey: true, secretKey: true })), id: `${did}#${pair.publicKeyMultibase}`, controller: did })).signer();
    const credential = await vc.issue({
      credential: {
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2', { alumniOf: 'https://schema.org/alumniOf' }],
        id: 'urn:uuid:8b3e0a2c-1111-4b6e-9a1e-4b9d7f0c0001',
        type: ['VerifiableCredential'],
        issuer: did,
        issuanceDate: '2020-01-01T00:00:00Z',
        expirationDate: '2022-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:worker', alumniOf: 'Example College' },
      },
      suite: new DataIntegrityProof({ signer, cryptosuite: rdfcCryptosuite }),
      documentLoader: createDocumentLoader(),
    });
    expect(await verifyCredential(credential, { now: new Date('2021-01-01') })).toMatchObject({ verified: true, credential: { version: '1.1' } });
    expect(await verifyCredential(credential, { now: NOW })).toMatchObject({ verified: false, status: 'expired' });
  });
});

describe('verifyCredential: validity window', () => {
  it('tells expired from not yet valid, with clock-skew tolerance', async () => {
    const future = await signCredential({ ...readVector(`${TV}unsigned.json`), issuer: key.controller, validFrom: '2024-06-01T00:03:00Z', validUntil: '2024-06-02T00:00:00Z' }, { key });
    expect(await verifyCredential(future, { now: NOW })).toMatchObject({ verified: true });
    expect(await verifyCredential(future, { now: NOW, clockSkewSeconds: 60 })).toMatchObject({ verified: false, status: 'not-yet-valid' });
    expect(await verifyCredential(future, { now: new Date('2024-06-02T00:04:00Z') })).toMatchObject({ verified: true });
    expect(failures(await verifyCredential(future, { now: new Date('2024-06-02T00:06:00Z') }))).toEqual(['validity:expired']);
  });
});

// Each W3C negative case (credentials.md §2) with the code it must be refused with.
const NEGATIVE_CASES: [string, (credential: Record<string, unknown>) => unknown, string][] = [
  ['@context missing', (c) => ({ ...c, '@context': undefined }), 'data-model:context_missing'],
  ['v2 context not first', (c) => ({ ...c, '@context': [...(c['@context'] as string[])].reverse() }), 'data-model:context_not_first'],
  ['a context that is not a URL', (c) => ({ ...c, '@context': [...(c['@context'] as string[]), 'https ://not-a-url'] }), 'data-model:context_invalid'],
  ['a context that is a number', (c) => ({ ...c, '@context': [...(c['@context'] as string[]), 7] }), 'data-model:context_invalid'],
  ['protected term redefined', (c) => ({ ...c, '@context': [...(c['@context'] as string[]), { VerifiableCredential: 'https://evil.example/vc' }] }), 'json-ld:protected_term_redefined'],
  ['type missing', (c) => ({ ...c, type: undefined }), 'data-model:type_missing'],
  ['type without VerifiableCredential', (c) => ({ ...c, type: ['AlumniCredential'] }), 'data-model:type_not_credential'],
  ['id null', (c) => ({ ...c, id: null }), 'data-model:id_invalid'],
  ['id an array', (c) => ({ ...c, id: ['urn:a', 'urn:b'] }), 'data-model:id_invalid'],
  ['id not a URL', (c) => ({ ...c, id: 'not a url' }), 'data-model:id_invalid'],
  ['issuer null', (c) => ({ ...c, issuer: null }), 'data-model:issuer_invalid'],
  ['issuer not a URL', (c) => ({ ...c, issuer: 'fake-issuer' }), 'data-model:issuer_invalid'],
  ['issuer object with null id', (c) => ({ ...c, issuer: { id: null } }), 'data-model:issuer_invalid'],
  ['credentialSubject missing', (c) => ({ ...c, credentialSubject: undefined }), 'data-model:subject_missing'],
  ['credentialSubject empty', (c) => ({ ...c, credentialSubject: {} }), 'data-model:subject_empty'],
  ['credentialSubject array with an empty object', (c) => ({ ...c, credentialSubject: [c.credentialSubject, {}] }), 'data-model:subject_empty'],
  ['credentialSubject.id an array', (c) => ({ ...c, credentialSubject: { id: ['did:a', 'did:b'], alumniOf: 'x' } }), 'data-model:subject_id_invalid'],
  ['name with extra language properties', (c) => ({ ...c, name: { '@value': 'x', '@language': 'en', extra: 1 } }), 'data-model:language_value_invalid'],
  ['validFrom not a dateTimeStamp', (c) => ({ ...c, validFrom: 'Sat 25 Feb 2023 07:16:31 PM CST' }), 'data-model:date_invalid'],
  ['validUntil before validFrom', (c) => ({ ...c, validUntil: '2020-01-01T00:00:00Z' }), 'data-model:validity_inverted'],
  ['credentialStatus without type', (c) => ({ ...c, credentialStatus: { id: 'https://example.org/status#1' } }), 'data-model:credentialstatus_type_missing'],
  ['credentialStatus with a number type', (c) => ({ ...c, credentialStatus: { id: 'https://example.org/status#1', type: 5 } }), 'data-model:credentialstatus_type_missing'],
  ['credentialStatus id not a URL', (c) => ({ ...c, credentialStatus: { id: 'not a url', type: 'BitstringStatusListEntry' } }), 'data-model:credentialstatus_id_invalid'],
  ['credentialStatus with several ids', (c) => ({ ...c, credentialStatus: { id: ['urn:a', 'urn:b'], type: 'BitstringStatusListEntry' } }), 'data-model:credentialstatus_id_invalid'],
  ['credentialSchema without id', (c) => ({ ...c, credentialSchema: { type: 'JsonSchema' } }), 'data-model:credentialschema_id_missing'],
  ['credentialSchema without type', (c) => ({ ...c, credentialSchema: { id: 'https://example.org/schema' } }), 'data-model:credentialschema_type_missing'],
  ['termsOfUse without type', (c) => ({ ...c, termsOfUse: { id: 'https://example.org/terms' } }), 'data-model:termsofuse_type_missing'],
  ['evidence without type', (c) => ({ ...c, evidence: { id: 'https://example.org/evidence' } }), 'data-model:evidence_type_missing'],
  ['refreshService without type', (c) => ({ ...c, refreshService: { id: 'https://example.org/refresh' } }), 'data-model:refreshservice_type_missing'],
  ['relatedResource without digest', (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/r' }] }), 'data-model:related_resource_invalid'],
  ['relatedResource with a digest that is not the published one', (c) => ({ ...c, relatedResource: [{ id: 'https://www.w3.org/ns/credentials/v2', digestMultibase: 'uM4RgWQc3RUDtjJCSgTJtTfvpZ7SPEg_LNO0ESlovQC0' }] }), 'data-model:related_resource_digest_mismatch'],
  ['relatedResource with duplicate ids', (c) => ({ ...c, relatedResource: [{ id: 'https://example.org/r', digestSRI: 'sha384-x' }, { id: 'https://example.org/r', digestSRI: 'sha384-y' }] }), 'data-model:related_resource_invalid'],
  ['an undefined term', (c) => ({ ...c, credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'x', shoeSize: 9 }, '@context': ['https://www.w3.org/ns/credentials/v2'] }), 'json-ld:undefined_term'],
  ['proof missing', (c) => ({ ...c, proof: undefined }), 'proof:proof_missing'],
  ['proof null', (c) => ({ ...c, proof: null }), 'proof:proof_missing'],
  ['proof not a map', (c) => ({ ...c, proof: 'zSignature' }), 'proof:proof_invalid'],
  ['proof without type', (c) => ({ ...c, proof: { ...(c.proof as object), type: undefined } }), 'proof:proof_type_missing'],
  ['proof without verificationMethod', (c) => ({ ...c, proof: { ...(c.proof as object), verificationMethod: undefined } }), 'proof:verification_method_missing'],
  ['proof without proofPurpose', (c) => ({ ...c, proof: { ...(c.proof as object), proofPurpose: undefined } }), 'proof:proof_purpose_missing'],
  ['wrong proof type', (c) => ({ ...c, proof: { ...(c.proof as object), type: 'RsaSignature2018' } }), 'proof:proof_type_unsupported'],
  ['wrong cryptosuite', (c) => ({ ...c, proof: { ...(c.proof as object), cryptosuite: 'ecdsa-rdfc-2019' } }), 'proof:cryptosuite_unsupported'],
  ['unexpected proofPurpose', (c) => ({ ...c, proof: { ...(c.proof as object), proofPurpose: 'authentication' } }), 'proof:proof_purpose_mismatch'],
  ['proofValue missing', (c) => ({ ...c, proof: { ...(c.proof as object), proofValue: undefined } }), 'proof:proof_value_missing'],
  ['proofValue null', (c) => ({ ...c, proof: { ...(c.proof as object), proofValue: null } }), 'proof:proof_value_missing'],
  ['proofValue without multibase header', (c) => ({ ...c, proof: { ...(c.proof as { proofValue: string }), proofValue: (c.proof as { proofValue: string }).proofValue.slice(1) } }), 'proof:proof_value_encoding'],
  ['a signature of the wrong length', (c) => ({ ...c, proof: { ...(c.proof as { proofValue: string }), proofValue: (c.proof as { proofValue: string }).proofValue.slice(0, 60) } }), 'proof:signature_length'],
  ['created not a dateTimeStamp', (c) => ({ ...c, proof: { ...(c.proof as object), created: 'yesterday' } }), 'proof:proof_date_invalid'],
  ['expires not a dateTimeStamp', (c) => ({ ...c, proof: { ...(c.proof as object), expires: '2099' } }), 'proof:proof_date_invalid'],
  ['document altered after signing', (c) => ({ ...c, name: 'Forged Credential' }), 'proof:signature_invalid'],
  ['base-URL trick: a relative id resolved against an injected @base', (c) => ({ ...c, '@context': [...(c['@context'] as string[]), { '@base': 'https://evil.example/' }], evidence: { id: 'evidence/1', type: 'Evidence' } }), 'data-model:evidence_id_invalid'],
  ['the whole credential given as a string', (c) => JSON.stringify(c), 'parse:not_an_object'],
];

describe('verifyCredential: the W3C negative cases', () => {
  it.each(NEGATIVE_CASES)('refuses %s', async (_name, mutate, expected) => {
    const result = await verifyCredential(mutate(structuredClone(good)), { now: NOW });
    expect(result.verified).toBe(false);
    expect(failures(result)[0]).toBe(expected);
  });

  it('gives each negative case its own code', () => {
    const codes = NEGATIVE_CASES.map(([, , code]) => code);
    expect(new Set(codes).size).toBeGreaterThan(35);
  });
});

describe('verifyCredential: robustness', () => {
  it('never throws and never verifies, whatever JSON it is given', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const result = await verifyCredential(value, { now: NOW });
        expect(result.verified).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every mutation of a signed credential (rdfc and jcs)', async () => {
    const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
      typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, Array.isArray(value) ? Number(key) : key])) : [path];
    for (const credential of [good, goodJcs]) {
      const paths = leaves(credential).filter((path) => path[0] !== '@context');
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), fc.constantFrom('change', 'delete', 'add', 'lookalike'), async (path, mutation) => {
          const copy = structuredClone(credential) as Record<string, unknown>;
          let parent: Record<string | number, unknown> = copy;
          for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
          const last = path.at(-1) as string | number;
          const value = parent[last];
          if (mutation === 'delete') delete parent[last];
          else if (mutation === 'add' && Array.isArray(parent)) parent.push('Injected');
          else if (mutation === 'add') parent.injected = 'extra';
          else if (typeof value === 'string') parent[last] = mutation === 'lookalike' ? value.replace(/[aeo]/, (char) => ({ a: 'а', e: 'е', o: 'о' })[char] as string) + (/[aeo]/.test(value) ? '' : '\u200b') : `${value}x`;
          else if (typeof value === 'number') parent[last] = value + 1;
          else parent[last] = !value;
          const result = await verifyCredential(copy, { now: NOW });
          expect(result.verified, `${mutation} ${path.join('.')}`).toBe(false);
        }),
        { numRuns: 150 },
      );
    }
  });
});

describe('the offline document loader', () => {
  it('refuses an unknown context with a coded error naming it, and never fetches', async () => {
    const result = await verifyCredential({ ...good, '@context': [...(good['@context'] as string[]), 'https://contexts.example/care.jsonld'] }, { now: NOW });
    expect(result.checks.find((check) => !check.ok)).toMatchObject({ check: 'json-ld', code: 'context_unknown' });
    expect(result.checks.find((check) => !check.ok)?.message).toContain('https://contexts.example/care.jsonld');
  });

  it('refuses did:web without a resolver, and resolves it from the caller\'s cache', async () => {
    const webKey = await generateIssuerKey({ controller: 'did:web:training.example' });
    const credential = await signCredential({ ...readVector(`${TV}unsigned.json`), issuer: webKey.controller }, { key: webKey });
    expect(failures(await verifyCredential(credential, { now: NOW }))).toEqual(['proof:verification_method_unresolved']);
    const { createDidWebDocument } = await import('../keys/did.js');
    const documentLoader = createDocumentLoader({ didDocuments: { 'did:web:training.example': createDidWebDocument(webKey) } });
    expect(await verifyCredential(credential, { now: NOW, documentLoader })).toMatchObject({ verified: true });
  });

  describe('with a fetcher the caller passes', () => {
    let server: ReturnType<typeof createServer>;
    let base: string;
    let requests = 0;
    beforeAll(async () => {
      server = createServer((request, response) => {
        requests++;
        if (request.url === '/care.jsonld') {
          response.setHeader('content-type', 'application/ld+json');
          response.end(JSON.stringify({ '@context': { careSetting: 'https://contexts.example/careSetting' } }));
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('loads an extra context through it, once', async () => {
      const fetchJson = async (url: string) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as object;
      };
      const documentLoader = createDocumentLoader({ fetch: fetchJson });
      const unsigned = { ...readVector(`${TV}unsigned.json`), '@context': [...(readVector(`${TV}unsigned.json`)['@context'] as string[]), `${base}/care.jsonld`], issuer: key.controller, careSetting: 'domiciliary' };
      const credential = await signCredential(unsigned, { key, documentLoader });
      expect(await verifyCredential(credential, { now: NOW, documentLoader })).toMatchObject({ verified: true });
      expect(requests).toBe(1);
      expect(failures(await verifyCredential(credential, { now: NOW }))).toEqual(['json-ld:context_unknown']);
    });
  });
});

describe('secrets', () => {
  it('never appear in results, summaries or the key\'s JSON', async () => {
    const secret = exportIssuerKey(key, { includeSecret: true }).secretKeyMultibase as string;
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(JSON.stringify(await verifyCredential(good, { now: NOW }))).not.toContain(secret);
    expect(JSON.stringify(good)).not.toContain(secret);
  });
});

describe('related resources', () => {
  it('checks a digest against the published one offline, and names the resources it could not check', async () => {
    const base = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:w' } };
    const published = { id: 'https://www.w3.org/ns/credentials/v2', digestSRI: 'sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg' };
    expect(checkCredentialDataModel({ ...base, relatedResource: [published, { id: 'https://example.org/logo.png', digestSRI: 'sha384-abc' }] })).toEqual([]);
    expect(uncheckedRelatedResources({ ...base, relatedResource: [published, { id: 'https://example.org/logo.png', digestSRI: 'sha384-abc' }] })).toEqual(['https://example.org/logo.png']);
    expect(checkCredentialDataModel({ ...base, relatedResource: { ...published, digestSRI: 'sha384-wrong' } })).toEqual([expect.objectContaining({ code: 'related_resource_digest_mismatch', path: '$.relatedResource[0].digestSRI' })]);
  });
});
