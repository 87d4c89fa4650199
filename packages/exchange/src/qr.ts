// Credential offers as QR codes, for a screen (SVG) and for a terminal, with the `qrcode` library.
import QRCode from 'qrcode';

/**
 * The QR code of an offer URI (or any text): an SVG document for a web page or a printed poster,
 * or block characters for a terminal. Error correction level M, as wallets' scanners expect.
 *
 * @example
 * ```ts
 * const svg = await renderQrCode(offer.uri, { format: 'svg' });
 * process.stdout.write(await renderQrCode(offer.uri, { format: 'terminal' }));
 * ```
 */
export async function renderQrCode(text: string, options: { format: 'svg' | 'terminal' }): Promise<string> {
  if (options.format === 'terminal') return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
