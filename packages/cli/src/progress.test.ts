import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

const io = (stderrIsTTY: boolean, env: Record<string, string | undefined> = {}) => {
  const written: string[] = [];
  return { written, io: { stderr: (text: string) => written.push(text), stderrIsTTY, env } };
};

describe('createProgress', () => {
  it('draws a bar on a terminal, at most once per percent, and clears it', () => {
    const { written, io: terminal } = io(true);
    const progress = createProgress(terminal, 'verifying', 1000);
    for (let done = 1; done <= 1000; done++) progress.update(done);
    progress.finish();
    expect(written[0]).toBe(`\rverifying [${'.'.repeat(24)}] 0/1000`);
    expect(written.length).toBeLessThanOrEqual(103);
    expect(written.at(-2)).toBe(`\rverifying [${'#'.repeat(24)}] 1000/1000`);
    expect(written.at(-1)).toMatch(/^\r +\r$/u);
  });

  it('stays silent when standard error is not a terminal, in CI, or for a single item', () => {
    for (const [tty, env, total] of [[false, {}, 10], [true, { CI: 'true' }, 10], [true, {}, 1]] as const) {
      const { written, io: quiet } = io(tty, env);
      const progress = createProgress(quiet, 'verifying', total);
      progress.update(total);
      progress.finish();
      expect(written).toEqual([]);
    }
  });
});
