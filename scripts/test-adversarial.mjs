#!/usr/bin/env node
// `npm run test:adversarial`: the long, seeded runs of the adversarial suite. The same tests as
// `npm test` runs, with far larger counts: 100,000 credential mutations, 20,000 graph-preserving
// rewrites (every single rewrite of the generator's own test too), 5,000 generated inputs per
// hostile-input property, 20,000 mutations of VC-JWTs, 1,000 issuances per load phase against the VC API service, and 2,000
// credentials through three replicas on PostgreSQL.
// A failure prints the seed; replay it with CAREPASS_SEED=<seed> npm run test:adversarial.
// Override any count from the environment (CAREPASS_MUTATIONS, CAREPASS_GRAPH_REWRITES, CAREPASS_FUZZ_RUNS, CAREPASS_LOAD_COUNT,
// CAREPASS_REPLICA_COUNT, CAREPASS_JWT_MUTATIONS).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const env = {
  ...process.env,
  CAREPASS_MUTATIONS: process.env.CAREPASS_MUTATIONS ?? '100000',
  CAREPASS_GRAPH_REWRITES: process.env.CAREPASS_GRAPH_REWRITES ?? '20000',
  CAREPASS_FUZZ_RUNS: process.env.CAREPASS_FUZZ_RUNS ?? '5000',
  CAREPASS_LOAD_COUNT: process.env.CAREPASS_LOAD_COUNT ?? '1000',
  CAREPASS_REPLICA_COUNT: process.env.CAREPASS_REPLICA_COUNT ?? '2000',
  CAREPASS_JWT_MUTATIONS: process.env.CAREPASS_JWT_MUTATIONS ?? '20000',
  CAREPASS_SEED: process.env.CAREPASS_SEED ?? String(randomInt(1, 2 ** 31 - 1)),
};
const files = [
  'packages/credentials/src/mutation-fuzz.test.ts',
  'packages/credentials/src/graph-rewrite-fuzz.test.ts',
  'packages/test-support/src/graph-rewrites.test.ts',
  'packages/frameworks/src/hostile-input.test.ts',
  'packages/credentials/src/hostile-input.test.ts',
  'packages/portability/src/hostile-input.test.ts',
  'packages/cli/src/hostile-input.test.ts',
  'examples/vc-api-server/test/load.test.ts',
  'examples/vc-api-server/test/replicas.test.ts',
  'packages/credentials/src/jwt/jwt-mutation-fuzz.test.ts',
];
console.log(`adversarial run: seed ${env.CAREPASS_SEED}, ${env.CAREPASS_MUTATIONS} mutations, ${env.CAREPASS_GRAPH_REWRITES} graph-preserving rewrites, ${env.CAREPASS_FUZZ_RUNS} runs per property, ${env.CAREPASS_LOAD_COUNT} issuances per load phase, ${env.CAREPASS_REPLICA_COUNT} credentials through the replicas, ${env.CAREPASS_JWT_MUTATIONS} JWT mutations`);
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--testTimeout=0', '--hookTimeout=0', ...files], { stdio: 'inherit', env });
if (run.status !== 0) console.error(`adversarial run failed; replay with: CAREPASS_SEED=${env.CAREPASS_SEED} npm run test:adversarial`);
process.exit(run.status ?? 1);
