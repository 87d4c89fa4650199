/** Where the CLI reads and writes; injected so tests run commands in-process. */
export interface CliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Directory that relative paths resolve against. */
  cwd: string;
  /** Whether standard output is a terminal (colour, tables). */
  isTTY: boolean;
  /** Whether standard error is a terminal (progress bars); default false. */
  stderrIsTTY?: boolean;
  /** Environment variables (NO_COLOR, FORCE_COLOR). */
  env: Record<string, string | undefined>;
  /** Resolves once standard output has taken what was written (a slow pipe); default at once. */
  drain?: () => Promise<void>;
}

/** The process's real standard streams, working directory and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    drain: () => drained(process.stdout),
  };
}

/** Resolves when a stream has drained, or has closed or failed (a reader that went away must not hang the CLI). */
function drained(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((done) => {
    const finish = () => {
      stream.off('drain', finish);
      stream.off('close', finish);
      stream.off('error', finish);
      done();
    };
    stream.on('drain', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
}
