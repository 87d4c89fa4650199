import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BADGE_SVG, onePixelPng, runInMemory } from '@carepass/test-support';

let dir: string;
const inDir = (args: string[]) => runInMemory(args, dir);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-bake-'));
  expect((await inDir(['keys', 'generate', '--out', 'issuer.key.json'])).code).toBe(0);
  expect((await inDir(['issue', '--key', 'issuer.key.json', '--framework', 'care-certificate@2025', '--code', '12', '--subject', 'did:example:worker', '--out', 'c12.json'])).code).toBe(0);
  await writeFile(join(dir, 'badge.png'), onePixelPng());
  await writeFile(join(dir, 'badge.svg'), BADGE_SVG);
});

describe('carepass bake', () => {
  it('bakes a credential into a PNG and an SVG, and carepass verify reads and verifies them', async () => {
    for (const image of ['badge.png', 'badge.svg']) {
      const out = image.replace('badge', 'c12');
      const baked = await inDir(['bake', '--image', image, '--credential', 'c12.json', '--out', out, '--json']);
      expect(baked.code, baked.stderr).toBe(0);
      expect(JSON.parse(baked.stdout)).toEqual({ out, format: out.endsWith('.png') ? 'png' : 'svg', credential: 'c12.json' });
      const verified = await inDir(['verify', out, '--json']);
      expect(verified.code, verified.stdout).toBe(0);
      // --json gives, for a baked image, the credential found in it.
      expect(JSON.parse(verified.stdout)[0]).toMatchObject({ file: out, baked: { format: out.endsWith('.png') ? 'png' : 'svg', credential: JSON.parse(await readFile(join(dir, 'c12.json'), 'utf8')) }, verified: true });
    }
    expect(await readFile(join(dir, 'c12.svg'), 'utf8')).toContain('<script>alert(1)</script>');
  });

  it('bakes into the badge image the credential carries when no --image is given', async () => {
    const run = await inDir(['bake', '--credential', 'c12.json', '--out', 'own.svg']);
    expect(run.code, run.stderr).toBe(0);
    const svg = await readFile(join(dir, 'own.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*xmlns:openbadges=/u);
    expect(svg).toContain('>12</text>');
    expect((await inDir(['verify', 'own.svg'])).code).toBe(0);
  });

  it('refuses a tampered baked credential, an image with nothing baked in it, and bad input, with one line each', async () => {
    const svg = (await readFile(join(dir, 'c12.svg'), 'utf8')).replace('"did:example:worker"', '"did:example:someone-else"');
    await writeFile(join(dir, 'tampered.svg'), svg);
    expect((await inDir(['verify', 'tampered.svg'])).code).toBe(1);
    const empty = await inDir(['verify', 'badge.png']);
    expect([empty.code, empty.stdout]).toEqual([1, expect.stringContaining('carries no baked credential')]);
    await writeFile(join(dir, 'not-an-image.png'), 'hello');
    expect((await inDir(['bake', '--image', 'not-an-image.png', '--credential', 'c12.json', '--out', 'x.png'])).code).toBe(2);
    expect((await inDir(['bake', '--image', 'badge.svg', '--credential', 'badge.png', '--out', 'x.svg'])).code).toBe(2);
    expect((await inDir(['bake', '--image', 'badge.svg', '--out', 'x.svg'])).code).toBe(2);
    await writeFile(join(dir, 'bare.json'), JSON.stringify({ ...JSON.parse(await readFile(join(dir, 'c12.json'), 'utf8')), credentialSubject: { id: 'did:example:w' } }));
    expect((await inDir(['bake', '--credential', 'bare.json', '--out', 'x.svg'])).stderr).toContain('carries no SVG badge image');
  });
});
