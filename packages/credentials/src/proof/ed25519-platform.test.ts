import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ed25519Platform } from '#ed25519';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** The relative modules a built file imports, followed from `entry`, with every bare specifier seen. */
function builtImportGraph(entry: string): { files: string[]; specifiers: Set<string> } {
  const files: string[] = [];
  const specifiers = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier));
      else specifiers.add(specifier);
    }
  }
  return { files, specifiers };
}

describe('#ed25519: the platform Ed25519 chosen by package.json imports', () => {
  it('resolves to node:crypto in Node, which checks real Ed25519 signatures', () => {
    expect(ed25519Platform).toBeDefined();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
    const data = new TextEncoder().encode('Care Certificate standard 15');
    const signature = new Uint8Array(sign(null, data, privateKey));
    expect(ed25519Platform?.verify(raw, data, signature)).toBe(true);
    signature[0] = (signature[0] as number) ^ 1;
    expect(ed25519Platform?.verify(raw, data, signature)).toBe(false);
    expect(Buffer.from(ed25519Platform?.sha256('abc') ?? []).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('resolves in the built package to node:crypto for import and require under Node', () => {
    expect(existsSync(join(packageDir, 'dist/ed25519-node.js')), 'run `npm run build` first').toBe(true);
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('#ed25519'); console.log(typeof m.ed25519Platform?.verify)"], { cwd: packageDir, encoding: 'utf8' });
    expect(esm.stdout.trim(), esm.stderr).toBe('function');
    const cjs = spawnSync(process.execPath, ['-e', "console.log(typeof require('#ed25519').ed25519Platform?.verify)"], { cwd: packageDir, encoding: 'utf8' });
    expect(cjs.stdout.trim(), cjs.stderr).toBe('function');
  });

  it('keeps #ed25519 an import in the built browser entry, which reaches no node: module, and declares no side effects', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { sideEffects: unknown; imports: Record<string, Record<string, unknown>> };
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.imports['#ed25519'] ?? {})).toEqual(['@carepass/source', 'node', 'default']);
    const browser = builtImportGraph(join(packageDir, 'dist/browser.js'));
    expect(browser.specifiers.has('#ed25519')).toBe(true);
    expect([...browser.specifiers].filter((specifier) => specifier.startsWith('node:'))).toEqual([]);
    // The portable target has nothing in it but the absence of a fast-path verifier.
    const portable = builtImportGraph(join(packageDir, 'dist/ed25519-portable.js'));
    expect([...portable.specifiers]).toEqual([]);
    // The Node entry reaches node:crypto only through #ed25519, not by bundling it into index.
    expect(builtImportGraph(join(packageDir, 'dist/index.js')).specifiers.has('node:crypto')).toBe(false);
  });
});
