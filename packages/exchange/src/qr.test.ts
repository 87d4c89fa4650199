import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { renderQrCode } from './qr.js';

// The QR codes are read back with a decoder nobody here wrote (jsQR): the SVG is drawn into pixels
// from its path (rows of dark runs), and the pixels are scanned.
const SCALE = 4;

/** Draws the SVG's dark runs (`M x y.5 h n m dx dy …`) into a black-on-white RGBA image. */
function rasterise(svg: string): { data: Uint8ClampedArray; width: number; height: number } {
  const size = Number(/viewBox="0 0 (\d+) \d+"/u.exec(svg)?.[1]);
  const path = /<path stroke="#000000" d="([^"]+)"/u.exec(svg)?.[1] ?? '';
  const width = size * SCALE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/gu)) {
    if (command === 'M') [x, y] = [Number(a), Number(b)];
    else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      const end = command === 'h' ? x + Number(a) : Number(a);
      for (let column = x; column < end; column++) {
        for (let dy = 0; dy < SCALE; dy++) for (let dx = 0; dx < SCALE; dx++) {
          const offset = ((Math.floor(y) * SCALE + dy) * width + column * SCALE + dx) * 4;
          data[offset] = data[offset + 1] = data[offset + 2] = 0;
        }
      }
      x = end;
    }
  }
  return { data, width, height: width };
}

describe('offer QR codes', () => {
  const uri = 'openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Flms.example%2Foid4vci%22%7D';

  it('encode the offer URI so that a scanner reads the SVG back exactly', async () => {
    const image = rasterise(await renderQrCode(uri, { format: 'svg' }));
    expect(jsQR(image.data, image.width, image.height)?.data).toBe(uri);
    const other = rasterise(await renderQrCode(`${uri}x`, { format: 'svg' }));
    expect(jsQR(other.data, other.width, other.height)?.data).toBe(`${uri}x`);
  });

  it('render as an SVG document with no script, and as terminal blocks', async () => {
    const svg = await renderQrCode(uri, { format: 'svg' });
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/u);
    expect(svg).not.toMatch(/<script|on\w+=/iu);
    const terminal = await renderQrCode(uri, { format: 'terminal' });
    expect(terminal).toMatch(/[█▀▄]/u);
    // The same matrix in both: as many terminal rows as half the SVG's modules (two per character).
    const size = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules.size;
    expect(terminal.trimEnd().split('\n').length).toBe(Math.ceil((size + 4) / 2));
  });
});
