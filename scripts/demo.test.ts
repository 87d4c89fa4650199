import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DEMO = fileURLToPath(new URL('./demo.mjs', import.meta.url));

// The demo runs against the built packages (`npm test` builds before it tests).
describe('npm run demo', () => {
  it('tells the story end to end, plain when not a terminal', () => {
    const run = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).not.toContain('\u001B[');
    for (const heading of ['A standards body publishes', 'issues Naomi\'s Care Certificate in 2016', 'presents her credentials', 'Employer B verifies', 'assesses her against the 2025 Care Certificate', 'Every decision can be explained']) {
      expect(out).toContain(heading);
    }
    expect(out).toContain('✓ presentation verified');
    expect(out).toContain('✓ status: not revoked or suspended');
    expect(out).toContain('✓ trust: trusted by Register of endorsed care training providers: Sunrise Home Care');
    expect(out).toMatch(/✗ edited copy: rejected \(tampered\)/u);
    expect(out).toMatch(/QuickCerts Online.*not counted: its issuer is not in the trust registry/u);
    expect(out).toMatch(/12 +Basic life support +↻ Refresher due/u);
    expect(out).toMatch(/1 +Understand your role +◑ Top-up needed +train 1\.1e; observe 1\.2d/u);
    expect(out).toContain('Training plan');
    expect(out).toMatch(/Naomi keeps \d+% of her Care Certificate \(about [\d.]+ of [\d.]+ notional hours\)/u);
    expect(out).toContain('Hours are estimated, not published');
    // Training that must still be current: safeguarding from 2016 is due, with the rule's source
    // (standard 10 also has a criterion new in 2025, 10.1j, so it needs a top-up too).
    expect(out).toMatch(/10 +Adult safeguarding +◑ Top-up needed +refresh 10\.1a, .*; train 10\.1j/u);
    expect(out).toMatch(/renewed every 36 months \(the refresh period of the training topic “safeguarding-adults”/u);
    expect(out).toMatch(/through The Oliver McGowan Mandatory Training on Learning Disability and Autism, Tier 1: 2\.5 h/u);
    expect(out).toContain('mandatory-training matrix for CQC');
    expect(out).toMatch(/✗ Safeguarding adults +expired +completed 2016-03-01, refresh by 2019-03-01/u);
    expect(out).toMatch(/edited copy: not counted \(tampered\)/u);
    // The wallet chapter: OpenID4VCI into her wallet, OpenID4VP out of it, over 127.0.0.1.
    expect(out).toContain('Into Naomi\'s wallet and back');
    expect(out).toMatch(/her wallet receives it, bound to her key \(1 credential from http:\/\/127\.0\.0\.1:\d+\/oid4vci\)/u);
    expect(out).toMatch(/her wallet presents 2 credentials to Employer B: accepted/u);
    expect(out).toMatch(/standard 12, Basic life support, is now recognised/u);
  });
});
