// Batch verification: credentials verified from files on one thread and on every core, each run in
// a fresh process; a pool kept warm between batches, as a service keeps one; and a long stream
// from disk with its memory sampled as it goes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIssuerKey, issueCredential } from '@carepass/credentials';

const child = (...args) => JSON.parse(execFileSync(process.execPath, [new URL('./batch-child.mjs', import.meta.url).pathname, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
/** The median of `runs` runs: shared machines are noisy. */
const median = (runs, measure) => {
  const results = Array.from({ length: runs }, measure).sort((a, b) => a.ms - b.ms);
  return results[Math.floor(runs / 2)];
};

/** Runs the batch benchmarks on `count` distinct credentials; returns table rows and the stream's memory. */
export async function benchBatch({ count = 10_000, streamRepeat = 10, runs = 3 } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'carepass-bench-batch-'));
  try {
    const key = await generateIssuerKey();
    for (let index = 0; index < count; index++) {
      const credential = await issueCredential({ competency: `care-certificate@2025#${1 + (index % 15)}`, subject: { id: `did:example:worker-${index}` }, validFrom: '2026-01-05T09:00:00Z' }, { key, issuer: { name: 'Sunrise Home Care' } });
      writeFileSync(join(folder, `credential-${String(index).padStart(6, '0')}.json`), JSON.stringify(credential));
    }
    const threads = availableParallelism();
    const coldOne = median(runs, () => child('cold', folder, 1));
    const coldAll = median(runs, () => child('cold', folder, threads));
    const warmOne = median(runs, () => child('warm', folder, 1));
    const warmAll = median(runs, () => child('warm', folder, threads));
    for (const run of [coldOne, coldAll, warmOne, warmAll]) if (run.verified !== count) throw new Error(`only ${run.verified} of ${count} verified`);
    const stream = child('cold', folder, threads, streamRepeat);
    if (stream.verified !== count * streamRepeat) throw new Error('the stream did not verify everything');
    const rows = [
      { name: `${count.toLocaleString('en-GB')} files, fresh process (cold), like \`carepass verify <folder>\``, one: coldOne.ms, all: coldAll.ms },
      { name: `${count.toLocaleString('en-GB')} files on a warm pool (\`createVerificationPool\`, as a service keeps one)`, one: warmOne.ms, all: warmAll.ms },
    ];
    return { threads, count, rows, stream: { ...stream, total: count * streamRepeat } };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
