import type { CliIo } from './io.js';

/** A progress bar on standard error; does nothing unless standard error is a terminal. */
export interface Progress {
  /** Records that `done` of the total are finished. */
  update(done: number): void;
  /** Clears the bar. */
  finish(): void;
}

const WIDTH = 24;

/** Starts a progress bar for `total` items, drawn only when stderr is a terminal and there is more than one item. */
export function createProgress(io: Pick<CliIo, 'stderr' | 'stderrIsTTY' | 'env'>, label: string, total: number): Progress {
  if (!io.stderrIsTTY || total < 2 || io.env.CI !== undefined) return { update: () => undefined, finish: () => undefined };
  let last = -1;
  const draw = (done: number) => {
    const filled = Math.round((done / total) * WIDTH);
    io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total}`);
  };
  draw(0);
  return {
    update(done) {
      // Redraw at most once per percent, so thousands of files do not flood the terminal.
      const step = Math.floor((done / total) * 100);
      if (step === last && done !== total) return;
      last = step;
      draw(done);
    },
    finish() {
      io.stderr(`\r${' '.repeat(label.length + WIDTH + 24)}\r`);
    },
  };
}
