// `npm run bench`: performance is measured here, never in timed unit tests. Each benchmark prints
// its operations, total time and time per operation; run after `npm run build`.
import { benchRecognition } from './bench/recognition.mjs';

const suites = [['Recognition of prior learning (one core, pure computation)', benchRecognition]];

for (const [title, run] of suites) {
  const { rows, note } = await run();
  console.log(`\n${title}`);
  for (const row of rows) {
    const per = row.n > 1 ? `  ${((row.ms * 1000) / row.n).toFixed(1)} µs each` : '';
    console.log(`  ${row.name.padEnd(66)} ${row.ms.toFixed(1).padStart(9)} ms${per}`);
  }
  if (note) console.log(`  (${note})`);
}
