import { chmod, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { createDidWebDocument, getDidWebUrl, getIssuerId, resolveDidKey } from './did.js';
import { readIssuerKeyFile, writeIssuerKeyFile } from '../node/key-files.js';
import { exportIssuerKey, generateIssuerKey, importIssuerKey } from './keys.js';

const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'none', (error: unknown) => (isCarepassError(error) ? error.code : 'not coded'));

describe('issuer keys', () => {
  it('are did:key Multikeys whose secret never shows in JSON or inspection', async () => {
    const key = await generateIssuerKey();
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`);
    expect(key.id).toBe(`${key.controller}#${key.publicKeyMultibase}`);
    const secret = exportIssuerKey(key, { includeSecret: true }).secretKeyMultibase as string;
    expect(secret).toMatch(/^z/);
    expect(JSON.stringify(key)).not.toContain(secret);
    expect(inspect(key, { depth: 5, showHidden: false })).not.toContain(secret);
    expect(JSON.stringify(exportIssuerKey(key))).not.toContain(secret);
  });

  it('import the W3C vector form and refuse mismatched halves without echoing them', async () => {
    const a = exportIssuerKey(await generateIssuerKey(), { includeSecret: true });
    const b = exportIssuerKey(await generateIssuerKey(), { includeSecret: true });
    const mixed = { publicKeyMultibase: a.publicKeyMultibase, secretKeyMultibase: b.secretKeyMultibase };
    const error = await importIssuerKey(mixed).catch((caught: unknown) => caught);
    expect(isCarepassError(error, 'KEY_INVALID')).toBe(true);
    expect(String((error as Error).message)).not.toContain(b.secretKeyMultibase as string);
    expect(await codeOf(importIssuerKey({ publicKeyMultibase: a.publicKeyMultibase }))).toBe('KEY_INVALID');
    const w3c = await importIssuerKey({ publicKeyMultibase: a.publicKeyMultibase, privateKeyMultibase: a.secretKeyMultibase });
    expect(w3c.publicKeyMultibase).toBe(a.publicKeyMultibase);
  });

  it('are written to files with mode 0600, never overwritten, and unsafe files are refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carepass-keys-'));
    const key = await generateIssuerKey();
    const file = join(dir, 'issuer.key.json');
    await writeIssuerKeyFile(file, key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('secretKeyMultibase');
    expect((await readIssuerKeyFile(file)).id).toBe(key.id);
    expect(await codeOf(writeIssuerKeyFile(file, key))).toBe('FILE_EXISTS');
    await chmod(file, 0o644);
    expect(await codeOf(readIssuerKeyFile(file))).toBe('KEY_FILE_UNSAFE');
  });
});

describe('DIDs', () => {
  it('resolve did:key offline and refuse anything else', () => {
    const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
    expect(resolveDidKey(did)).toMatchObject({ id: did, assertionMethod: [`${did}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2`] });
    expect(() => resolveDidKey('did:web:example.org')).toThrow(/did:key/);
  });

  it('name the issuer of a shared public key file: its controller, or the did:key of its key', async () => {
    const key = await generateIssuerKey();
    expect(getIssuerId(exportIssuerKey(key))).toBe(key.controller);
    expect(getIssuerId({ publicKeyMultibase: key.publicKeyMultibase })).toBe(`did:key:${key.publicKeyMultibase}`);
    for (const bad of [null, [], 'did:key:z6Mk', { publicKeyMultibase: 'zQ3s' }, { publicKeyMultibase: 'z6Mk bad' }]) {
      expect(() => getIssuerId(bad)).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
    }
  });

  it('build the did.json a did:web issuer hosts, and say where', async () => {
    const key = await generateIssuerKey({ controller: 'did:web:training.example:issuers:north' });
    expect(createDidWebDocument(key)).toMatchObject({ id: 'did:web:training.example:issuers:north', verificationMethod: [{ id: key.id, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase }] });
    expect(getDidWebUrl('did:web:training.example:issuers:north')).toBe('https://training.example/issuers/north/did.json');
    expect(getDidWebUrl('did:web:training.example')).toBe('https://training.example/.well-known/did.json');
    const didKey = await generateIssuerKey();
    expect(() => createDidWebDocument(didKey)).toThrow(/did:web/);
  });
});
