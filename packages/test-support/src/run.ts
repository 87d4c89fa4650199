// Test-only: runs the CLI in-process with captured output, or as a real child process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '@carepass/cli';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `carepass <argv>` in this process, in `cwd`, with no terminal. */
export async function runInMemory(argv: string[], cwd = process.cwd()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    isTTY: false,
    env: {},
  });
  return { code, stdout, stderr };
}

/** Path of the real `carepass` launcher. */
export const CARE_PASS_BIN = fileURLToPath(new URL('../../cli/bin/carepass.js', import.meta.url));

/** Runs the built `carepass` binary as a child process (needs `npm run build` first). */
export function runBinary(argv: string[], cwd = process.cwd()): CliRun {
  if (!existsSync(fileURLToPath(new URL('../../cli/dist/index.js', import.meta.url)))) {
    throw new Error('packages/cli/dist is missing: run `npm run build` before the binary tests');
  }
  const result = spawnSync(process.execPath, [CARE_PASS_BIN, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
