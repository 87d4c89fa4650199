// Test-only: the W3C vc-di-eddsa vectors from ../shared (fixtures, never edited).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../../../../shared/vectors');

/** Reads a JSON file under shared/vectors. */
export function readVector<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** Reads a text file under shared/vectors. */
export function readVectorText(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}
