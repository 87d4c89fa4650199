import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_IMPORT_NOTE_HELP, VALIDATION_CODE_HELP, ValidationCodes } from './validation-codes.js';

/** The text of every non-test source file under these package source folders, but the vocabulary itself. */
function sourceText(...folders: string[]): string {
  const texts: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/u.test(entry.name) && !/\.test(-d)?\.ts$/u.test(entry.name) && entry.name !== 'validation-codes.ts') texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const folder of folders) walk(fileURLToPath(new URL(folder, import.meta.url)));
  return texts.join('\n');
}

const ZOD_CODES = new Set(['invalid_type', 'too_big', 'too_small', 'invalid_format', 'not_multiple_of', 'unrecognized_keys', 'invalid_union', 'invalid_key', 'invalid_element', 'invalid_value', 'custom']);

describe('the validation code vocabularies', () => {
  it('are lower_snake_case, each code with a meaning and an action', () => {
    for (const [code, help] of [...Object.entries(VALIDATION_CODE_HELP), ...Object.entries(CASE_IMPORT_NOTE_HELP)]) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/u);
      expect(help.meaning.length, code).toBeGreaterThan(10);
      expect(help.action.length, code).toBeGreaterThan(3);
    }
  });

  it('list no code Carepass cannot give: each of its own is written in the frameworks or portability source, zod gives the rest', () => {
    const text = sourceText('.', '../../portability/src/');
    expect(ValidationCodes.filter((code) => !ZOD_CODES.has(code) && !text.includes(`'${code}'`))).toEqual([]);
    const importer = readFileSync(fileURLToPath(new URL('case/import-case.ts', import.meta.url)), 'utf8');
    expect(Object.keys(CASE_IMPORT_NOTE_HELP).filter((code) => !importer.includes(`code: '${code}'`))).toEqual([]);
  });

  it('have one spelling for one idea', () => {
    // unresolved_reference, not also reference_unresolved (training topics used to say the latter).
    const words = (code: string) => code.split('_').sort().join(' ');
    const seen = new Map<string, string>();
    for (const code of [...ValidationCodes, ...Object.keys(CASE_IMPORT_NOTE_HELP)]) {
      expect(seen.get(words(code)), code).toBeUndefined();
      seen.set(words(code), code);
    }
  });
});
