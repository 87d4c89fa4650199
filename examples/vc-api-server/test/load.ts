// Test-only: a bounded load generator and a way to run the built service as a real process, so
// the load tests can kill it with SIGKILL and start it again on the same database.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a load run did: each request's result by position, and the failures. */
export interface LoadResult<T> {
  results: (T | undefined)[];
  errors: { position: number; error: unknown }[];
}

/**
 * Runs `count` requests with at most `concurrency` in flight (a fixed count, not a duration, so the
 * test does the same work on any machine). `request` gets the request's position.
 */
export async function runLoad<T>(options: { count: number; concurrency: number; request: (position: number) => Promise<T> }): Promise<LoadResult<T>> {
  const results: (T | undefined)[] = new Array<T | undefined>(options.count).fill(undefined);
  const errors: LoadResult<T>['errors'] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const position = next++;
      try {
        results[position] = await options.request(position);
      } catch (error) {
        errors.push({ position, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  return { results, errors };
}

/** The service running as a child process (`node dist/main.js`). */
export interface ServiceProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Stops it with a signal and waits for it to exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts the built service in `cwd` on a free port of 127.0.0.1 and waits until it listens. */
export async function startServiceProcess(cwd: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  // Vitest puts Vite's BASE_URL ("/") into process.env: the service must not inherit it.
  const { BASE_URL: _viteBase, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], { cwd, env: { ...inherited, PORT: '0', HOST: '127.0.0.1', AUTH: 'none', ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/u.exec(out)?.[0];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${String(code)}) before listening: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** POSTs JSON and returns the status and parsed body; network failures reject. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
