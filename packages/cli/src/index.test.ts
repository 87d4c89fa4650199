import { describe, expect, it } from 'vitest';
import { runBinary, runInMemory } from '@carepass/test-support';

describe('carepass', () => {
  it('prints an overview with every verb for --help', async () => {
    const run = await runInMemory(['--help']);
    expect(run.code).toBe(0);
    for (const verb of ['frameworks list', 'frameworks show', 'frameworks validate', 'frameworks export', 'frameworks import']) expect(run.stdout).toContain(verb);
  });

  it('prints per-verb help with examples', async () => {
    const run = await runInMemory(['frameworks', 'export', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('--format <format>');
  });

  it('exits 2 for an unknown verb or flag, with one line and no stack', async () => {
    for (const args of [['frobnicate'], ['frameworks', 'frobnicate'], ['frameworks', 'list', '--colour']]) {
      const run = await runInMemory(args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('runs as a real binary from the repository root', () => {
    const run = runBinary(['frameworks', 'list', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(5);
  });
});

describe('carepass as a pipeline stage', () => {
  it('exits quietly when the reader closes early (carepass … | head)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { CARE_PASS_BIN } = await import('@carepass/test-support');
    const script = `"${process.execPath}" "${CARE_PASS_BIN}" frameworks show care-certificate@2015 --json | head -c 100 > /dev/null; exit \${PIPESTATUS[0]}`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.status).toBe(0);
  });
});
