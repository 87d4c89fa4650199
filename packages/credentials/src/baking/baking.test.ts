import { beforeAll, describe, expect, it } from 'vitest';
import { isCarepassError } from '@carepass/frameworks';
import { BADGE_SVG, onePixelPng } from '@carepass/test-support';
import { issueCredential } from '../issue/issue.js';
import type { SignedCredential } from '../issue/sign.js';
import { generateIssuerKey } from '../keys/keys.js';
import { verifyCredential } from '../verify/verify.js';
import { bakePng, bakeSvg, extractBakedCredential, extractFromPng, extractFromSvg } from './baking.js';

const SVG = BADGE_SVG;
let credential: SignedCredential;
beforeAll(async () => {
  credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }, { key: await generateIssuerKey(), issuer: { name: 'Sunrise Home Care' } });
});
const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    return isCarepassError(error) ? error.code : 'not coded';
  }
  return undefined;
};

describe('baked badges (Open Badges 3.0 §5.3)', () => {
  it('bakes a signed credential into a PNG and reads it back; it still verifies, and baking again replaces it', async () => {
    const baked = bakePng(onePixelPng(), credential);
    expect(Buffer.from(baked).includes(Buffer.from('iTXtopenbadgecredential\0\0\0\0\0'))).toBe(true);
    const found = extractBakedCredential(baked);
    expect(found?.format).toBe('png');
    expect(found?.credential).toEqual(credential);
    expect((await verifyCredential(found?.credential)).verified).toBe(true);
    const again = bakePng(baked, 'header.payload.signature');
    expect(extractFromPng(again)).toBe('header.payload.signature');
    expect(Buffer.from(again).toString('latin1').split('openbadgecredential').length).toBe(2);
    expect(extractFromPng(onePixelPng())).toBeUndefined();
  });

  it('bakes into an SVG after the <svg> tag, as CDATA JSON or a verify attribute, and never runs what is in it', () => {
    const baked = bakeSvg(SVG, credential);
    expect(baked).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 10 10" xmlns:openbadges="https:\/\/purl.imsglobal.org\/ob\/v3p0">\n<openbadges:credential><!\[CDATA\[/u);
    expect(extractBakedCredential(new TextEncoder().encode(baked))).toEqual({ format: 'svg', credential });
    const jwt = bakeSvg(baked, 'aGVhZGVy.cGF5bG9hZA.c2ln');
    expect(jwt.match(/<openbadges:credential/gu)).toHaveLength(1);
    expect(jwt).toContain('<openbadges:credential verify="aGVhZGVy.cGF5bG9hZA.c2ln"></openbadges:credential>');
    expect(extractBakedCredential(new TextEncoder().encode(jwt))).toEqual({ format: 'svg', credential: 'aGVhZGVy.cGF5bG9hZA.c2ln' });
    // A "]]>" inside the JSON does not end the CDATA early.
    const tricky = { ...credential, name: 'a ]]> b' };
    expect(JSON.parse(extractFromSvg(bakeSvg(SVG, tricky)) as string)).toEqual(tricky);
    expect(extractFromSvg(SVG)).toBeUndefined();
  });

  it('refuses images that are not PNG or SVG, malformed PNGs and compressed credential chunks, with coded errors', () => {
    const png = onePixelPng();
    expect(codeOf(() => bakePng(new Uint8Array([1, 2, 3]), credential))).toBe('INPUT_UNREADABLE');
    expect(codeOf(() => extractFromPng(png.subarray(0, png.length - 5)))).toBe('INPUT_UNREADABLE');
    expect(codeOf(() => bakeSvg('<html></html>', credential))).toBe('INPUT_UNREADABLE');
    expect(codeOf(() => extractBakedCredential(new Uint8Array([0xff, 0xfe, 0xfd])))).toBe('INPUT_UNREADABLE');
    const compressed = Buffer.from(bakePng(png, credential));
    const at = compressed.indexOf(Buffer.from('openbadgecredential\0'));
    compressed[at + 'openbadgecredential\0'.length] = 1;
    expect(codeOf(() => extractFromPng(new Uint8Array(compressed)))).toBe('INPUT_UNREADABLE');
    expect(codeOf(() => bakePng(png, ''))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => extractBakedCredential(new TextEncoder().encode(bakeSvg(SVG, 'not json or a jwt'))))).toBe('INPUT_UNREADABLE');
  });
});
