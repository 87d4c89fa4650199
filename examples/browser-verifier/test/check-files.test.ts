import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg, generateIssuerKey, issueCredential, issueCredentialJwt } from '@carepass/credentials';
import { BADGE_SVG, onePixelPng } from '@carepass/test-support';
import { checkFiles, credentialsIn } from '../src/check-files.js';

describe('checkFiles (the page\'s logic, in Node)', () => {
  it('tells genuine from tampered and unreadable, and assesses only the genuine', async () => {
    const key = await generateIssuerKey();
    const credential = await issueCredential({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:w' } }, { key, issuer: { name: 'Sunrise Home Care' } });
    const { checked, report } = await checkFiles(
      [
        { name: 'ok.json', text: JSON.stringify(credential) },
        { name: 'edited.json', text: JSON.stringify({ ...credential, name: 'Something else' }) },
        { name: 'junk.json', text: '{ nope' },
      ],
      'care-certificate@2025',
    );
    expect(checked.map((item) => [item.source, item.genuine])).toEqual([
      ['junk.json', false],
      ['ok.json', true],
      ['edited.json', false],
    ]);
    expect(checked[2]?.verdict).toMatch(/^Not genuine: the signature does not match/u);
    expect(report.rejectedEvidence).toEqual([expect.objectContaining({ source: 'edited.json', code: 'tampered' })]);
    expect(report.standards.find((standard) => standard.code === '15')?.status).not.toBe('gap');
  });

  it('verifies a dropped VC-JWT and counts it as evidence', async () => {
    const key = await generateIssuerKey();
    const jwt = await issueCredentialJwt({ competency: 'care-certificate@2025#15', subject: { id: 'did:example:w' } }, { key });
    const [head, body, signature] = jwt.split('.') as [string, string, string];
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), name: 'Forged' })).toString('base64url')}.${signature}`;
    const { checked, report } = await checkFiles([{ name: 'c15.jwt', text: `${jwt}\n` }, { name: 'forged.jwt', text: forged }], 'care-certificate@2025');
    expect(checked.map((item) => [item.source, item.genuine])).toEqual([
      ['c15.jwt', true],
      ['forged.jwt', false],
    ]);
    expect(report.rejectedEvidence).toEqual([expect.objectContaining({ source: 'forged.jwt', code: 'tampered' })]);
    expect(report.standards.find((standard) => standard.code === '15')?.status).not.toBe('gap');
  });

  it('reads the credential baked in a PNG or SVG badge, and says when an image carries none', async () => {
    const key = await generateIssuerKey();
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }, { key, issuer: { name: 'Sunrise Home Care' } });
    const { checked } = await checkFiles(
      [
        { name: 'badge.png', bytes: bakePng(onePixelPng(), credential) },
        { name: 'badge.svg', bytes: new TextEncoder().encode(bakeSvg(BADGE_SVG, credential)) },
        { name: 'plain.png', bytes: onePixelPng() },
      ],
      'care-certificate@2025',
    );
    expect(checked.map((item) => [item.source, item.genuine])).toEqual([
      ['plain.png', false],
      ['badge.png', true],
      ['badge.svg', true],
    ]);
    expect(checked[0]?.verdict).toBe('Not a credential: the image carries no baked credential');
  });

  it('finds credentials in arrays and presentations', () => {
    expect(credentialsIn([{ a: 1 }, { b: 2 }], 'f.json').map((entry) => entry.source)).toEqual(['f.json [1]', 'f.json [2]']);
    expect(credentialsIn({ type: ['VerifiablePresentation'], verifiableCredential: { c: 3 } }, 'p.json')).toEqual([{ credential: { c: 3 }, source: 'p.json [1]' }]);
  });

  it('the built page bundles no Node built-ins', async () => {
    const assets = fileURLToPath(new URL('../dist/assets/', import.meta.url));
    expect(existsSync(assets), 'build the example first (npm run build)').toBe(true);
    for (const name of (await readdir(assets)).filter((file) => file.endsWith('.js'))) {
      const code = await readFile(join(assets, name), 'utf8');
      // Imports or requires of Node modules, not words in messages.
      const nodeImports = code.match(/(?:from|import|require\()\s*["'](?:node:)?(?:fs|fs\/promises|path|child_process|net|http|https|os|crypto)["']/gu) ?? [];
      expect(nodeImports, name).toEqual([]);
    }
  });
});
