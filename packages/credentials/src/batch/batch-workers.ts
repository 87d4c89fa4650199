// The worker threads of batch verification: starting them, handing each a chunk of work, and
// collecting what comes back. Node-only, like batch.ts.
import { Worker } from 'node:worker_threads';
import { CarepassError } from '@carepass/frameworks';
import type { BatchSettings } from './batch-verifier.js';
import type { WorkerReply, WorkerTask } from './verify-worker.js';

/** Credentials (or paths) in a chunk sent to a worker at once. */
export const CHUNK = 16;
/** Chunks queued per worker: enough to keep it busy while results travel back, no more. */
export const CHUNKS_PER_WORKER = 4;

/** What a batch verifies: credentials, or files of them. */
export type Kind = WorkerTask['kind'];

/** Set to true by the build (tsup `define`); absent when this repository's tests run the TypeScript source. */
declare const CAREPASS_BUILT: boolean | undefined;

/** Where the worker script is: beside this module once built; the TypeScript source in this repository's tests. */
function workerScript(): { url: URL; fromSource: boolean } {
  const here = import.meta.url;
  if (typeof CAREPASS_BUILT === 'undefined' && here.endsWith('.ts')) return { url: new URL('./verify-worker.ts', here), fromSource: true };
  return { url: new URL(here.endsWith('.cjs') ? './verify-worker.cjs' : './verify-worker.js', here), fromSource: false };
}

function spawn(settings: BatchSettings): Worker {
  const { url, fromSource } = workerScript();
  if (typeof CAREPASS_BUILT === 'undefined' && fromSource) {
    // Running from TypeScript (this repository's own tests): load the worker through tsx. The
    // build defines CAREPASS_BUILT, so this branch is left out of the published package.
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
    return new Worker(bootstrap, { eval: true, workerData: settings, execArgv: ['--conditions', '@carepass/source'] });
  }
  return new Worker(url, { workerData: settings });
}

export interface PoolMember {
  worker: Worker;
  /** Settles when the worker is ready, or has failed. */
  started: Promise<void>;
  /** Has built its verifier and is alive. */
  ready: boolean;
  waiting: Map<number, { resolve: (results: unknown[]) => void; reject: (error: Error) => void }>;
}

export interface Workers {
  /** Workers started, workers ready now, and credentials their results came back for. */
  readonly counts: { started: number; ready: () => number; verified: number };
  /** Settles when every worker is ready or has failed. */
  started(): Promise<void>;
  /** A worker that is ready and has room for another chunk, if any. */
  available(): PoolMember | undefined;
  /** Sends a chunk; throws at once (DataCloneError) if the items cannot be copied to a thread. */
  run(member: PoolMember, task: Omit<WorkerTask, 'id'>): Promise<unknown[]>;
  close(): Promise<void>;
}

export function startWorkers(count: number, settings: BatchSettings): Workers {
  let nextId = 0;
  const counts = { started: count, ready: () => members.filter((member) => member.ready).length, verified: 0 };
  const members = Array.from({ length: count }, (): PoolMember => {
    const worker = spawn(settings);
    let settle = () => undefined as void;
    const member: PoolMember = { worker, started: new Promise<void>((resolve) => (settle = resolve)), ready: false, waiting: new Map() };
    // A worker that fails is never used again; the calling thread verifies what it had.
    const fail = (error: CarepassError) => {
      member.ready = false;
      settle();
      for (const entry of member.waiting.values()) entry.reject(error);
      member.waiting.clear();
    };
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        member.ready = true;
        settle();
        return;
      }
      const entry = member.waiting.get(reply.id);
      if (!entry) return;
      member.waiting.delete(reply.id);
      if ('error' in reply) entry.reject(new CarepassError('WORKER_FAILED', `a verification worker failed: ${reply.error}`));
      else {
        counts.verified += reply.results.length;
        entry.resolve(reply.results);
      }
      // An idle worker must not keep the process alive.
      if (member.waiting.size === 0) worker.unref();
    });
    worker.on('error', (error) => fail(new CarepassError('WORKER_FAILED', `a verification worker stopped: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new CarepassError('WORKER_FAILED', `a verification worker exited (code ${code})`)));
    worker.unref();
    return member;
  });
  return {
    counts,
    async started() {
      // Someone is waiting for the workers: they keep the process alive until they are up.
      await Promise.all(
        members.map(async (member) => {
          member.worker.ref();
          await member.started;
          if (member.waiting.size === 0) member.worker.unref();
        }),
      );
    },
    available() {
      let best: PoolMember | undefined;
      for (const member of members) if (member.ready && member.waiting.size < CHUNKS_PER_WORKER && (!best || member.waiting.size < best.waiting.size)) best = member;
      return best;
    },
    run(member, task) {
      const id = nextId++;
      member.worker.postMessage({ id, ...task } satisfies WorkerTask);
      member.worker.ref();
      return new Promise<unknown[]>((resolve, reject) => member.waiting.set(id, { resolve, reject }));
    },
    async close() {
      for (const member of members) member.ready = false;
      await Promise.all(members.map(({ worker }) => worker.terminate()));
    },
  };
}
