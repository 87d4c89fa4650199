// `npm run demo`: the Carepass story as far as it is built. Runs the real CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/bin/carepass.js', import.meta.url));
const run = (args) => {
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['frameworks', 'list']);
