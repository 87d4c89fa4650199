import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findImportCycles } from './check-import-cycles.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'carepass-cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'tree-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('the import-cycle check', () => {
  it('finds no cycle in the packages as they are', () => {
    expect(findImportCycles()).toEqual([]);
  });

  it('finds a cycle of type-only imports across folders, and leaves tests out', () => {
    const root = tree({
      'a/src/index.ts': "export * from './engine.js';",
      'a/src/engine.ts': "import type { Plan } from './plan/plan.js';\nexport type Engine = Plan;",
      'a/src/plan/plan.ts': "import type { Engine } from '../engine.js';\nexport type Plan = { engine?: Engine };",
      'a/src/plan/plan.test.ts': "import '../index.js';",
    });
    expect(findImportCycles(root, root)).toEqual([['a/src/engine.ts', 'a/src/plan/plan.ts']]);
  });

  it('follows @carepass/ package imports to their entry', () => {
    const root = tree({
      'one/src/index.ts': "import { two } from '@carepass/two';\nexport const one = two;",
      'two/src/index.ts': "export { one as two } from '@carepass/one';",
    });
    expect(findImportCycles(root, root)).toEqual([['one/src/index.ts', 'two/src/index.ts']]);
  });
});
