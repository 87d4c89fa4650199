import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
// Inside the repository, so the @carepass packages resolve (to their builds, as for a user).
const EXAMPLE = fileURLToPath(new URL('./.readme-example.mts', import.meta.url));

afterAll(() => rmSync(EXAMPLE, { force: true }));

describe('README', () => {
  it('its twenty-line example runs and prints what it says', () => {
    const text = readFileSync(README, 'utf8');
    const block = /the whole story in twenty lines[\s\S]*?```ts\n([\s\S]*?)```/u.exec(text)?.[1];
    expect(block, 'the example block').toBeDefined();
    expect((block as string).trim().split('\n').length).toBeLessThanOrEqual(22);
    writeFileSync(EXAMPLE, block as string);
    const run = spawnSync(process.execPath, ['--import', 'tsx', EXAMPLE], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^true \[/u);
    expect(run.stdout).toMatch(/4 of 16 standards of The Care Certificate \(2025 revision\) recognised \(4 pending workplace observation\), 4 due a refresher, 8 needing a top-up; [\d.]+ of [\d.]+ estimated notional hours saved/u);
    expect(run.stdout).toMatch(/\d+\. Refresher: 12 Basic life support/u);
    expect(run.stdout).toMatch(/1\. Refresher: /u);
  });

  it('gives the two set-up commands', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).toContain('npm install && npm run demo\nnpm test');
  });
});
