// One batch measurement in a fresh process (so every run starts cold, as a CLI run does).
// Usage: node batch-child.mjs cold|warm <folder> <threads> [repeat]. Prints one JSON line.
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createVerificationPool, verifyCredentialFiles } from '@carepass/credentials';

const [mode, folder, threadsText, repeatText] = process.argv.slice(2);
const threads = Number(threadsText);
const repeat = Number(repeatText ?? 1);
const names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort().map((name) => join(folder, name));
const now = new Date('2026-11-23T12:00:00Z');
// The paths, generated lazily: 100,000 of them never exist in memory at once either.
function* paths() {
  for (let round = 0; round < repeat; round++) yield* names;
}
const mib = (bytes) => Math.round(bytes / 2 ** 20);

if (mode === 'cold') {
  const rss = [];
  let verified = 0;
  let count = 0;
  const step = Math.max(1, Math.floor((names.length * repeat) / 10));
  const start = performance.now();
  for await (const result of verifyCredentialFiles(paths(), { now, threads })) {
    if (result.verified) verified++;
    if (++count % step === 0) rss.push(mib(process.memoryUsage().rss));
  }
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, count, verified, rss, maxRss: mib(process.resourceUsage().maxRSS * 1024) }));
} else {
  const pool = createVerificationPool({ now, threads });
  await pool.ready();
  let verified = 0;
  for await (const result of pool.files(paths())) if (result.verified) verified++; // warm-up batch
  const start = performance.now();
  let count = 0;
  for await (const result of pool.files(paths())) {
    count++;
    if (result.verified) verified++;
  }
  const ms = performance.now() - start;
  await pool.close();
  console.log(JSON.stringify({ ms, count, verified: verified / 2 }));
}
