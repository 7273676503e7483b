import type { Kernel, TraceName } from '../kernel/kernel.js';
import { msToUs, usPerSec } from '../kernel/time.js';
import { GrabHistory } from '../contract/grabHistory.js';
import { JobTable } from '../models/dbqueue/jobTable.js';
import { DbWorker, jobName, type DbWorkerHost, type DbWorkerKind } from '../models/dbqueue/dbWorker.js';
import type { DbQueueSettings, DbWorkerKindName } from '../models/dbqueue/dbQueueSettings.js';
import { measureDbQueue, type DbQueueMetrics } from '../models/dbqueue/dbQueueMetrics.js';
import { pollingWorker } from '../models/dbqueue/pollingWorker.js';
import { schwartzWorker } from '../models/dbqueue/schwartzWorker.js';
import { naiveWorker } from '../models/dbqueue/naiveWorker.js';

/** The three grab models by name. */
export const dbWorkerKinds: Readonly<Record<DbWorkerKindName, DbWorkerKind>> = {
  polling: pollingWorker,
  schwartz: schwartzWorker,
  naive: naiveWorker,
};

/** All jobs are of one function: TheSchwartz's funcid only filters, and every worker can do it. */
const funcId = 1;
const clientConnection = 'client';

/** A job table with its workers and job stream, placed on a kernel someone else runs. */
export interface DbQueue {
  readonly table: JobTable;
  readonly history: GrabHistory;
  /** The run's metrics over `durationMs`, from the history and the table's counters. */
  measure(durationMs: number): DbQueueMetrics;
}

/**
 * Builds the table, the workers and the job stream of `settings` on `kernel`, so a scenario
 * can run a database queue beside other systems in one simulation (one trace hash).
 */
export function buildDbQueue(kernel: Kernel, settings: DbQueueSettings): DbQueue {
  const table = new JobTable(kernel, settings);
  const history = new GrabHistory();
  const workUs = new Map<number, number>();
  const host: DbWorkerHost = {
    kernel, table, history,
    findLimit: settings.findLimit,
    pollIntervalUs: msToUs(settings.pollIntervalMs),
    grabForUs: msToUs(settings.grabForMs),
    workUsOf: (jobId) => {
      const us = workUs.get(jobId);
      if (us === undefined) throw new Error(`dbqueue: job ${jobId} grabbed before its insert finished`);
      return us;
    },
  };
  const kind = dbWorkerKinds[settings.workerKind];
  const workers = Array.from({ length: settings.workers }, (_, slot) =>
    new DbWorker(host, kind, slot, kernel.stream(`dbqueue.w${slot + 1}.shuffle`)));
  const control = kernel.name('dbqueue');
  scheduleWorkers(kernel, control, workers, settings);
  const jobTimes = kernel.stream('dbqueue.jobTime');
  const jobUsMean = msToUs(settings.jobMs);
  const jobUsMax = msToUs(settings.jobMsMax);
  const submit = (): void => table.insert(clientConnection, funcId, kernel.nowUs, (row) => {
    const drawnUs = settings.jobTime === 'fixed' ? jobUsMean : Math.round(jobTimes.exponential(jobUsMean));
    workUs.set(row.jobId, Math.min(jobUsMax, drawnUs));
    history.record({ kind: 'submitted', atUs: kernel.nowUs, job: jobName(row.jobId) });
  });
  scheduleArrivals(kernel, control, settings, submit);
  return { table, history, measure: (durationMs) => measureDbQueue(history.events, table.counters, durationMs) };
}

function scheduleWorkers(kernel: Kernel, control: TraceName, workers: readonly DbWorker[], settings: DbQueueSettings): void {
  const start = kernel.name('worker.start');
  const crash = kernel.name('worker.crash');
  workers.forEach((worker, slot) => {
    kernel.at(msToUs(settings.workerStartMs[slot] ?? 0), control, start, slot, () => worker.start());
  });
  // A crash of a worker that is not running (not started yet, or down between a crash and
  // its restart) does nothing: there is no process to kill.
  for (const { workerIndex, atMs } of settings.crashes) {
    const worker = workers[workerIndex] as DbWorker;
    kernel.at(msToUs(atMs), control, crash, workerIndex, () => {
      if (worker.crash()) kernel.after(msToUs(settings.restartDelayMs), control, start, workerIndex, () => worker.start());
    });
  }
}

/** Explicit times when given; else one arrival after another until jobsMax or the end of the run. */
function scheduleArrivals(kernel: Kernel, control: TraceName, settings: DbQueueSettings, submit: () => void): void {
  const type = kernel.name('job.submit');
  if (settings.submitAtMs) {
    settings.submitAtMs.forEach((atMs, index) => kernel.at(msToUs(atMs), control, type, index, submit));
    return;
  }
  const durationUs = msToUs(settings.durationMs);
  const gapUsMean = usPerSec / settings.jobsPerSec;
  const gaps = kernel.stream('dbqueue.arrivals');
  let count = 0;
  let atUs = 0;
  const next = (): void => {
    if (count >= settings.jobsMax) return;
    atUs += settings.arrivals === 'fixed' ? gapUsMean : gaps.exponential(gapUsMean);
    const timeUs = Math.round(atUs);
    if (!(timeUs < durationUs)) return;
    kernel.at(timeUs, control, type, count++, () => {
      submit();
      next();
    });
  };
  next();
}
