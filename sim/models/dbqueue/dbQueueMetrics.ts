import type { GrabEvent } from '../../contract/grabHistory.js';
import type { JobTableCounters } from './jobTable.js';
import { summarizeLatency, type LatencySummaryUs } from './latencySummary.js';

/** What a database job-queue run measured. Per-job figures are null when no job completed. */
export interface DbQueueMetrics {
  /** Rows inserted (a submission whose insert had not finished when the run ended is not counted). */
  readonly jobsSubmitted: number;
  /** Jobs completed at least once (a job run twice counts once here). */
  readonly jobsCompleted: number;
  /** Completed jobs per simulated second. */
  readonly jobsPerSec: number;
  /** From the row's insert to the job's first completion. */
  readonly latencyUs: LatencySummaryUs;
  /** Statements the workers sent (finds, reads, locks, grabs, deletes; inserts excluded). */
  readonly queries: number;
  readonly queriesPerJob: number | null;
  /** Lock or grab attempts that lost a race. */
  readonly lockConflicts: number;
  readonly lockConflictsPerJob: number | null;
  readonly workersLost: number;
}

/** Derives the metrics from the history and the database's counters. */
export function measureDbQueue(history: readonly GrabEvent[], counters: JobTableCounters, durationMs: number): DbQueueMetrics {
  const submittedAtUs = new Map<string, number>();
  const latenciesUs: number[] = [];
  let jobsSubmitted = 0;
  let workersLost = 0;
  for (const event of history) {
    if (event.kind === 'submitted') {
      jobsSubmitted++;
      submittedAtUs.set(event.job, event.atUs);
    }
    else if (event.kind === 'workerLost') workersLost++;
    else if (event.kind === 'completed') {
      const atUs = submittedAtUs.get(event.job);
      if (atUs === undefined) continue;
      latenciesUs.push(event.atUs - atUs);
      submittedAtUs.delete(event.job); // only the first completion counts
    }
  }
  const jobsCompleted = latenciesUs.length;
  const queries = counters.statements - counters.inserts;
  const perJob = (count: number): number | null => (jobsCompleted === 0 ? null : count / jobsCompleted);
  return {
    jobsSubmitted,
    jobsCompleted,
    jobsPerSec: durationMs > 0 ? jobsCompleted / (durationMs / 1_000) : 0,
    latencyUs: summarizeLatency(latenciesUs),
    queries,
    queriesPerJob: perJob(queries),
    lockConflicts: counters.lockConflicts,
    lockConflictsPerJob: perJob(counters.lockConflicts),
    workersLost,
  };
}
