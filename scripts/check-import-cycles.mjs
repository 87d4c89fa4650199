// `npm run lint` runs this: it fails on any import cycle among the packages' source files, type-only
// imports included (a cycle of types is still a tangle for the next reader). Imports are read with
// the TypeScript compiler's own pre-processor; relative `.js` specifiers resolve to the `.ts`
// source beside them, `@carepass/<name>` to that package's `src/index.ts`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(folder) {
  const files = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.test-d.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function resolveImport(from, specifier, packagesDir) {
  if (specifier.startsWith('@carepass/')) {
    const entry = join(packagesDir, specifier.slice('@carepass/'.length).split('/')[0], 'src', 'index.ts');
    return existsSync(entry) ? entry : undefined;
  }
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/u, '.ts'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return undefined;
}

/**
 * The import cycles among the `.ts` sources under `packagesDir/<package>/src` (tests left out):
 * each cycle as its files, relative to `root`, in import order.
 */
export function findImportCycles(packagesDir = join(ROOT, 'packages'), root = ROOT) {
  const graph = new Map();
  for (const name of readdirSync(packagesDir)) {
    const src = join(packagesDir, name, 'src');
    if (!existsSync(src)) continue;
    for (const file of sourceFiles(src)) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      graph.set(file, [...new Set(importedFiles.map(({ fileName }) => resolveImport(file, fileName, packagesDir)).filter(Boolean))]);
    }
  }
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (file) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file), low.get(next)));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file), index.get(next)));
    }
    if (low.get(file) === index.get(file)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.reverse().map((path) => relative(root, path)));
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cycles = findImportCycles();
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' → ')} → ${cycle[0]}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s): move the shared types or helpers into a module both sides import.`);
    process.exitCode = 1;
  } else console.log('no import cycles');
}
