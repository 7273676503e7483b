/**
 * The entry of a sweep's worker thread: runs the seeds it is sent, one at a time, each
 * with its own modules' state (a worker has its own module instances, so the active
 * coverage recorder and the kernel's replaced globals are never shared with another run).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runSweepTask, type SweepTask } from './sweepTask.js';

if (!parentPort) throw new Error('sweepWorker.ts runs only as a worker thread');
const port = parentPort;
const task = workerData as SweepTask;

port.on('message', (seed: number) => {
  try {
    port.postMessage({ seed, outcome: runSweepTask(task, seed) });
  } catch (error) {
    port.postMessage({ seed, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
