import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readSourceText } from '@carepass/test-support';
import { describe, expect, it } from 'vitest';
import { CASE_IMPORT_NOTE_HELP, VALIDATION_CODE_HELP, ValidationCodes } from './validation-codes.js';

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
    const text = readSourceText([fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../../portability/src/', import.meta.url))], { exclude: ['validation-codes.ts'] });
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
