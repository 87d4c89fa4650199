// Recognition throughput: assessing workers is pure computation once their credentials are
// verified, so this measures the engine alone on realistic cohorts against the Care Certificate 2025.
import { createRecognitionEngine } from '@carepass/portability';

const AS_OF = '2026-11-23';

/** A cohort with a realistic mix: most hold the 2015 Care Certificate from some year, many a recent BLS, some CSTF records, a micro-qualification, or nothing. */
function cohort(size) {
  const workers = [];
  for (let index = 0; index < size; index++) {
    const evidence = [];
    const year = 2015 + (index % 11);
    if (index % 10 !== 9) evidence.push({ id: `urn:uuid:cc-${index}`, verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: `${year}-0${1 + (index % 9)}-15` });
    if (index % 3 === 0) evidence.push({ id: `urn:uuid:bls-${index}`, verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2025#12'], achievedAt: `2026-0${1 + (index % 9)}-01` });
    if (index % 7 === 0) evidence.push({ id: `urn:uuid:fire-${index}`, verification: 'verified', trust: 'not-checked', competencies: ['cstf-england@1.1#fire-safety-l1'], achievedAt: `202${index % 7}-05-01` });
    if (index % 13 === 0) evidence.push({ id: `urn:uuid:mca-${index}`, verification: 'verified', trust: 'trusted', competencies: ['mental-capacity-act-in-practice@1'], achievedAt: '2026-02-01' });
    if (index % 17 === 0) evidence.push({ id: `claim:${index}`, verification: 'self-declared', competencies: ['care-certificate@2025#16'], achievedAt: '2025-01-01' });
    workers.push(evidence);
  }
  return workers;
}

function time(run) {
  const start = process.hrtime.bigint();
  const result = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Runs the recognition benchmarks and returns rows for the report. */
export function benchRecognition() {
  const rows = [];
  const created = time(() => createRecognitionEngine({ target: 'care-certificate@2025', policy: { asOf: AS_OF } }));
  const engine = created.result;
  rows.push({ name: 'create engine (index frameworks and crosswalks)', n: 1, ms: created.ms });
  const workers = cohort(10_000);
  // Warm up the JIT and the engine's route caches on a different cohort slice.
  for (const evidence of cohort(500)) engine.summarise(evidence);
  const summaries = time(() => workers.map((evidence) => engine.summarise(evidence)));
  rows.push({ name: 'summarise 10,000 workers (statuses, counts, hours)', n: workers.length, ms: summaries.ms });
  const full = time(() => workers.slice(0, 1000).map((evidence) => engine.assess(evidence)));
  rows.push({ name: 'full report for 1,000 workers (every criterion explained, plan)', n: 1000, ms: full.ms });
  const recognised = summaries.result.reduce((sum, summary) => sum + summary.summary.hours.saved, 0);
  return { rows, note: `cohort saves ${Math.round(recognised).toLocaleString('en-GB')} notional hours in total` };
}
