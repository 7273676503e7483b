import { Worker } from 'node:worker_threads';

/**
 * What two threads buy this machine at all, as the floor under `sim sweep --jobs 2`: a
 * fixed amount of work run on one worker thread, then on two at once (each the same
 * amount), and the throughput ratio. `alu` is integer arithmetic in registers; `alloc`
 * makes short-lived objects as the simulator does, so it also pays the garbage collector
 * and the memory both cores share. A ratio well under 2 for `alu` means the two cores are
 * not two (hyperthreads of one core, or a host that runs something else on them).
 */
const bodies = {
  alu: `let x = 1; for (let i = 0; i < 4e8; i++) { x = (x * 1103515245 + 12345) | 0; x ^= x >>> 7; } globalThis.keep = x;`,
  alloc: `let keep = null; for (let i = 0; i < 6e7; i++) { const o = { i, next: keep, s: [i, i + 1] }; if ((i & 1023) === 0) keep = o; else if ((i & 65535) === 0) keep = null; } globalThis.keep = keep;`,
} as const;

export type ParallelWork = keyof typeof bodies;

/** Wall ms for `threads` worker threads each running `work` once, started together. */
export async function parallelWorkMs(work: ParallelWork, threads: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); parentPort.once('message', () => { ${bodies[work]} parentPort.postMessage(0); });`;
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
  // Started once every thread is up, so a thread's start-up is not counted against the other.
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))));
  const start = performance.now();
  await Promise.all(workers.map((worker) => new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(0);
  })));
  const ms = performance.now() - start;
  await Promise.all(workers.map((worker) => worker.terminate()));
  return ms;
}

/** Throughput of two threads over one for `work`, best of two alternated timings each. */
export async function parallelRatio(work: ParallelWork): Promise<number> {
  const best = { 1: Infinity, 2: Infinity };
  for (const threads of [1, 2, 2, 1] as const) best[threads] = Math.min(best[threads], await parallelWorkMs(work, threads));
  return (2 * best[1]) / best[2];
}
