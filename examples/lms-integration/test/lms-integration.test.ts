import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStatusChecker, generateIssuerKey, type IssuerKey, createStatusListResolver, verifyCredential } from '@carepass/credentials';
import { createCarepassLms, memoryCredentialStore, memoryStatusListStore, type LmsCourse } from '../src/index.js';

const courses: LmsCourse[] = [
  { id: 'CC-2015', title: 'Care Certificate (2015)', awards: { framework: 'care-certificate@2015' } },
  { id: 'BLS', title: 'Basic life support', awards: { competency: 'care-certificate@2025#12' } },
  { id: 'DEM', title: 'Dementia care', awards: { microQualification: 'dementia-types-and-care' } },
];
let key: IssuerKey;
let lms: ReturnType<typeof createCarepassLms>;
let store: ReturnType<typeof memoryCredentialStore>;

beforeAll(async () => {
  key = await generateIssuerKey();
  store = memoryCredentialStore();
  lms = createCarepassLms({ issuerKey: key, issuerName: 'Sunrise Home Care', courses, credentials: store, statusList: memoryStatusListStore(), statusListUrl: 'https://lms.example/status/1', target: 'care-certificate@2025' });
});

describe('lms-integration', () => {
  it('issues the credential a course awards, to a DID or a hashed email, stored and verifiable', async () => {
    const byDid = await lms.onCourseCompleted({ learner: { id: 'l1', name: 'Naomi', did: 'did:example:naomi' }, courseId: 'CC-2015', completedAt: '2016-03-01T00:00:00Z' });
    const byEmail = await lms.onCourseCompleted({ learner: { id: 'l2', name: 'Sam', email: 'sam@example.org' }, courseId: 'DEM', completedAt: '2026-01-10T00:00:00Z' });
    expect((await store.list('l1')).map((credential) => credential.id)).toEqual([byDid.id]);
    expect(JSON.stringify(byEmail)).not.toContain('sam@example.org');
    const lists = await lms.publishStatusLists();
    for (const credential of [byDid, byEmail]) {
      expect((await verifyCredential(credential, { checkStatus: createStatusChecker({ resolve: createStatusListResolver(lists) }) })).verified).toBe(true);
    }
    await expect(lms.onCourseCompleted({ learner: { id: 'l3', name: 'X' }, courseId: 'CC-2015', completedAt: '2016-03-01T00:00:00Z' })).rejects.toThrow(/neither a DID nor an email/);
    await expect(lms.onCourseCompleted({ learner: { id: 'l1', name: 'Naomi', did: 'did:example:naomi' }, courseId: 'NOPE', completedAt: '2016-03-01T00:00:00Z' })).rejects.toThrow(/no course NOPE/);
  });

  it('turns a new starter\'s credentials into a report and assignments on its own courses; revoked ones do not count', async () => {
    const certificate = await lms.onCourseCompleted({ learner: { id: 'l4', name: 'Naomi', did: 'did:example:naomi-2' }, courseId: 'CC-2015', completedAt: '2016-03-01T00:00:00Z' });
    const receiving = createCarepassLms({ issuerKey: await generateIssuerKey(), issuerName: 'Riverside Care', courses, credentials: memoryCredentialStore(), statusList: memoryStatusListStore(), statusListUrl: 'https://riverside.example/status/1', target: 'care-certificate@2025' });
    const { report, assignments } = await receiving.onNewStarter({ learner: { id: 's1', name: 'Naomi' }, credentials: [certificate], asOf: '2026-11-23', statusLists: await lms.publishStatusLists() });
    expect(report.rejectedEvidence).toEqual([]);
    expect(assignments[0]).toMatchObject({ kind: 'refresher' });
    expect(assignments.find((assignment) => assignment.courseId === 'BLS')).toMatchObject({ kind: 'refresher' });
    expect(assignments.some((assignment) => assignment.kind === 'observation' && assignment.courseId === undefined)).toBe(true);
    await lms.revoke(certificate);
    const after = await receiving.onNewStarter({ learner: { id: 's2', name: 'Naomi' }, credentials: [certificate], asOf: '2026-11-23', statusLists: await lms.publishStatusLists() });
    expect(after.report.rejectedEvidence).toEqual([expect.objectContaining({ code: 'revoked' })]);
    expect(after.report.summary.standards.gap).toBe(16);
  });

  it('runs as a script (npm start) from its build', () => {
    const script = fileURLToPath(new URL('../dist/run.js', import.meta.url));
    expect(existsSync(script), 'build the example first (npm run build)').toBe(true);
    const run = spawnSync(process.execPath, [script, '2026-11-23'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Employer A issued “The Care Certificate (2015)” to Naomi');
    expect(run.stdout).toMatch(/4 of 16 standards .* recognised .* 4 due a refresher/u);
    expect(run.stdout).toMatch(/\[refresher\] Refresher: 12 Basic life support → course BLS/u);
  });
});
