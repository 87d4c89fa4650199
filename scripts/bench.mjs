// `npm run bench`: performance is measured here, never in timed unit tests. Runs the plain
// @digitalbazaar/vc pipeline and Carepass side by side in this process on identical credentials,
// then recognition, prints a table and writes it to docs/performance.md with the machine and
// versions. Run after `npm run build` (npm run bench does). BENCH_COUNT sets operations per row.
import { readFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { benchCredentials } from './bench/credentials.mjs';
import { benchBatch } from './bench/batch.mjs';
import { benchRecognition } from './bench/recognition.mjs';

// Read from node_modules directly: some packages do not export their package.json.
const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const count = Number(process.env.BENCH_COUNT ?? 500);
const ms = (value) => (value === undefined ? '—' : value < 0.1 ? `${(value * 1000).toFixed(1)} µs` : `${value.toFixed(3)} ms`);

console.log(`Credentials: plain @digitalbazaar/vc pipeline vs Carepass, ${count} operations per row, one thread`);
const credentialRows = await benchCredentials({ count });
const floor = credentialRows.at(-1).ours;
const credentialTable = [
  '| Operation | Plain pipeline | Carepass | Speed-up | Carepass ÷ raw Ed25519 |',
  '|---|---|---|---|---|',
  ...credentialRows.map((row) => `| ${row.name} | ${ms(row.plain)} | ${ms(row.ours)} | ${row.plain === undefined ? '—' : `${(row.plain / row.ours).toFixed(1)}×`} | ${(row.ours / floor).toFixed(1)}× |`),
];
for (const line of credentialTable) console.log(line);

const batchCount = Number(process.env.BENCH_BATCH ?? 10_000);
console.log(`\nBatch verification: ${batchCount} credentials from files, one thread against every core (median of 3 runs, each in a fresh process)`);
const batch = await benchBatch({ count: batchCount });
const seconds = (value) => `${(value / 1000).toFixed(2)} s`;
const batchTable = [
  `| Batch | One thread | ${batch.threads} threads | Speed-up |`,
  '|---|---|---|---|',
  ...batch.rows.map((row) => `| ${row.name} | ${seconds(row.one)} | ${seconds(row.all)} | ${(row.one / row.all).toFixed(2)}× |`),
];
for (const line of batchTable) console.log(line);
const stream = batch.stream;
const streamLine = `${stream.total.toLocaleString('en-GB')} credentials streamed from disk (the ${batch.count.toLocaleString('en-GB')} files read ${stream.total / batch.count} times) on ${batch.threads} threads in ${seconds(stream.ms)}, all verified; resident memory sampled every tenth of the way: ${stream.rss.join(', ')} MiB (peak ${stream.maxRss} MiB).`;
console.log(streamLine);

console.log('\nRecognition of prior learning (one core, pure computation)');
const recognition = await benchRecognition();
const recognitionTable = ['| Operation | Total | Per worker |', '|---|---|---|', ...recognition.rows.map((row) => `| ${row.name} | ${row.ms.toFixed(1)} ms | ${row.n > 1 ? `${((row.ms * 1000) / row.n).toFixed(1)} µs` : '—'} |`)];
for (const line of recognitionTable) console.log(line);

// The browser verifier's bundle, when it has been built (its test builds it).
const assets = new URL('../examples/browser-verifier/dist/assets/', import.meta.url);
let bundleLine = 'not measured: build it with `npm run build -w @carepass-examples/browser-verifier`';
if (existsSync(assets)) {
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const raw = scripts.reduce((sum, name) => sum + readFileSync(new URL(name, assets)).length, 0);
  const gzip = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(new URL(name, assets)), { level: 9 }).length, 0);
  bundleLine = `${(raw / 1024).toFixed(0)} KiB minified, **${(gzip / 1024).toFixed(0)} KiB** minified + gzip (${scripts.length} script${scripts.length === 1 ? '' : 's'})`;
}
console.log(`\nBrowser verifier bundle: ${bundleLine}`);

const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; @digitalbazaar/vc ${version('@digitalbazaar/vc')}, data-integrity ${version('@digitalbazaar/data-integrity')}, eddsa-rdfc-2022-cryptosuite ${version('@digitalbazaar/eddsa-rdfc-2022-cryptosuite')}, eddsa-jcs-2022-cryptosuite ${version('@digitalbazaar/eddsa-jcs-2022-cryptosuite')}, jsonld ${version('jsonld')}, rdf-canonize ${version('rdf-canonize')}`;
const template = readFileSync(new URL('../docs/performance.md', import.meta.url), 'utf8');
const generated = [
  '<!-- bench:start -->',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${machine}.`,
  '',
  '### Credentials (one thread, same process, identical credentials)',
  '',
  ...credentialTable,
  '',
  `### Batch verification (${batch.threads} cores)`,
  '',
  ...batchTable,
  '',
  streamLine,
  '',
  '### Recognition',
  '',
  ...recognitionTable,
  '',
  `### Browser verifier bundle\n\n${bundleLine}.`,
  '<!-- bench:end -->',
].join('\n');
writeFileSync(new URL('../docs/performance.md', import.meta.url), template.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/u, generated));
console.log('\nwrote docs/performance.md');
