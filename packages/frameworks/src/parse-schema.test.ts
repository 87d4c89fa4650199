import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeParseWithSchema } from './parse-schema.js';

const Schema = z.object({ code: z.string(), hours: z.number().int().min(0) });

describe('safeParseWithSchema', () => {
  it('gives the typed value of a valid document', () => {
    expect(safeParseWithSchema(Schema, { code: '1.1a', hours: 2 })).toEqual({ ok: true, value: { code: '1.1a', hours: 2 }, issues: [] });
  });

  it('gives every schema issue with its JSON path', () => {
    const result = safeParseWithSchema(Schema, { code: 7, hours: -1 });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['invalid_type', '$.code'],
      ['too_small', '$.hours'],
    ]);
  });

  it('refuses JSON beyond the limits before the schema sees it, with one limit_exceeded issue', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 200; level++) deep = [deep];
    const result = safeParseWithSchema(Schema, { code: 'a', hours: 1, nested: deep });
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'limit_exceeded' }] });
    expect(safeParseWithSchema(Schema, { code: 'x'.repeat(50), hours: 1 }, { maxStringLength: 10 })).toMatchObject({ ok: false, issues: [{ code: 'limit_exceeded', path: '$.code' }] });
  });
});
