import { fileURLToPath } from 'node:url';
import { readSourceText } from '@carepass/test-support';
import { describe, expect, it } from 'vitest';
import { CAREPASS_ERROR_HELP, CarepassErrorCodes } from './errors.js';

describe('CarepassErrorCodes', () => {
  it('lists no code the packages cannot throw, but the one documented as reserved', () => {
    const text = readSourceText(['frameworks', 'credentials', 'portability', 'cli'].map((name) => fileURLToPath(new URL(`../../${name}/src/`, import.meta.url))), { exclude: ['errors.ts'] });
    const unused = CarepassErrorCodes.filter((code) => !text.includes(`'${code}'`));
    expect(unused).toEqual(['CASE_INVALID']);
    for (const code of unused) expect(CAREPASS_ERROR_HELP[code].meaning).toMatch(/^Reserved: not thrown/u);
  });
});
