// Batch verification on every core: worker threads verify chunks of credentials (or read and
// verify files) while the calling thread verifies alongside them, hands out work and yields
// results in input order. Only a bounded number of credentials is ever in flight, so memory stays
// flat however long the input.
import { availableParallelism } from 'node:os';
import { CarepassError, type DateInput, parseDateInput } from '@carepass/frameworks';
import { type BatchSettings, batchSettings, type PreparedVerifier, prepareVerifier, SMALL_BATCH, type VerifyCredentialFileResult, type VerifyCredentialBatchOptions } from './batch-verifier.js';
import type { VerifyCredentialResult } from '../verify/verify.js';
import { CHUNK, CHUNKS_PER_WORKER, type Kind, startWorkers, type Workers } from './batch-workers.js';

function iteratorOf(source: unknown, what: string): AsyncIterator<unknown> | Iterator<unknown> {
  if (typeof source === 'object' && source !== null) {
    const asyncIterate = (source as AsyncIterable<unknown>)[Symbol.asyncIterator];
    if (typeof asyncIterate === 'function') return asyncIterate.call(source);
    const iterate = (source as Iterable<unknown>)[Symbol.iterator];
    if (typeof iterate === 'function') return iterate.call(source);
  }
  throw new CarepassError('INVALID_ARGUMENT', `${what} must be an array or an iterable (sync or async)`);
}

/** Pulls a batch's items (credentials, or paths) one at a time from a sync or async iterable, remembering when it ended. */
function reader(source: unknown, kind: Kind) {
  const iterator = iteratorOf(source, kind === 'files' ? 'paths' : 'credentials');
  const state = {
    exhausted: false,
    async take(): Promise<{ value: unknown } | undefined> {
      if (state.exhausted) return undefined;
      const next = await iterator.next();
      if (next.done) {
        state.exhausted = true;
        return undefined;
      }
      if (kind === 'files' && typeof next.value !== 'string') throw new CarepassError('INVALID_ARGUMENT', 'every path must be a string');
      return { value: next.value };
    },
    async close(): Promise<void> {
      // The caller stopped early: let the source close (a file handle, a database cursor).
      if (!state.exhausted) await (iterator as AsyncIterator<unknown>).return?.();
    },
  };
  return state;
}

/** The threads a batch runs on: the calling thread's verifier and any workers. */
interface Engine {
  local: PreparedVerifier;
  workers: Workers | undefined;
  /** Credentials verified in the calling thread. */
  here: { verified: number };
}

async function* runBatch(kind: Kind, input: ReturnType<typeof reader>, head: unknown[], engine: Engine, now: Date): AsyncGenerator<unknown, void, undefined> {
  const { local, workers } = engine;
  const verify = (item: unknown) => {
    engine.here.verified++;
    return kind === 'files' ? local.file(item as string, now) : local.credential(item, now);
  };
  // Set once the caller has stopped reading: chunks a dying worker leaves behind are then dropped,
  // not verified again for nobody.
  let abandoned = false;
  const verifyHere = async (chunk: unknown[]) => {
    const results: unknown[] = [];
    for (const item of chunk) {
      if (abandoned) break;
      results.push(await verify(item));
    }
    return results;
  };
  if (!workers) {
    for (const item of head) yield await verify(item);
    for (let item = await input.take(); item; item = await input.take()) yield await verify(item.value);
    return;
  }
  // The calling thread verifies chunks itself while the workers start and whenever they have
  // enough queued, so no core idles and nothing waits on a worker's start. Results are yielded in
  // input order; at most `maxPending` chunks are in flight.
  const pending: { results?: unknown[]; done?: Promise<unknown> }[] = [];
  const maxPending = CHUNKS_PER_WORKER * 8;
  try {
    for (;;) {
      while (pending[0]?.results) for (const result of (pending.shift() as { results: unknown[] }).results) yield result;
      if (pending.length < maxPending) {
        const chunk = head.splice(0, CHUNK);
        while (chunk.length < CHUNK) {
          const item = await input.take();
          if (!item) break;
          chunk.push(item.value);
        }
        if (chunk.length > 0) {
          const member = workers.available();
          let sent: Promise<unknown[]> | undefined;
          try {
            sent = member ? workers.run(member, { kind, items: chunk, nowMs: now.getTime() }) : undefined;
          } catch {
            sent = undefined; // something in the chunk cannot be copied to a thread (a function, a symbol): verified here
          }
          if (sent) {
            const slot: (typeof pending)[number] = {};
            // If the worker dies, its chunk is verified here instead: nothing is lost.
            slot.done = sent.then(
              (results) => (slot.results = results),
              async () => (slot.results = await verifyHere(chunk)),
            );
            pending.push(slot);
          } else {
            pending.push({ results: await verifyHere(chunk) });
            // Verification settles in microtasks: give the event loop a turn, so that the workers'
            // messages (ready, results) are received between chunks verified here.
            await new Promise((resume) => setImmediate(resume));
          }
          continue;
        }
      }
      const oldest = pending[0];
      if (!oldest) break;
      await oldest.done;
    }
  } finally {
    abandoned = true;
  }
}

/**
 * Verifies batches of credentials on a set of worker threads kept warm between batches: what a
 * verification service holds for its lifetime. Create it once, call {@link VerificationPool.verify},
 * {@link VerificationPool.stream} or {@link VerificationPool.files} as often as needed, from
 * concurrent requests too, and {@link VerificationPool.close} it at shutdown. Idle workers never
 * keep the process alive.
 */
export interface VerificationPool {
  /** Verifies credentials and returns their results in input order. */
  verify(credentials: Iterable<unknown> | AsyncIterable<unknown>, options?: { now?: DateInput }): Promise<VerifyCredentialResult[]>;
  /** Verifies credentials and yields each result, in input order, as soon as it is ready. */
  stream(credentials: Iterable<unknown> | AsyncIterable<unknown>, options?: { now?: DateInput }): AsyncGenerator<VerifyCredentialResult, void, undefined>;
  /** Reads and verifies credential files, yielding `{ file, ...result }` in input order. */
  files(paths: Iterable<string> | AsyncIterable<string>, options?: { now?: DateInput }): AsyncGenerator<VerifyCredentialFileResult, void, undefined>;
  /**
   * Resolves when every worker thread has started and built its verifier (or failed to): a service
   * can await it at start-up. Batches do not need to: until then the calling thread verifies alone.
   */
  ready(): Promise<void>;
  /** Stops the worker threads. Batches still running finish in the calling thread. */
  close(): Promise<void>;
  /** How the work has been shared out so far: for monitoring, and to see that the workers are used. */
  stats(): VerificationPoolStats;
}

/** What {@link VerificationPool.stats} reports. */
export interface VerificationPoolStats {
  /** Worker threads started (threads - 1). */
  workers: number;
  /** Workers ready to take work now (0 after close, or while they start). */
  readyWorkers: number;
  /** Credentials verified by the workers. */
  verifiedByWorkers: number;
  /** Credentials verified in the calling thread. */
  verifiedInCallingThread: number;
}

const clockOf = (settings: BatchSettings, options: { now?: DateInput } | undefined): Date => {
  const now = options?.now;
  if (now !== undefined) return parseDateInput(now, 'options.now');
  return settings.nowMs !== undefined ? new Date(settings.nowMs) : new Date();
};

/**
 * Starts a {@link VerificationPool}: `threads - 1` worker threads (default one per core) plus the
 * calling thread. A server keeps one for its lifetime, so every batch runs on warm threads; for a
 * single batch, {@link verifyCredentials} or {@link verifyCredentialStream} start and stop one.
 * The trust registries are verified once, when each thread starts.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for options that are not plain data.
 * @example
 * ```ts
 * const pool = createVerificationPool({ statusLists, trustRegistries: [registry] });
 * app.post('/verify-batch', async (request) => pool.verify(request.body.credentials));
 * process.on('SIGTERM', () => pool.close());
 * ```
 */
export function createVerificationPool(options: VerifyCredentialBatchOptions = {}): VerificationPool {
  const settings = batchSettings(options);
  const threads = options.threads ?? availableParallelism();
  return poolOf(settings, threads);
}

function poolOf(settings: BatchSettings, threads: number): VerificationPool {
  let local: Promise<PreparedVerifier> | undefined;
  // Closed workers are never ready again, so batches still running carry on in the calling thread.
  const workers = threads > 1 ? startWorkers(threads - 1, settings) : undefined;
  let closed = false;
  const here = { verified: 0 };
  const engine = async (): Promise<Engine> => {
    local ??= prepareVerifier(settings);
    return { local: await local, workers, here };
  };
  async function* run(kind: Kind, source: unknown, options: { now?: DateInput } | undefined): AsyncGenerator<unknown, void, undefined> {
    if (closed) throw new CarepassError('INVALID_ARGUMENT', 'the verification pool is closed');
    const input = reader(source, kind);
    try {
      yield* runBatch(kind, input, [], await engine(), clockOf(settings, options));
    } finally {
      await input.close();
    }
  }
  return {
    async verify(credentials, options) {
      const results: VerifyCredentialResult[] = [];
      for await (const result of run('credentials', credentials, options)) results.push(result as VerifyCredentialResult);
      return results;
    },
    stream: (credentials, options) => run('credentials', credentials, options) as AsyncGenerator<VerifyCredentialResult, void, undefined>,
    files: (paths, options) => run('files', paths, options) as AsyncGenerator<VerifyCredentialFileResult, void, undefined>,
    async ready() {
      await workers?.started();
    },
    async close() {
      closed = true;
      await workers?.close();
    },
    stats: () => ({ workers: workers?.counts.started ?? 0, readyWorkers: workers?.counts.ready() ?? 0, verifiedByWorkers: workers?.counts.verified ?? 0, verifiedInCallingThread: here.verified }),
  };
}

/** A one-off batch: looks ahead, verifies a small batch here, otherwise starts a pool for the batch and stops it after. */
async function* oneBatch(kind: Kind, source: unknown, options: VerifyCredentialBatchOptions): AsyncGenerator<unknown, void, undefined> {
  const input = reader(source, kind);
  const settings = batchSettings(options);
  const now = clockOf(settings, undefined);
  try {
    const head: unknown[] = [];
    if (options.threads === undefined) {
      while (head.length < SMALL_BATCH) {
        const item = await input.take();
        if (!item) break;
        head.push(item.value);
      }
    }
    const threads = options.threads === undefined && input.exhausted ? 1 : (options.threads ?? availableParallelism());
    const workers = threads > 1 ? startWorkers(threads - 1, settings) : undefined;
    try {
      yield* runBatch(kind, input, head, { local: await prepareVerifier(settings), workers, here: { verified: 0 } }, now);
    } finally {
      await workers?.close();
    }
  } finally {
    await input.close();
  }
}

/**
 * Verifies many credentials on every core and yields each result, in input order, as soon as it
 * and those before it are ready. The input can be an array or any iterable, including an async one
 * that reads from a database or a stream: only a few hundred credentials are in flight at once, so
 * memory stays flat however many there are. Each result is what {@link verifyCredential} returns
 * for that credential with the same options. A batch of fewer than {@link SMALL_BATCH} credentials
 * is verified in the calling thread; a service verifying batches all day keeps a
 * {@link createVerificationPool} instead.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT` for options that are not plain data (pass
 * `didDocuments`, `statusLists` and `trustRegistries`, not functions) or an input that is not
 * iterable.
 * @example
 * ```ts
 * for await (const result of verifyCredentialStream(readCredentialsFromDatabase(), { statusLists })) {
 *   if (!result.verified) console.log(result.credential.id, result.status);
 * }
 * ```
 */
export function verifyCredentialStream(credentials: Iterable<unknown> | AsyncIterable<unknown>, options: VerifyCredentialBatchOptions = {}): AsyncGenerator<VerifyCredentialResult, void, undefined> {
  return oneBatch('credentials', credentials, options) as AsyncGenerator<VerifyCredentialResult, void, undefined>;
}

/**
 * Verifies many credentials on every core and returns their results in input order: the array
 * form of {@link verifyCredentialStream}, for inputs that fit in memory.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT`, as {@link verifyCredentialStream}.
 * @example
 * ```ts
 * const results = await verifyCredentials(credentials, { statusLists, trustRegistries: [registry] });
 * console.log(results.filter((result) => result.verified).length, 'verified');
 * ```
 */
export async function verifyCredentials(credentials: Iterable<unknown> | AsyncIterable<unknown>, options: VerifyCredentialBatchOptions = {}): Promise<VerifyCredentialResult[]> {
  const results: VerifyCredentialResult[] = [];
  for await (const result of verifyCredentialStream(credentials, options)) results.push(result);
  return results;
}

/**
 * Reads and verifies credential files on every core, yielding `{ file, ...result }` in input
 * order. The worker threads read the files themselves, so the calling thread only hands out paths:
 * this is how `carepass verify <folder>` checks 100,000 credentials with flat memory. A file that
 * cannot be read or is not JSON gives a result whose `parse` check has the code `unreadable`.
 *
 * @throws {@link CarepassError} `INVALID_ARGUMENT`, as {@link verifyCredentialStream}.
 * @example
 * ```ts
 * for await (const result of verifyCredentialFiles(paths)) console.log(result.file, result.status);
 * ```
 */
export function verifyCredentialFiles(paths: Iterable<string> | AsyncIterable<string>, options: VerifyCredentialBatchOptions = {}): AsyncGenerator<VerifyCredentialFileResult, void, undefined> {
  return oneBatch('files', paths, options) as AsyncGenerator<VerifyCredentialFileResult, void, undefined>;
}
