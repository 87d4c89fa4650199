// `npm start [-- <out-dir>]`: author, validate, export and publish; then show what the new
// micro-qualification does for a worker whose 2015 Care Certificate left standard 16 to do.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateIssuerKey } from '@carepass/credentials';
import { builtInCrosswalks, collectLeaves, createRecognitionEngine } from '@carepass/portability';
import { buildPublication, careCertificateToSsscCodes, checkPublishedDocument, learningDisabilityAndAutismAwareness, validateDrafts } from './index.js';

const out = resolve(process.argv[2] ?? 'published');
const publisher = 'Example Sector Skills Body';

const { registry, issues } = validateDrafts(learningDisabilityAndAutismAwareness, careCertificateToSsscCodes);
if (!registry || issues.length > 0) {
  for (const issue of issues) console.error(`${issue.document} ${issue.path}: ${issue.message}`);
  process.exit(1);
}
console.log(`✓ ${learningDisabilityAndAutismAwareness.title}: valid, and every competency it points at exists`);
console.log(`✓ ${careCertificateToSsscCodes.title}: valid, every code resolves`);

const key = await generateIssuerKey();
const files = await buildPublication({ microQualification: learningDisabilityAndAutismAwareness, crosswalk: careCertificateToSsscCodes, registry, key, baseUrl: 'https://standards.example.org/published', publisher });
await mkdir(out, { recursive: true });
for (const [name, file] of Object.entries(files)) {
  if (typeof file === 'string') {
    await writeFile(join(out, name), file);
    console.log(`  wrote ${name}`);
    continue;
  }
  await writeFile(join(out, name), file.bytes);
  await writeFile(join(out, `${name}.credential.json`), `${JSON.stringify(file.credential, null, 2)}\n`);
  const check = await checkPublishedDocument(file.bytes, file.credential, { publisher: key.controller });
  console.log(`  wrote ${name} and its signed publication credential (${check.ok ? '✓' : '✗'} ${check.reason})`);
}

const engine = createRecognitionEngine({ target: 'care-certificate@2025', registry, crosswalks: [...builtInCrosswalks(), careCertificateToSsscCodes], policy: { asOf: '2026-11-23' } });
const before = engine.assess([{ id: 'cc-2015', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' }]);
const suggestion = before.plan.find((item) => item.kind === 'micro-qualification' && item.ref === `${learningDisabilityAndAutismAwareness.slug}@${learningDisabilityAndAutismAwareness.version}`);
console.log(`\nFor a worker with the 2015 Care Certificate, the plan now suggests: ${suggestion?.title ?? 'nothing'} (${suggestion?.reason ?? ''})`);
const after = engine.assess([
  { id: 'cc-2015', verification: 'verified', trust: 'trusted', competencies: ['care-certificate@2015'], achievedAt: '2016-03-01' },
  { id: 'ldaa', verification: 'verified', trust: 'trusted', competencies: [learningDisabilityAndAutismAwareness.id], achievedAt: '2026-10-01', assessmentMethod: 'workplace-observation' },
]);
const standard16 = collectLeaves(after.standards).find((leaf) => leaf.code === '16');
console.log(`With it: standard 16 is ${standard16?.status}. ${standard16?.explanation ?? ''}`);
console.log(`Published to ${out}`);
