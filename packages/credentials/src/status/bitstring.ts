import { CarepassError } from '@carepass/frameworks';

/** Smallest status list the spec allows: 16 KB, 131,072 entries of one bit. */
export const MIN_STATUS_LIST_BITS = 131_072;
/** Largest decompressed list Carepass will read (a guard against compression bombs): 16 MiB. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function pipe(bytes: Uint8Array, transform: GenerateTransform, limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const reader = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new CarepassError('INPUT_UNREADABLE', `the status list decompresses to more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
type GenerateTransform = TransformStream<Uint8Array, Uint8Array>;

/**
 * Encodes a bitstring as the spec's `encodedList`: GZIP, then multibase base64url (`u…`). Uses the
 * web-standard CompressionStream, so it runs in browsers as well as Node.
 */
export async function encodeStatusBitstring(bits: Uint8Array): Promise<string> {
  return `u${toBase64Url(await pipe(bits, new CompressionStream('gzip') as unknown as GenerateTransform))}`;
}

/**
 * Decodes an `encodedList` back to its bitstring, refusing lists that are malformed, smaller than
 * 16 KB, or that would decompress to more than {@link MAX_STATUS_LIST_BYTES}.
 *
 * @throws {@link CarepassError} `INPUT_UNREADABLE` saying which.
 */
export async function decodeStatusBitstring(encodedList: string): Promise<Uint8Array> {
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u') || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new CarepassError('INPUT_UNREADABLE', 'encodedList must be multibase base64url (starting with "u")');
  }
  let bits: Uint8Array;
  try {
    bits = await pipe(fromBase64Url(encodedList.slice(1)), new DecompressionStream('gzip') as unknown as GenerateTransform, MAX_STATUS_LIST_BYTES);
  } catch (error) {
    if (error instanceof CarepassError) throw error;
    throw new CarepassError('INPUT_UNREADABLE', 'encodedList is not GZIP-compressed data', { cause: error });
  }
  if (bits.length * 8 < MIN_STATUS_LIST_BITS) throw new CarepassError('INPUT_UNREADABLE', `the status list has ${bits.length * 8} bits; the minimum is ${MIN_STATUS_LIST_BITS}`);
  return bits;
}

/** Reads the status at an index (`size` bits wide, default 1). Index 0 is the first byte's most significant bit. */
export function readStatus(bits: Uint8Array, index: number, size = 1): number {
  let value = 0;
  for (let offset = 0; offset < size; offset++) {
    const position = index * size + offset;
    const byte = bits[position >> 3];
    if (byte === undefined) throw new CarepassError('INPUT_UNREADABLE', `status index ${index} is beyond the end of the list`);
    value = (value << 1) | ((byte >> (7 - (position & 7))) & 1);
  }
  return value;
}

/** Returns a copy of the bitstring with a one-bit status set or cleared. */
export function writeStatus(bits: Uint8Array, index: number, on: boolean): Uint8Array {
  const copy = new Uint8Array(bits);
  const byteIndex = index >> 3;
  if (byteIndex >= copy.length || index < 0) throw new CarepassError('INVALID_ARGUMENT', `status index ${index} is outside the list`);
  const mask = 1 << (7 - (index & 7));
  copy[byteIndex] = on ? (copy[byteIndex] as number) | mask : (copy[byteIndex] as number) & ~mask;
  return copy;
}
