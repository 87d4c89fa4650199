import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CarepassErrorCodes } from '@carepass/frameworks';
import { errorCodesMarkdown, PAGE } from './error-codes.mjs';

describe('docs/reference/error-codes.md', () => {
  it('is generated from the codes and is current (run npm run docs:error-codes after changing a code)', () => {
    expect(readFileSync(PAGE, 'utf8')).toBe(errorCodesMarkdown());
  });

  it('lists every code once, with what it means, what to do and the CLI exit code', () => {
    const page = errorCodesMarkdown();
    for (const code of CarepassErrorCodes) expect(page.match(new RegExp(`^\\| \`${code}\` \\| .+ \\| .+ \\| [12] \\|$`, 'gmu'))).toHaveLength(1);
  });
});
