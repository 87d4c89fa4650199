// Test-only: the W3C vectors vendored under fixtures/vectors (copied verbatim, never edited; origin and licence in its README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../../fixtures/vectors');

/** Reads a JSON file under fixtures/vectors. */
export function readVector<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** Reads a text file under fixtures/vectors. */
export function readVectorText(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Reads a binary file (a baked PNG) under fixtures/vectors. */
export function readVectorBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(ROOT, path)));
}
