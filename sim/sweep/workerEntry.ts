import { Worker } from 'node:worker_threads';
import { tsxWorkerEntry } from './tsxWorkerEntry.js';

/** The worker modules of sim/sweep, by file name. */
export type WorkerModule = 'sweepWorker' | 'grabCheckWorker';

/** The directory of the bundle `bin/sim.js` runs, when it runs one; null when the sources run as TypeScript. */
let bundleDirUrl: string | null = null;

/**
 * Told by `bin/sim.js` when it runs the bundle (bin/bundleCache.js): worker threads then
 * start from the bundle's own build of their module, as plain JavaScript, instead of
 * registering tsx and loading the sources one by one (about 1.4 s of CPU per worker).
 */
export function useBundledWorkers(dirUrl: string): void {
  bundleDirUrl = dirUrl;
}

/** Where a worker thread running `module` starts: its bundled entry, or the TypeScript source through tsx. */
export function workerEntry(module: WorkerModule): URL {
  return bundleDirUrl ? new URL(`${module}.mjs`, bundleDirUrl) : tsxWorkerEntry(new URL(`./${module}.ts`, import.meta.url).href);
}

/** Runs a worker from `entry` once with `input` as its workerData and resolves with the one message it posts. */
export function runWorkerOnce<R>(entry: URL, input: unknown): Promise<R> {
  const worker = new Worker(entry, { workerData: input });
  return new Promise<R>((resolve, reject) => {
    worker.once('message', (message: R) => resolve(message));
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}
