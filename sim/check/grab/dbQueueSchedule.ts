import fc from 'fast-check';
import type { DbQueueOptions, DbWorkerKindName, WorkerCrash } from '../../models/dbqueue/index.js';

/**
 * One property-test case for the database queues: the workers, the job stream and the
 * crashes as plain data at fixed times, so fast-check can shrink it to a minimal schedule.
 * Small on purpose (at most 5 workers, 50 jobs, 5 crashes): a run takes well under a
 * millisecond of wall time.
 */
export interface DbQueueSchedule {
  /** The simulator seed (shuffles and job times). */
  readonly seed: number;
  readonly workers: number;
  /** Start time of each worker; a worker without one starts at 0. */
  readonly workerStartMs: readonly number[];
  readonly submitAtMs: readonly number[];
  readonly crashes: readonly WorkerCrash[];
}

/** Submissions, starts and crashes fall in this window; the rest of the run lets every job drain. */
export const dbQueueScheduleWindowMs = 500;

/**
 * The model's numbers for schedule runs: short jobs, a short poll, and a lease that every
 * job fits in (`jobMsMax` well below `grabForMs`), so TheSchwartz's guarantee applies and a
 * crashed worker's job comes back within the run. 15 s leaves time to drain 50 jobs of at
 * most 200 ms on one worker after a lease of 1 s.
 */
export const dbQueueScheduleParams = {
  queryCostUs: 1_000,
  lockCostUs: 250,
  jobMs: 20,
  jobMsMax: 200,
  pollIntervalMs: 100,
  grabForMs: 1_000,
  restartDelayMs: 50,
  durationMs: 15_000,
} as const satisfies Partial<DbQueueOptions>;

/** Schedules with or without crashes; shrinking goes toward fewer workers, jobs and crashes, and earlier times. */
export function dbQueueScheduleArbitrary(constraints: { readonly crashes: boolean }): fc.Arbitrary<DbQueueSchedule> {
  const timeMs = fc.integer({ min: 0, max: dbQueueScheduleWindowMs });
  const crashes: fc.Arbitrary<WorkerCrash[]> = constraints.crashes
    ? fc.array(fc.record({ workerIndex: fc.nat(4), atMs: timeMs }), { maxLength: 5 })
    : fc.constant([]);
  return fc
    .record({
      seed: fc.nat(1_000),
      workers: fc.integer({ min: 1, max: 5 }),
      workerStartMs: fc.array(timeMs, { maxLength: 5 }),
      // 'medium' lets lengths reach the 50-job bound (the default size stays near 10).
      submitAtMs: fc.array(timeMs, { minLength: 1, maxLength: 50, size: 'medium' }),
      crashes,
    })
    // Worker indexes are drawn for the largest topology and folded onto the drawn one, so
    // the record shrinks field by field (a chain on `workers` would shrink poorly).
    .map((s) => ({
      ...s,
      workerStartMs: s.workerStartMs.slice(0, s.workers),
      crashes: s.crashes.map((crash) => ({ ...crash, workerIndex: crash.workerIndex % s.workers })),
    }));
}

/** The `runDbQueue` options of a schedule for one kind of worker. */
export function dbQueueScheduleOptions(schedule: DbQueueSchedule, workerKind: DbWorkerKindName): DbQueueOptions {
  return { ...dbQueueScheduleParams, ...schedule, workerKind };
}

/** The schedule as text, one event a line in time order. */
export function formatDbQueueSchedule(schedule: DbQueueSchedule): string {
  const starts = Array.from({ length: schedule.workers }, (_, index) => schedule.workerStartMs[index] ?? 0);
  const head = `${schedule.workers} worker(s) starting at ${starts.join(', ')} ms, seed ${schedule.seed}, run ${dbQueueScheduleParams.durationMs} ms`;
  const lines = [
    ...schedule.submitAtMs.map((atMs) => ({ atMs, text: 'a job is submitted' })),
    ...schedule.crashes.map(({ atMs, workerIndex }) => ({ atMs, text: `worker w${workerIndex + 1} crashes` })),
  ].sort((a, b) => a.atMs - b.atMs);
  return [head, ...lines.map(({ atMs, text }) => `${atMs} ms  ${text}`)].join('\n');
}
