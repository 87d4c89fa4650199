import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

// carepass issue --clr: a CLR 2.0 learner record for a whole framework; verify checks each
// credential it holds; recognise and matrix count each one on its own merits.
let dir: string;
let workerDid: string;
const inDir = (args: string[]) => runInMemory(args, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-clr-'));
  await inDir(['keys', 'generate', '--out', 'provider.key.json']);
  workerDid = (await inDir(['keys', 'generate', '--out', 'worker.key.json'])).stdout.trim();
}, 60_000);

describe('carepass issue --clr', () => {
  it('writes a ClrCredential with one signed credential per standard, which verify checks one by one', async () => {
    const issued = await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--subject', workerDid, '--clr', '--valid-from', '2026-01-05T09:00:00Z', '--out', 'transcript.json']);
    expect(issued.code, issued.stderr).toBe(0);
    const clr = JSON.parse(await readFile(join(dir, 'transcript.json'), 'utf8')) as { type: string[]; credentialSubject: { verifiableCredential: unknown[] } };
    expect(clr.type).toContain('ClrCredential');
    const count = clr.credentialSubject.verifiableCredential.length;
    expect(count).toBeGreaterThan(10);
    const verified = await inDir(['verify', 'transcript.json', '--json']);
    expect(verified.code).toBe(0);
    const [result] = JSON.parse(verified.stdout) as { verified: boolean; checks: { check: string; ok: boolean }[]; credentials: { verified: boolean; document?: unknown }[] }[];
    expect(result?.checks.at(-1)).toMatchObject({ check: 'credentials', ok: true });
    expect(result?.credentials).toHaveLength(count);
    expect(result?.credentials.every((entry) => entry.verified && entry.document === undefined)).toBe(true);
    const human = await inDir(['verify', 'transcript.json']);
    expect(human.stdout.match(/credential \d+:/gu)).toHaveLength(count);
  });

  it('counts each credential of the record in recognise and matrix, and refuses a record whose credential was changed', async () => {
    const recognise = await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-28', 'transcript.json', '--json']);
    expect(recognise.code, recognise.stderr).toBe(0);
    const report = JSON.parse(recognise.stdout) as { evidence: unknown[]; standards: { status: string }[] };
    expect(report.evidence.length).toBeGreaterThan(10);
    expect(report.standards.filter((standard) => standard.status === 'gap')).toEqual([]);
    expect((await inDir(['matrix', 'transcript.json', '--as-of', '2026-11-28', '--json'])).code).toBe(0);
    const clr = JSON.parse(await readFile(join(dir, 'transcript.json'), 'utf8'));
    clr.credentialSubject.verifiableCredential[0].name = 'Forged';
    await writeFile(join(dir, 'forged.json'), JSON.stringify(clr));
    const forged = await inDir(['verify', 'forged.json', '--json']);
    expect(forged.code).toBe(1);
    const rejected = JSON.parse((await inDir(['recognise', '--target', 'care-certificate@2025', '--as-of', '2026-11-28', 'forged.json', '--json'])).stdout) as { rejectedEvidence: { source: string; code: string }[] };
    expect(rejected.rejectedEvidence).toEqual([expect.objectContaining({ source: 'forged.json#credentialSubject.verifiableCredential[0]', code: 'tampered' })]);
  });

  it('refuses --clr with --code, --format jwt or --status-list (exit 2)', async () => {
    expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--code', '1', '--subject', workerDid, '--clr'])).code).toBe(2);
    expect((await inDir(['issue', '--key', 'provider.key.json', '--framework', 'care-certificate@2025', '--subject', workerDid, '--clr', '--format', 'jwt'])).code).toBe(2);
  });
});
