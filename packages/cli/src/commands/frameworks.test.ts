import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInMemory } from '@carepass/test-support';

const CASE_SAMPLES = join(import.meta.dirname, '../../../../fixtures/vectors/case');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carepass-cli-'));
});

describe('carepass frameworks list', () => {
  it('lists the built-ins as JSON with refs and types', async () => {
    const run = await runInMemory(['frameworks', 'list', '--json']);
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as { ref: string; type: string; latest: boolean }[];
    expect(entries.map((entry) => entry.ref)).toEqual(expect.arrayContaining(['care-certificate@2015', 'care-certificate@2025']));
    expect(entries.find((entry) => entry.ref === 'care-certificate@2025')?.latest).toBe(true);
    expect(entries.some((entry) => entry.type === 'MicroQualification')).toBe(true);
  });

  it('prints a table for people', async () => {
    const run = await runInMemory(['frameworks', 'list']);
    expect(run.stdout.split('\n')[0]).toMatch(/^REFERENCE\s+KIND\s+STATUS\s+ITEMS\s+TITLE$/);
    expect(run.stdout).toContain('care-certificate@2015');
  });
});

describe('carepass frameworks show', () => {
  it('shows the latest version as a tree', async () => {
    const run = await runInMemory(['frameworks', 'show', 'care-certificate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('care-certificate@2025');
    expect(run.stdout).toMatch(/^16 {2}Awareness of learning disability and autism/m);
  });

  it('prints JSON that passes validate', async () => {
    const shown = await runInMemory(['frameworks', 'show', 'care-certificate@2015', '--json']);
    const file = join(dir, 'cc2015.json');
    await writeFile(file, shown.stdout);
    const validated = await runInMemory(['frameworks', 'validate', file]);
    expect(validated.code).toBe(0);
    expect(validated.stdout.split('\n')[0]).toMatch(new RegExp(`^valid: ${file.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')} is framework care-certificate@2015(, with \\d+ warnings?)?$`, 'u'));
  });

  it('exits 2 with one line for an unknown framework', async () => {
    const run = await runInMemory(['frameworks', 'show', 'nursing-midwifery']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('FRAMEWORK_NOT_FOUND');
  });
});

describe('carepass frameworks validate', () => {
  it('exits 1 and prints each issue with its JSON path', async () => {
    const shown = JSON.parse((await runInMemory(['frameworks', 'show', 'care-certificate@2015', '--json'])).stdout);
    shown.competencies[1].code = '1';
    delete shown.publisher;
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(shown));
    const run = await runInMemory(['frameworks', 'validate', file, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { valid: boolean; issues: { code: string; path: string }[] };
    expect(report.valid).toBe(false);
    expect(report.issues).toContainEqual(expect.objectContaining({ path: '$.publisher', code: 'invalid_type' }));
  });

  it('warns about content an assessor could not sign off, and leaves the document valid', async () => {
    const shown = JSON.parse((await runInMemory(['frameworks', 'show', 'care-certificate@2015', '--json'])).stdout);
    shown.slug = 'my-standards';
    shown.id = 'https://example.org/frameworks/my-standards/1';
    delete shown.supersedes;
    const outcome = shown.competencies[0].children[0];
    outcome.children[0].title = 'The main duties of the role';
    outcome.children[1].provenance = { confidence: 'confirmed', sources: [] };
    outcome.children[1].title = 'Describe the standards (TBC)';
    shown.competencies[0].children[1].children = [];
    const file = join(dir, 'warned.json');
    await writeFile(file, JSON.stringify(shown));
    const run = await runInMemory(['frameworks', 'validate', file, '--json']);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as { valid: boolean; warnings: { code: string; path: string }[] };
    expect(report.valid).toBe(true);
    const codes = report.warnings.map((warning) => `${warning.code} ${warning.path}`);
    expect(codes).toEqual(expect.arrayContaining([
      'criterion_without_verb $.competencies[0].children[0].children[0].title',
      'placeholder_confirmed $.competencies[0].children[0].children[1].title',
      'citation_missing $.competencies[0].children[0].children[1].provenance',
      'outcome_without_criteria $.competencies[0].children[1]',
    ]));
    const human = await runInMemory(['frameworks', 'validate', file]);
    expect(human.stdout).toMatch(/^valid: .* with \d+ warnings\n {2}warning \$\.competencies\[0\]\.children\[0\]\.children\[0\]\.title: criterion 1\.1a does not open with a command verb/u);
  });

  it('checks micro-qualification references against the built-ins and --with documents', async () => {
    const mq = JSON.parse((await runInMemory(['frameworks', 'list', '--json'])).stdout).find((entry: { type: string }) => entry.type === 'MicroQualification');
    const document = JSON.parse((await runInMemory(['frameworks', 'show', mq.ref, '--json'])).stdout);
    document.learningOutcomes[0].competencies = ['care-certificate@2025#99.9z'];
    const file = join(dir, 'mq.json');
    await writeFile(file, JSON.stringify(document));
    const run = await runInMemory(['frameworks', 'validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('$.learningOutcomes[0].competencies[0]');
  });

  it('exits 2 for unreadable input, naming the file', async () => {
    const file = join(dir, 'not-json.json');
    await writeFile(file, '{"type": ');
    for (const args of [['frameworks', 'validate', file], ['frameworks', 'validate', join(dir, 'missing.json')], ['frameworks', 'validate']]) {
      const run = await runInMemory(args);
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await runInMemory(['frameworks', 'validate', file])).stderr).toContain('not valid JSON');
  });
});

describe('carepass frameworks export and import', () => {
  it('round-trips a built-in framework through CASE', async () => {
    const caseFile = join(dir, 'cc2025.case.json');
    const exported = await runInMemory(['frameworks', 'export', 'care-certificate@2025', '--format', 'case', '--out', caseFile]);
    expect(exported.code).toBe(0);
    const imported = await runInMemory(['frameworks', 'import', caseFile, '--format', 'case']);
    expect(imported.code).toBe(0);
    const original = JSON.parse((await runInMemory(['frameworks', 'show', 'care-certificate@2025', '--json'])).stdout);
    expect(JSON.parse(imported.stdout)).toEqual(original);
  });

  it('exports identical CASE twice', async () => {
    const a = await runInMemory(['frameworks', 'export', 'care-certificate@2015', '--format', 'case']);
    const b = await runInMemory(['frameworks', 'export', 'care-certificate@2015', '--format', 'case']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('exports the JSON Schema of the model', async () => {
    const run = await runInMemory(['frameworks', 'export', 'care-certificate', '--format', 'json-schema']);
    expect(JSON.parse(run.stdout)).toMatchObject({ $id: 'https://w3id.org/carepass/schemas/framework.json' });
  });

  it('imports a real OpenSALT package and writes a valid framework', async () => {
    const out = join(dir, 'act.json');
    const run = await runInMemory(['frameworks', 'import', join(CASE_SAMPLES, 'opensalt-act-holistic-math-ordering.json'), '--format', 'case', '--out', out]);
    expect(run.code).toBe(0);
    expect((await runInMemory(['frameworks', 'validate', out])).code).toBe(0);
  });

  it('exits 1 for JSON that is not a CASE package and writes no output file', async () => {
    const input = join(dir, 'not-case.json');
    await writeFile(input, '{"hello": "world"}');
    const out = join(dir, 'should-not-exist.json');
    const run = await runInMemory(['frameworks', 'import', input, '--format', 'case', '--out', out]);
    expect(run.code).toBe(1);
    expect(await readdir(dir)).not.toContain('should-not-exist.json');
  });

  it('rejects a missing or unknown --format with exit 2', async () => {
    expect((await runInMemory(['frameworks', 'export', 'care-certificate'])).code).toBe(2);
    expect((await runInMemory(['frameworks', 'export', 'care-certificate', '--format', 'xml'])).stderr).toContain('--format must be case, json or json-schema, not "xml"');
  });

  it('writes --out whole', async () => {
    const out = join(dir, 'schema.json');
    await runInMemory(['frameworks', 'export', 'care-certificate', '--format', 'json-schema', '--out', out]);
    expect(JSON.parse(await readFile(out, 'utf8'))).toHaveProperty('$schema');
  });
});

describe('carepass frameworks show --depth', () => {
  it('limits the tree to the standards', async () => {
    const run = await runInMemory(['frameworks', 'show', 'care-certificate@2015', '--depth', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^15 {2}Infection prevention and control/m);
    expect(run.stdout).not.toMatch(/^\s+1\.1 {2}/m);
  });

  it('rejects a depth that is not a positive whole number', async () => {
    expect((await runInMemory(['frameworks', 'show', 'care-certificate', '--depth', 'two'])).code).toBe(2);
    expect((await runInMemory(['frameworks', 'show', 'care-certificate', '--depth', '0'])).code).toBe(2);
  });
});
