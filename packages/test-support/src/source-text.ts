// The source text of packages, for tests that check a vocabulary against the code that uses it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of every non-test TypeScript file under the folders (recursively) and of the files
 * named, joined, but the files named in `exclude` (by file name): what the code can actually say.
 */
export function readSourceText(paths: readonly string[], options: { exclude?: readonly string[] } = {}): string {
  const texts: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/u.test(entry.name) && !/\.test(-d)?\.ts$/u.test(entry.name) && !options.exclude?.includes(entry.name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) walk(path);
    else texts.push(readFileSync(path, 'utf8'));
  }
  return texts.join('\n');
}
