import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

// VC-JWT through the CLI: `issue --format jwt`, `verify` of .jwt files and JWT text, and JWT
// credentials as evidence for `recognise` and `matrix`.
let dir: string;
let workerDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-jwt-'));
  expect((await inDir(['keys', 'generate', '--out', 'employer.key.json'])).code).toBe(0);
  workerDid = (await inDir(['keys', 'generate', '--out', 'worker.key.json'])).stdout.trim();
  await mkdir(join(dir, 'worker'));
});

describe('carepass and VC-JWTs', () => {
  it('issues a compact JWT that verify reads from a .jwt file and from a file of JWT text, with the --json shape of JSON credentials', async () => {
    const issued = await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2025', '--code', '15', '--subject', workerDid, '--valid-from', '2026-01-05T09:00:00Z', '--format', 'jwt', '--out', 'worker/standard-15.jwt']);
    expect(issued.code, issued.stderr).toBe(0);
    const jwt = (await readFile(join(dir, 'worker/standard-15.jwt'), 'utf8')).trim();
    expect(jwt).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    await writeFile(join(dir, 'pasted.txt'), `\n${jwt}\n`);
    const verified = await inDir(['verify', 'worker/standard-15.jwt', 'pasted.txt', '--json']);
    expect(verified.code, verified.stdout).toBe(0);
    const results = JSON.parse(verified.stdout) as { file: string; verified: boolean; credential: { proofs: { type: string }[]; alignments: unknown[] } }[];
    expect(results.map((result) => [result.file, result.verified, result.credential.proofs[0]?.type])).toEqual([
      ['worker/standard-15.jwt', true, 'JWT'],
      ['pasted.txt', true, 'JWT'],
    ]);
    expect(results[0]?.credential.alignments.length).toBeGreaterThan(0);
    const stdout = await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2025', '--code', '15', '--subject', workerDid, '--format', 'jwt', '--jwt-profile', 'vc-jose-cose']);
    expect(stdout.code).toBe(0);
    expect(JSON.parse(Buffer.from(stdout.stdout.split('.')[0] as string, 'base64url').toString())).toMatchObject({ typ: 'vc+jwt' });
  });

  it('refuses a tampered .jwt and a .jwt that is not a JWT, exit 1', async () => {
    const jwt = (await readFile(join(dir, 'worker/standard-15.jwt'), 'utf8')).trim();
    const [head, body, signature] = jwt.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    await writeFile(join(dir, 'tampered.jwt'), `${head}.${Buffer.from(JSON.stringify({ ...payload, name: 'Forged' })).toString('base64url')}.${signature}`);
    await writeFile(join(dir, 'notajwt.jwt'), '{"not": "a jwt"}');
    const run = await inDir(['verify', 'tampered.jwt', 'notajwt.jwt', '--json']);
    expect(run.code).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; verified: boolean; checks: { ok: boolean; code: string }[] }[];
    expect(results.map((result) => [result.file, result.checks.find((check) => !check.ok)?.code])).toEqual([
      ['tampered.jwt', 'signature_invalid'],
      ['notajwt.jwt', 'unreadable'],
    ]);
  });

  it('counts JWT credentials as evidence in recognise and matrix, beside JSON ones', async () => {
    expect((await inDir(['issue', '--key', 'employer.key.json', '--framework', 'care-certificate@2025', '--code', '1', '--subject', workerDid, '--valid-from', '2026-01-05T09:00:00Z', '--out', 'worker/standard-1.json'])).code).toBe(0);
    const recognise = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-28', 'worker/', '--json']);
    expect(recognise.code, recognise.stderr).toBe(0);
    const report = JSON.parse(recognise.stdout) as { evidence: { source?: string }[]; rejectedEvidence: unknown[]; standards: { code: string; status: string }[] };
    expect(report.rejectedEvidence).toEqual([]);
    expect(report.evidence).toHaveLength(2);
    const byCode = Object.fromEntries(report.standards.map((standard) => [standard.code, standard.status]));
    expect(byCode['15']).toBe(byCode['1']);
    expect(byCode['15']).not.toBe('gap');
    const matrix = await inDir(['matrix', 'worker/', '--as-of', '2026-11-28', '--json']);
    expect(matrix.code, matrix.stderr).toBe(0);
    expect((JSON.parse(matrix.stdout) as { rejected: unknown[] }).rejected).toEqual([]);
  });
});
