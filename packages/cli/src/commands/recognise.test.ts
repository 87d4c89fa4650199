import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

let dir: string;
let workerDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);

interface JsonReport {
  target: { ref: string };
  asOf: string;
  summary: { standards: Record<string, number>; hours: { programme: number; plan: number; saved: number } };
  standards: { code: string; title: string; status: string; outcomes?: { code: string; status: string; criteria?: { code: string; status: string; explanation: string; path: unknown[] }[] }[] }[];
  plan: { order: number; kind: string; title: string; hours: number }[];
  evidence: { source?: string; counted: boolean }[];
  rejectedEvidence: { source: string; code: string; message: string }[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-recognise-'));
  await mkdir(join(dir, 'worker'));
  expect((await inDir(['keys', 'generate', '--out', 'employer-a.key.json'])).code).toBe(0);
  workerDid = (await inDir(['keys', 'generate', '--out', 'worker.key.json'])).stdout.trim();
  const issued = await inDir([
    'issue', '--key', 'employer-a.key.json', '--framework', 'care-certificate@2015', '--subject', workerDid, '--issuer-name', 'Sunrise Home Care',
    '--valid-from', '2016-03-01T00:00:00Z', '--created', '2016-03-01T00:00:00Z', '--evidence', 'Observed in practice over 12 weeks', '--out', 'worker/care-certificate-2016.json',
  ]);
  expect(issued.code, issued.stderr).toBe(0);
});

describe('carepass recognise', () => {
  it('prints the --json shape: target, asOf, summary, standards with outcomes and criteria, plan, rejectedEvidence', async () => {
    const run = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', 'worker/', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['target', 'asOf', 'summary', 'standards', 'plan', 'rejectedEvidence']));
    expect(report.target.ref).toBe('care-certificate@2025');
    expect(report.asOf).toBe('2026-11-23');
    expect(report.standards).toHaveLength(16);
    const std1 = report.standards[0];
    expect(std1).toMatchObject({ code: '1', title: 'Understand your role', status: 'partial' });
    expect(std1?.outcomes?.[0]?.criteria?.[0]).toMatchObject({ code: '1.1a', status: 'recognised' });
    expect(std1?.outcomes?.[0]?.criteria?.[0]?.path).toHaveLength(1);
    expect(report.standards.find((standard) => standard.code === '16')?.status).toBe('partial');
    expect(report.standards.find((standard) => standard.code === '12')?.status).toBe('refresh-due');
    expect(report.plan[0]).toMatchObject({ order: 1, kind: 'refresher' });
    expect(report.summary.hours.saved).toBeGreaterThan(0);
    expect(report.evidence).toEqual([expect.objectContaining({ source: 'worker/care-certificate-2016.json', counted: true })]);
    expect(report.rejectedEvidence).toEqual([]);
  });

  it('prints a table a person can read, plain when not a terminal', async () => {
    const run = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', 'worker/care-certificate-2016.json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Recognition of prior learning: The Care Certificate (2025 revision) (care-certificate@2025), as of 2026-11-23');
    expect(run.stdout).toMatch(/16 +Awareness of learning disability and autism +◑ Top-up needed +train 16/u);
    expect(run.stdout).toMatch(/12 +Basic life support +↻ Refresher due +refresh 12/u);
    expect(run.stdout).toContain('Training plan');
    expect(run.stdout).toContain('Sunrise Home Care');
    expect(run.stdout).not.toContain('\u001B[');
  });

  it('prints Markdown with --format markdown', async () => {
    const run = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', '--format', 'markdown', 'worker/']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| Standard | Status | What it needs |');
    expect(run.stdout).toContain('| 16 Awareness of learning disability and autism | Top-up needed |');
  });

  it('reports tampered and unreadable files as rejected, does not count them, and exits 1', async () => {
    const original = JSON.parse(await readFile(join(dir, 'worker/care-certificate-2016.json'), 'utf8')) as Record<string, unknown>;
    await mkdir(join(dir, 'mixed'), { recursive: true });
    await writeFile(join(dir, 'mixed/forged.json'), JSON.stringify({ ...original, awardedDate: '2026-01-01T00:00:00Z', validFrom: '2026-01-01T00:00:00Z' }));
    await writeFile(join(dir, 'mixed/broken.json'), '{ not json');
    const run = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', 'mixed/', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.rejectedEvidence.map((item) => [item.source, item.code])).toEqual([
      ['mixed/broken.json', 'unreadable'],
      ['mixed/forged.json', 'tampered'],
    ]);
    expect(report.summary.standards.gap).toBe(16);
    const human = await inDir(['recognise', '--target', 'care-certificate@2025', 'mixed/forged.json']);
    expect(human.stdout).toMatch(/✗ mixed\/forged\.json: rejected \(tampered\)/u);
  });

  it('reads the credentials inside a presentation', async () => {
    const presented = await inDir(['present', '--key', 'worker.key.json', '--challenge', 'c-123', '--domain', 'employer-b.example', 'worker/care-certificate-2016.json', '--out', 'presentation.json']);
    expect(presented.code, presented.stderr).toBe(0);
    const run = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', 'presentation.json', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.evidence).toEqual([expect.objectContaining({ source: 'presentation.json#verifiableCredential[0]', counted: true })]);
  });

  it('applies policy flags: --no-reobservation, --minimum-coverage, --trust', async () => {
    const lenient = JSON.parse((await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', '--no-reobservation', 'worker/', '--json'])).stdout) as JsonReport;
    expect(lenient.standards.find((standard) => standard.code === '5')?.status).toBe('recognised');
    const strict = JSON.parse((await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', '--minimum-coverage', '1', 'worker/', '--json'])).stdout) as JsonReport;
    expect(strict.summary.standards.partial).toBeGreaterThan(lenient.summary.standards.partial ?? 0);
    expect((await inDir(['keys', 'generate', '--out', 'operator.key.json'])).code).toBe(0);
    expect((await inDir(['trust', 'create', '--key', 'operator.key.json', '--name', 'Nobody we know', '--out', 'empty-registry.json'])).code).toBe(0);
    const untrusted = JSON.parse((await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-23', '--trust', 'empty-registry.json', 'worker/', '--json'])).stdout) as JsonReport;
    expect(untrusted.summary.standards.gap).toBe(16);
    expect(untrusted.evidence[0]).toMatchObject({ counted: false });
  });

  it('refuses bad usage with exit 2 and a one-line message', async () => {
    for (const args of [
      ['recognise', 'worker/'],
      ['recognise', '--target', 'no-such-framework', 'worker/'],
      ['recognise', '--target', 'care-certificate@2025', '--as-of', 'last tuesday', 'worker/'],
      ['recognise', '--target', 'care-certificate@2025', '--format', 'pdf', 'worker/'],
      ['recognise', '--target', 'care-certificate@2025', '--minimum-coverage', '2', 'worker/'],
      ['recognise', '--target', 'care-certificate@2025', 'no-such-dir/'],
    ]) {
      const run = await inDir(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('carepass matrix', () => {
  beforeAll(async () => {
    await mkdir(join(dir, 'staff'));
    const issue = async (args: string[], out: string) => {
      const run = await inDir(['issue', '--key', 'employer-a.key.json', '--issuer-name', 'Sunrise Home Care', ...args, '--out', `staff/${out}`]);
      expect(run.code, run.stderr).toBe(0);
    };
    await issue(['--framework', 'care-certificate@2015', '--subject', 'did:example:naomi', '--valid-from', '2016-03-01T00:00:00Z'], 'naomi-cc.json');
    await issue(['--framework', 'care-certificate@2025', '--code', '12', '--subject', 'did:example:naomi', '--valid-from', '2026-11-01T00:00:00Z'], 'naomi-bls.json');
    for (let index = 0; index < 12; index++) await issue(['--framework', 'care-certificate@2025', '--code', String(10 + (index % 6)), '--subject', `did:example:worker-${index % 4}`, '--valid-from', '2026-06-01T00:00:00Z'], `w${index}.json`);
    await writeFile(join(dir, 'staff', 'broken.json'), '{"not json');
  });

  it('gives every worker and topic a status in the --json shape, and reports a bad file on one line while the rest still run', async () => {
    const run = await inDir(['matrix', 'staff/', '--as-of', '2026-11-28', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/staff\/broken\.json: not valid JSON.*\[INPUT_UNREADABLE\]|✗ staff\/broken\.json: not valid JSON/u)]);
    const matrix = JSON.parse(run.stdout) as { asOf: string; topics: { id: string; title: string; renewalMonths: number | null }[]; workers: { subject: string; entries: { topic: string; title: string; status: string; completed: string | null; expires: string | null; evidence: unknown }[] }[]; rejected: { source: string; code: string }[] };
    expect(Object.keys(matrix)).toEqual(['asOf', 'dueWithinDays', 'topics', 'workers', 'rejected']);
    expect(matrix.asOf).toBe('2026-11-28');
    expect(matrix.topics[0]).toEqual({ id: 'basic-life-support', title: 'Basic life support', renewalMonths: 12, ascWdsCategory: 'Basic life support and first aid' });
    expect(matrix.workers.map((worker) => worker.subject)).toEqual(['did:example:naomi', 'did:example:worker-0', 'did:example:worker-1', 'did:example:worker-2', 'did:example:worker-3']);
    const naomi = matrix.workers[0]?.entries ?? [];
    expect(naomi.find((entry) => entry.topic === 'basic-life-support')).toMatchObject({ status: 'current', completed: '2026-11-01' });
    expect(naomi.find((entry) => entry.topic === 'safeguarding-adults')).toMatchObject({ status: 'expired', completed: '2016-03-01' });
    expect(Object.keys(naomi[0] ?? {})).toEqual(['topic', 'title', 'status', 'completed', 'expires', 'evidence']);
    expect(matrix.rejected).toEqual([expect.objectContaining({ source: 'staff/broken.json', code: 'unreadable' })]);
  });

  it('prints CSV, one row per worker and topic, and a table for people', async () => {
    const csv = await inDir(['matrix', 'staff/naomi-cc.json', 'staff/naomi-bls.json', '--as-of', '2026-11-28', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('subject,topic,title,status,completed,expires,evidence,source');
    expect(rows).toHaveLength(14);
    const table = await inDir(['matrix', 'staff/naomi-cc.json', '--as-of', '2026-11-28']);
    expect(table.stdout).toMatch(/did:example:naomi\n {2}✗ expired {2}Basic life support: completed 2016-03-01, expired 2017-03-01/u);
    expect((await inDir(['matrix', 'staff/', '--json', '--csv'])).code).toBe(2);
    expect((await inDir(['matrix', 'staff/', '--due-within', 'soon'])).code).toBe(2);
  });
  it('writes an ASC-WDS training bulk-upload file with category codes, UK dates and the staff file\'s worker ids', async () => {
    await writeFile(join(dir, 'staff-ids.json'), JSON.stringify({ 'did:example:naomi': 'NAOMI-01' }));
    const run = await inDir(['matrix', 'staff/naomi-cc.json', 'staff/naomi-bls.json', '--as-of', '2026-11-28', '--format', 'asc-wds', '--workplace', 'W1234', '--worker-ids', 'staff-ids.json']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('LOCALESTID,UNIQUEWORKERID,CATEGORY,TRAININGNAME,ACCREDITED,WHODELIVERED,PROVIDERNAME,HOWDELIVERED,VALIDITY,DATECOMPLETED,EXPIRYDATE,NOTES');
    // Basic life support is ASC-WDS category 7; the 2026 completion is the latest and expires in a year.
    const bls = rows.find((row) => row.split(',')[2] === '7')?.split(',');
    expect(bls?.slice(0, 4)).toEqual(['W1234', 'NAOMI-01', '7', 'Basic life support']);
    expect(bls?.slice(9, 11)).toEqual(['01/11/2026', '01/11/2027']);
    expect(bls?.[11]).toMatch(/^Carepass: verified credential urn:uuid:/u);
    const cells = (row: string): string[] => [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/gu)].map((match) => match[1] ?? '');
    expect(rows.map((row) => cells(row).length)).toEqual(rows.map(() => 12));
    // A worker not in --worker-ids keeps its subject as its id, when that fits ASC-WDS (50 characters).
    const long = await inDir(['matrix', 'staff/w0.json', '--as-of', '2026-11-28', '--format', 'asc-wds', '--workplace', 'W1234']);
    expect(long.code).toBe(0);
    expect(long.stdout.trimEnd().split('\r\n')[1]?.split(',')[1]).toBe('did:example:worker-0');
    expect((await inDir(['matrix', 'staff/', '--format', 'asc-wds'])).stderr).toMatch(/--workplace/u);
    expect((await inDir(['matrix', 'staff/', '--format', 'asc-wds'])).code).toBe(2);
    expect((await inDir(['matrix', 'staff/', '--csv', '--format', 'asc-wds', '--workplace', 'W1'])).code).toBe(2);
    expect((await inDir(['matrix', 'staff/', '--workplace', 'W1'])).code).toBe(2);
    expect((await inDir(['matrix', 'staff/', '--format', 'xlsx'])).code).toBe(2);
  });
});
