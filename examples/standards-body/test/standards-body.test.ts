import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateIssuerKey } from '@carepass/credentials';
import { buildPublication, careCertificateToSsscCodes, checkPublishedDocument, learningDisabilityAndAutismAwareness, type PublishedDocument, validateDrafts } from '../src/index.js';

describe('standards-body', () => {
  it('validates the drafts against the frameworks they refer to', () => {
    const { registry, issues } = validateDrafts(learningDisabilityAndAutismAwareness, careCertificateToSsscCodes);
    expect(issues).toEqual([]);
    expect(registry?.getMicroQualification('learning-disability-and-autism-awareness').learningOutcomes).toHaveLength(3);
  });

  it('says what is wrong and where, for each document', () => {
    const brokenMq = { ...learningDisabilityAndAutismAwareness, learningOutcomes: [{ ...learningDisabilityAndAutismAwareness.learningOutcomes[0], competencies: ['care-certificate@2025#99'] }] };
    const mq = validateDrafts(brokenMq, careCertificateToSsscCodes);
    expect(mq.issues[0]).toMatchObject({ document: 'micro-qualification', message: expect.stringContaining('99') });
    const brokenCrosswalk = { ...careCertificateToSsscCodes, mappings: [{ ...careCertificateToSsscCodes.mappings[0], to: '42' }] };
    const crosswalk = validateDrafts(learningDisabilityAndAutismAwareness, brokenCrosswalk);
    expect(crosswalk.issues).toEqual([expect.objectContaining({ document: 'crosswalk', path: '$.mappings[0].to' })]);
    expect(validateDrafts({ type: 'MicroQualification' }, careCertificateToSsscCodes).issues.length).toBeGreaterThan(3);
  });

  it('publishes signed documents whose bytes anyone can check offline', async () => {
    const { registry } = validateDrafts(learningDisabilityAndAutismAwareness, careCertificateToSsscCodes);
    const key = await generateIssuerKey();
    const files = await buildPublication({ microQualification: learningDisabilityAndAutismAwareness, crosswalk: careCertificateToSsscCodes, registry: registry!, key, baseUrl: 'https://standards.example.org/p', publisher: 'Example Sector Skills Body' });
    expect(Object.keys(files).sort()).toEqual([
      'care-certificate-2025-to-sssc-codes.case.json',
      'care-certificate-2025-to-sssc-codes.json',
      'care-certificate-2025-to-sssc-codes.sssom.tsv',
      'learning-disability-and-autism-awareness.case.json',
      'learning-disability-and-autism-awareness.json',
    ]);
    const document = files['learning-disability-and-autism-awareness.json'] as PublishedDocument;
    expect(await checkPublishedDocument(document.bytes, document.credential, { publisher: key.controller })).toEqual({ ok: true, reason: expect.any(String) });
    const edited = new TextEncoder().encode(new TextDecoder().decode(document.bytes).replace('"hours": 3', '"hours": 30'));
    expect(await checkPublishedDocument(edited, document.credential, { publisher: key.controller })).toMatchObject({ ok: false, reason: expect.stringContaining('digest mismatch') });
    const impostor = await generateIssuerKey();
    expect(await checkPublishedDocument(document.bytes, document.credential, { publisher: impostor.controller })).toMatchObject({ ok: false });
    const forged = { ...document.credential, relatedResource: [{ id: document.url, digestSRI: 'sha384-AAAA', mediaType: 'application/json' }] };
    expect(await checkPublishedDocument(document.bytes, forged, { publisher: key.controller })).toMatchObject({ ok: false, reason: expect.stringContaining('does not verify') });
    const casePackage = JSON.parse(new TextDecoder().decode((files['learning-disability-and-autism-awareness.case.json'] as PublishedDocument).bytes)) as { CFItems: unknown[] };
    expect(casePackage.CFItems).toHaveLength(3);
  });

  it('runs as a script (npm start) from its build, writing the published files', async () => {
    const script = fileURLToPath(new URL('../dist/run.js', import.meta.url));
    expect(existsSync(script), 'build the example first (npm run build)').toBe(true);
    const out = await mkdtemp(join(tmpdir(), 'carepass-standards-body-'));
    const run = spawnSync(process.execPath, [script, out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('the plan now suggests: Consider the micro-qualification “Learning disability and autism awareness”');
    expect(run.stdout).toContain('With it: standard 16 is recognised');
    expect((await readdir(out)).filter((name) => name.endsWith('.credential.json'))).toHaveLength(4);
    expect(await readFile(join(out, 'care-certificate-2025-to-sssc-codes.sssom.tsv'), 'utf8')).toContain('skos:relatedMatch');
  });
});
