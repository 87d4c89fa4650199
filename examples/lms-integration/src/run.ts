// `npm start`: two LMSs, one worker. Employer A's LMS issues as courses are completed; years later
// employer B's LMS receives her credentials and assigns only what she still needs.
import { createPresentation, generateIssuerKey } from '@carepass/credentials';
import { createCarepassLms, type LmsCourse } from './carepass-lms.js';
import { memoryCredentialStore, memoryStatusListStore } from './memory-stores.js';

const asOf = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const courses: LmsCourse[] = [
  { id: 'CC-2015', title: 'Care Certificate induction (2015 standards)', awards: { framework: 'care-certificate@2015' } },
  { id: 'BLS', title: 'Basic life support (annual)', awards: { competency: 'care-certificate@2025#12' }, hours: 3 },
  { id: 'CC16', title: 'Learning disability and autism awareness', awards: { competency: 'care-certificate@2025#16' }, hours: 2 },
  { id: 'CC-2025', title: 'Care Certificate induction (2025 standards)', awards: { framework: 'care-certificate@2025' } },
];

const employerA = createCarepassLms({
  issuerKey: await generateIssuerKey(),
  issuerName: 'Sunrise Home Care',
  courses,
  credentials: memoryCredentialStore(),
  statusList: memoryStatusListStore(),
  statusListUrl: 'https://lms.sunrise.example/status/1',
  target: 'care-certificate@2025',
});
const naomiKey = await generateIssuerKey();
const naomi = { id: 'learner-1042', name: 'Naomi', did: naomiKey.controller };

const certificate = await employerA.onCourseCompleted({ learner: naomi, courseId: 'CC-2015', completedAt: '2016-03-01T00:00:00Z', observations: ['Twelve weeks of supervised practice'] });
console.log(`Employer A issued “${String(certificate.name)}” to ${naomi.name} (${String(certificate.id)})`);

const employerB = createCarepassLms({
  issuerKey: await generateIssuerKey(),
  issuerName: 'Riverside Care',
  courses,
  credentials: memoryCredentialStore(),
  statusList: memoryStatusListStore(),
  statusListUrl: 'https://lms.riverside.example/status/1',
  target: 'care-certificate@2025',
});
// Naomi carries her credential (e.g. in a wallet) and presents it; employer B reads the credentials out.
const presentation = await createPresentation([certificate], { key: naomiKey, challenge: 'onboarding-1042', domain: 'lms.riverside.example' });
const { report, assignments } = await employerB.onNewStarter({
  learner: { id: 'starter-77', name: 'Naomi', did: naomi.did },
  credentials: presentation.verifiableCredential as unknown[],
  asOf,
  statusLists: await employerA.publishStatusLists(),
});
console.log(`\n${report.summary.headline}\n`);
console.log('Assignments created in employer B\'s LMS:');
for (const assignment of assignments) console.log(`  - [${assignment.kind}] ${assignment.title}${assignment.courseId ? ` → course ${assignment.courseId}` : ''} (${assignment.hours} h)`);
