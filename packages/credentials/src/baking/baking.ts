// Baked badges (Open Badges 3.0 §5.3): a credential carried inside its badge image, a PNG (an iTXt
// chunk with keyword `openbadgecredential`, uncompressed) or an SVG (an <openbadges:credential>
// element in the https://purl.imsglobal.org/ob/v3p0 namespace, directly after the <svg> tag: the
// JSON in CDATA, or a VC-JWT in its `verify` attribute). Works on bytes and text only: nothing is
// rendered, and no SVG script is ever run. Browser-safe.
import { CarepassError } from '@carepass/frameworks';

/** The PNG iTXt keyword and the SVG namespace Open Badges 3.0 bakes credentials under. */
export const BAKING = { pngKeyword: 'openbadgecredential', svgNamespace: 'https://purl.imsglobal.org/ob/v3p0' } as const;

/** Largest credential text baked or extracted: far more than any credential. */
const MAX_CREDENTIAL_BYTES = 1024 * 1024;
const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const encoder = new TextEncoder();
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The text to bake: a JWT as it is, anything else as its JSON. */
function credentialText(credential: object | string): string {
  const text = typeof credential === 'string' ? credential : JSON.stringify(credential);
  if (typeof text !== 'string' || text.length === 0) throw new CarepassError('INVALID_ARGUMENT', 'the credential to bake must be an object or a compact JWT');
  if (encoder.encode(text).length > MAX_CREDENTIAL_BYTES) throw new CarepassError('INVALID_ARGUMENT', `the credential is over the ${MAX_CREDENTIAL_BYTES}-byte limit for a baked badge`);
  return text;
}

interface PngChunk {
  type: string;
  start: number;
  end: number;
  data: Uint8Array;
}

function pngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || PNG_SIGNATURE.some((byte, index) => png[index] !== byte)) throw new CarepassError('INPUT_UNREADABLE', 'not a PNG image (no PNG signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new CarepassError('INPUT_UNREADABLE', `a malformed PNG: a chunk at byte ${offset} is cut short`);
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new CarepassError('INPUT_UNREADABLE', `a malformed PNG: a chunk at byte ${offset} runs past the end of the file`);
    const type = latin1.decode(png.subarray(offset + 4, offset + 8));
    chunks.push({ type, start: offset, end, data: png.subarray(offset + 8, offset + 8 + length) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new CarepassError('INPUT_UNREADABLE', 'a malformed PNG: it must start with IHDR and end with IEND');
  return chunks;
}

/** The text of an `openbadgecredential` iTXt chunk, or undefined for another iTXt chunk. */
function credentialInItxt(data: Uint8Array): string | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0 || latin1.decode(data.subarray(0, keywordEnd)) !== BAKING.pngKeyword) return undefined;
  const compressed = data[keywordEnd + 1];
  if (compressed !== 0) throw new CarepassError('INPUT_UNREADABLE', 'the PNG\'s openbadgecredential chunk is compressed, which Open Badges 3.0 does not allow');
  // Skip the compression method, then the language tag and translated keyword (each ends with 0).
  let position = keywordEnd + 3;
  for (let field = 0; field < 2; field++) {
    const end = data.indexOf(0, position);
    if (end < 0) throw new CarepassError('INPUT_UNREADABLE', 'a malformed openbadgecredential chunk in the PNG');
    position = end + 1;
  }
  if (data.length - position > MAX_CREDENTIAL_BYTES) throw new CarepassError('INPUT_UNREADABLE', `the credential baked in the PNG is over the ${MAX_CREDENTIAL_BYTES}-byte limit`);
  try {
    return utf8.decode(data.subarray(position));
  } catch {
    throw new CarepassError('INPUT_UNREADABLE', 'the credential baked in the PNG is not UTF-8 text');
  }
}

/**
 * Bakes a credential (a signed JSON credential, or a compact VC-JWT) into a PNG, as an uncompressed
 * iTXt chunk with keyword `openbadgecredential` just before IEND. A credential already baked in
 * it is replaced: a PNG never carries two.
 * @throws {@link CarepassError} `INPUT_UNREADABLE` for bytes that are not a well-formed PNG,
 * `INVALID_ARGUMENT` for a credential that is empty or over 1 MiB.
 */
export function bakePng(png: Uint8Array, credential: object | string): Uint8Array {
  const text = encoder.encode(credentialText(credential));
  const chunks = pngChunks(png).filter((chunk) => !(chunk.type === 'iTXt' && credentialInItxt(chunk.data) !== undefined));
  const keyword = encoder.encode(BAKING.pngKeyword);
  // keyword, 0, compression flag 0, method 0, empty language tag (0), empty translated keyword (0), text
  const data = new Uint8Array(keyword.length + 5 + text.length);
  data.set(keyword, 0);
  data.set(text, keyword.length + 5);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const parts = [PNG_SIGNATURE, ...chunks.slice(0, -1).map((entry) => png.subarray(entry.start, entry.end)), chunk, png.subarray((chunks.at(-1) as PngChunk).start, (chunks.at(-1) as PngChunk).end)];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The credential text baked in a PNG (JSON or a compact JWT), or undefined when there is none. @throws {@link CarepassError} `INPUT_UNREADABLE` for a malformed PNG. */
export function extractFromPng(png: Uint8Array): string | undefined {
  for (const chunk of pngChunks(png)) {
    if (chunk.type !== 'iTXt') continue;
    const text = credentialInItxt(chunk.data);
    if (text !== undefined) return text;
  }
  return undefined;
}

const SVG_OPEN = /<svg\b[^>]*>/u;
const BAKED = /<openbadges:credential\b([^>]*?)(\/>|>([\s\S]*?)<\/openbadges:credential>)/u;

/**
 * Bakes a credential into an SVG: the `openbadges` namespace on the <svg> tag, then directly after
 * it an <openbadges:credential> element holding the JSON in CDATA, or a compact VC-JWT in its
 * `verify` attribute. A credential already baked in it is replaced.
 * @throws {@link CarepassError} `INPUT_UNREADABLE` for text with no <svg> tag, `INVALID_ARGUMENT` for a credential that is empty or over 1 MiB.
 */
export function bakeSvg(svg: string, credential: object | string): string {
  const text = credentialText(credential);
  const open = SVG_OPEN.exec(svg);
  if (!open) throw new CarepassError('INPUT_UNREADABLE', 'not an SVG image (no <svg> tag)');
  let tag = open[0];
  if (!/\sxmlns:openbadges\s*=/u.test(tag)) tag = tag.replace(/\s*(\/?)>$/u, ` xmlns:openbadges="${BAKING.svgNamespace}"$1>`);
  const jwt = typeof credential === 'string';
  const element = jwt
    ? `<openbadges:credential verify="${text.replace(/&/gu, '&amp;').replace(/"/gu, '&quot;').replace(/</gu, '&lt;')}"></openbadges:credential>`
    : `<openbadges:credential><![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`;
  const rest = svg.slice(open.index + open[0].length).replace(BAKED, '');
  return `${svg.slice(0, open.index)}${tag}\n${element}${rest}`;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeEntities = (text: string): string => text.replace(/&(lt|gt|amp|quot|apos);/gu, (_, name: string) => entities[name] as string);

/** The credential text baked in an SVG (JSON, or the compact JWT of its `verify` attribute), or undefined when there is none. @throws {@link CarepassError} `INPUT_UNREADABLE` for text with no <svg> tag. */
export function extractFromSvg(svg: string): string | undefined {
  if (!SVG_OPEN.test(svg)) throw new CarepassError('INPUT_UNREADABLE', 'not an SVG image (no <svg> tag)');
  const found = BAKED.exec(svg);
  if (!found) return undefined;
  const verify = /\sverify\s*=\s*"([^"]*)"/u.exec(found[1] ?? '');
  if (verify) return decodeEntities(verify[1] as string);
  const body = found[3] ?? '';
  const sections = [...body.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/gu)].map((match) => match[1]);
  const text = (sections.length > 0 ? sections.join('') : decodeEntities(body)).trim();
  if (text.length > MAX_CREDENTIAL_BYTES) throw new CarepassError('INPUT_UNREADABLE', `the credential baked in the SVG is over the ${MAX_CREDENTIAL_BYTES}-byte limit`);
  return text === '' ? undefined : text;
}

/**
 * Finds the credential baked in an image, PNG or SVG by its bytes: parsed JSON, or the compact JWT
 * as a string. Undefined when the image carries none.
 * @throws {@link CarepassError} `INPUT_UNREADABLE` for an image that is neither, is malformed, or
 * whose baked text is neither JSON nor a compact JWT.
 */
export function extractBakedCredential(image: Uint8Array): { format: 'png' | 'svg'; credential: unknown } | undefined {
  const png = image.length >= 8 && PNG_SIGNATURE.every((byte, index) => image[index] === byte);
  let text: string | undefined;
  if (png) text = extractFromPng(image);
  else {
    let svg: string;
    try {
      svg = utf8.decode(image);
    } catch {
      throw new CarepassError('INPUT_UNREADABLE', 'neither a PNG nor an SVG image');
    }
    text = extractFromSvg(svg);
  }
  if (text === undefined) return undefined;
  const format = png ? 'png' : 'svg';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/u.test(text)) return { format, credential: text };
  try {
    return { format, credential: JSON.parse(text) as unknown };
  } catch {
    throw new CarepassError('INPUT_UNREADABLE', `the credential baked in the ${format.toUpperCase()} is neither JSON nor a compact JWT`);
  }
}
