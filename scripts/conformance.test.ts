import { describe, expect, it } from 'vitest';
import { conformanceMarkdown, localConfig, SUITES } from './conformance.mjs';

describe('the conformance run', () => {
  it('points every suite at the local service only, by the tags each suite selects', () => {
    const config = localConfig({ baseUrl: 'https://127.0.0.1:8443', issuerId: 'did:key:z6Mkexample' });
    expect(config.implementations).toHaveLength(1);
    const [carepass] = config.implementations;
    expect(carepass?.issuers[0]).toMatchObject({ id: 'did:key:z6Mkexample', endpoint: 'https://127.0.0.1:8443/credentials/issue' });
    for (const tag of ['vc-api', 'vc2.0', 'eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020', 'BitstringStatusList']) expect(carepass?.verifiers[0]?.tags).toContain(tag);
    expect(JSON.stringify(config)).not.toMatch(/https:\/\/(?!127\.0\.0\.1)/u);
    expect(SUITES.map((suite) => suite.name)).toHaveLength(6);
  });

  it('reports passed, failed and skipped per suite, and lists every failure with its reason', () => {
    const [first, second] = SUITES as [(typeof SUITES)[number], (typeof SUITES)[number]];
    const page = conformanceMarkdown(
      [
        { suite: first, tests: [{ title: 'a MUST', state: 'passed' }, { title: 'b | MUST', state: 'failed', reason: 'expected 400' }, { title: 'c', state: 'skipped' }] },
        { suite: second, tests: [], error: 'npm install failed' },
      ],
      { date: '2026-11-28', source: 'the copies in `x`' },
    );
    expect(page).toContain(`| [${first.title}](#${first.name}) | 1 | 1 | 1 |`);
    expect(page).toContain('| b \\| MUST | expected 400 |');
    expect(page).toContain('did not run: npm install failed');
  });
});
