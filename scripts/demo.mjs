// `npm run demo`: the Carepass story as far as it is built, told through the real CLI.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../packages/cli/bin/carepass.js', import.meta.url));
const tty = Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined;
const heading = (text) => console.log(`\n${tty ? `\u001B[1m\u001B[36m${text}\u001B[39m\u001B[22m` : `== ${text} ==`}\n`);
const run = (args) => {
  console.log(`${tty ? '\u001B[2m' : ''}$ carepass ${args.join(' ')}${tty ? '\u001B[22m' : ''}`);
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

heading('1. A standards body publishes the frameworks');
run(['frameworks', 'list']);
heading('2. The Care Certificate, revised in 2025: sixteen standards');
run(['frameworks', 'show', 'care-certificate@2025', '--depth', '1']);
heading('3. A micro-qualification that stacks onto it');
run(['frameworks', 'show', 'dementia-types-and-care']);
console.log('\nNext: credentials, revocation and recognition of prior learning (see README).');
