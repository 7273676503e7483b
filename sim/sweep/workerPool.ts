import { Worker } from 'node:worker_threads';
import { workerEntry } from './workerEntry.js';
import type { SweepRunOutcome } from './sweepRun.js';
import type { SweepTask } from './sweepTask.js';

/** Runs one seed and resolves with its outcome: a pool of workers, or the calling thread in tests. */
export interface SeedExecutor {
  /** How many seeds may run at once. */
  readonly slots: number;
  run(seed: number): Promise<SweepRunOutcome>;
  close(): Promise<void>;
}

/**
 * Each worker's young generation: 96 MB is V8's for a 32 MB semi-space (two semi-spaces and
 * the new large-object space), what `npm run sim` and `npm run bench` give the main thread
 * with --max-semi-space-size=32; `bin/sim.js` passes no flag, and a worker would otherwise
 * get 16 MB semi-spaces. A seed allocates ~35 MB, nearly all short-lived, so fewer, no
 * costlier scavenges: the worker's share of time in GC fell from 18–20 % to 12–16 % over
 * 60 seeds (measured on a loaded machine, so roughly).
 */
const workerYoungGenerationMb = 96;

type Reply = { seed: number; outcome: SweepRunOutcome } | { seed: number; error: string };

/** The most workers `--jobs` may ask for. */
export const sweepJobsMax = 1_024;

/** Sweep workers started before their task was known (`prestartSweepWorkers`), for the next pool to take. */
let prestarted: Worker[] = [];

/**
 * Starts `count` sweep workers now, so they load their modules while the command still loads
 * its own and checks its arguments (about 0.6 s of a worker's start and 1 s of the
 * command's, which otherwise ran one after the other before the first seed). They wait,
 * unreferenced (an unused one never keeps the process alive), for the pool that takes them.
 */
export function prestartSweepWorkers(count: number, scenarioHint?: string): void {
  for (let i = prestarted.length; i < count; i++) {
    const worker = startSweepWorker(scenarioHint);
    worker.unref();
    prestarted.push(worker);
  }
}

/**
 * `scenarioHint`: the scenario the command line names, which the worker starts loading at
 * once (sweepWorker.ts); the task still decides what runs, so a hint that turns out to be a
 * file, or nothing known, costs nothing but a failed lookup.
 */
function startSweepWorker(scenarioHint?: string): Worker {
  return new Worker(workerEntry('sweepWorker'), {
    resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb },
    ...(scenarioHint === undefined ? {} : { workerData: { scenarioHint } }),
  });
}

/**
 * `jobs` worker threads, each running one seed at a time. Workers run the same code as the
 * thread that starts them (the bundle `bin/sim.js` runs, or the sources through tsx), so a
 * seed gives the same trace hash here as in `sim run`.
 *
 * Threads, not child processes: a process per worker was measured twice and bought nothing
 * here. Two separate one-worker sweeps side by side slowed per seed as two threads do (11.9 s
 * against 8.7 s alone, quiet machine), since V8's collector helpers are per isolate either
 * way and the cores share memory bandwidth; and after the allocation cuts of docs/sweeps.md,
 * 80 seeds in two forked processes took 3.65 s against 2.96 s in two threads (best of two,
 * shared machine). A process would also cost its own start-up and a copy of each outcome
 * through a pipe.
 */
export class WorkerPool implements SeedExecutor {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly all: Worker[] = [];

  constructor(task: SweepTask, readonly slots: number) {
    const started = prestarted;
    prestarted = [];
    for (const surplus of started.splice(slots)) void surplus.terminate();
    for (let i = 0; i < slots; i++) {
      const worker = started[i] ?? startSweepWorker();
      worker.ref();
      worker.postMessage(task);
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  async run(seed: number): Promise<SweepRunOutcome> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    try {
      return await runOn(worker, seed);
    } finally {
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }
}

function runOn(worker: Worker, seed: number): Promise<SweepRunOutcome> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply): void => {
      worker.off('error', onError);
      if ('error' in reply) reject(new Error(`sweep worker, seed ${seed}: ${reply.error}`));
      else resolve(reply.outcome);
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(seed);
  });
}

