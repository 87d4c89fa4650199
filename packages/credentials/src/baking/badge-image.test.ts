import { describe, expect, it } from 'vitest';
import { issueCredential } from '../issue/issue.js';
import { generateIssuerKey } from '../keys/keys.js';
import { verifyCredential } from '../verify/verify.js';
import { badgeImageDataUri, badgeImageSvg } from './badge-image.js';

describe('badge images', () => {
  it('draws the code, title, framework and issuer, escaped, the same bytes every time', () => {
    const input = { title: 'Awareness of <learning disability> & autism, a title long enough to wrap onto several lines and then some more', code: '16', framework: 'The Care Certificate (2025 revision)', issuer: 'Sunrise "Home" Care' };
    const svg = badgeImageSvg(input);
    expect(svg).toBe(badgeImageSvg(input));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/u);
    expect(svg).toContain('>16</text>');
    expect(svg).toContain('&lt;learning');
    expect(svg).toContain('&amp;');
    expect(svg).toContain('Sunrise &quot;Home&quot; Care');
    expect(svg).not.toMatch(/<script|href=/u);
    expect((svg.match(/font-size="18"/gu) ?? []).length).toBeLessThanOrEqual(3);
    expect(Buffer.from(badgeImageDataUri(input).split(',')[1] as string, 'base64').toString('utf8')).toBe(svg);
  });

  it('gives every issued achievement its image, which the proof covers; image: false leaves it out', async () => {
    const key = await generateIssuerKey();
    const credential = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }, { key, issuer: { name: 'Sunrise Home Care' } });
    const achievement = (credential.credentialSubject as { achievement: { image: { id: string; type: string; caption: string } } }).achievement;
    expect(achievement.image).toMatchObject({ type: 'Image', caption: '12 Basic life support', id: expect.stringMatching(/^data:image\/svg\+xml;base64,/u) });
    const result = await verifyCredential(credential);
    expect(result.verified).toBe(true);
    const swapped = structuredClone(credential) as typeof credential & { credentialSubject: { achievement: { image: { id: string } } } };
    swapped.credentialSubject.achievement.image.id = badgeImageDataUri({ title: 'Something else', framework: 'x' });
    expect((await verifyCredential(swapped)).verified).toBe(false);
    const plain = await issueCredential({ competency: 'care-certificate@2025#12', subject: { id: 'did:example:w' } }, { key, image: false });
    expect((plain.credentialSubject as { achievement: object }).achievement).not.toHaveProperty('image');
  });
});
