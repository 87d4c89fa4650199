// The worker thread of batch verification: builds one verifier from the pool's settings, then
// answers each chunk of credentials or files with their results, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchSettings, type PreparedVerifier, prepareVerifier } from './batch-verifier.js';

/** A chunk of work: credentials (already parsed) or paths of credential files, and the batch's clock. */
export interface WorkerTask {
  id: number;
  kind: 'credentials' | 'files';
  items: unknown[];
  nowMs: number;
}

/** A chunk's answer (its results in the order of its items, or why the worker could not verify), or the worker saying it is ready. */
export type WorkerReply = { id: number; results: unknown[] } | { id: number; error: string } | { ready: true };

const port = parentPort;
if (port) {
  const verifier: Promise<PreparedVerifier> = prepareVerifier(workerData as BatchSettings);
  // Tell the calling thread when there is a verifier to hand work to; until then it verifies alone.
  const ready = () => port.postMessage({ ready: true } satisfies WorkerReply);
  verifier.then(ready, ready);
  port.on('message', (task: WorkerTask) => {
    void (async () => {
      try {
        const prepared = await verifier;
        const now = new Date(task.nowMs);
        const results: unknown[] = [];
        for (const item of task.items) results.push(task.kind === 'files' ? await prepared.file(item as string, now) : await prepared.credential(item, now));
        port.postMessage({ id: task.id, results } satisfies WorkerReply);
      } catch (error) {
        port.postMessage({ id: task.id, error: (error as Error)?.message ?? String(error) } satisfies WorkerReply);
      }
    })();
  });
}
