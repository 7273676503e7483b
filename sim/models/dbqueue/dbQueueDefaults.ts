/** How job arrivals are spaced: evenly, or with exponential gaps (a Poisson stream). */
export type DbQueueArrivals = 'fixed' | 'poisson';

/** How long jobs take: exactly `jobMs`, or exponential with mean `jobMs`; both cut at `jobMsMax`. */
export type DbQueueJobTime = 'fixed' | 'exponential';

/** The tunable numbers of a database job-queue run; every one has a default below. */
export interface DbQueueParams {
  /** Worker processes, each with one database connection. */
  readonly workers: number;
  /** Job submissions per second (mean, for Poisson arrivals). */
  readonly jobsPerSec: number;
  readonly arrivals: DbQueueArrivals;
  /** Submissions at most, whatever the rate and duration. */
  readonly jobsMax: number;
  /** Database time of a SELECT that lists or reads rows. */
  readonly queryCostUs: number;
  /** Database time of a single-row statement: INSERT, lock, grab UPDATE, DELETE. */
  readonly lockCostUs: number;
  /** Work time of a job: its mean when exponential. */
  readonly jobMs: number;
  readonly jobTime: DbQueueJobTime;
  /** Longest work time of a job, so that job time has a known bound below the lease. */
  readonly jobMsMax: number;
  /** Sleep after a find that gave a worker nothing to do. */
  readonly pollIntervalMs: number;
  /** TheSchwartz lease: a grab sets `grabbed_until = now + grab_for`. */
  readonly grabForMs: number;
  /** Rows one find returns at most. */
  readonly findLimit: number;
  /** Time from a worker's crash to the start of its next incarnation. */
  readonly restartDelayMs: number;
  /** Rows the job table may hold; more is a run limit and throws. */
  readonly rowsMax: number;
  /** Kernel events after which the run stops (a bound on a runaway run). */
  readonly eventsMax: number;
}

/**
 * Defaults of {@link DbQueueParams}. The protocol numbers come from TheSchwartz.pm and
 * TheSchwartz's source; the database costs and the job time are assumptions of this model
 * (a 2005 MySQL answering a LIMIT 50 range scan in about a millisecond and a single-row
 * write in a quarter of one), to be overridden per experiment.
 */
export const dbQueueDefaults: DbQueueParams = {
  workers: 4,
  jobsPerSec: 100,
  arrivals: 'poisson',
  jobsMax: 10_000,
  queryCostUs: 1_000,
  lockCostUs: 250,
  jobMs: 50,
  jobTime: 'exponential',
  jobMsMax: 1_000,
  // TheSchwartz::work sleeps `$delay ||= 5` seconds when work_once found nothing (TheSchwartz.pm).
  pollIntervalMs: 5_000,
  // grab_for defaults to 3600 s (TheSchwartz.pm).
  grabForMs: 3_600_000,
  // `LIMIT 50` ($FIND_JOB_BATCH_SIZE = 50 in TheSchwartz.pm).
  findLimit: 50,
  restartDelayMs: 1_000,
  rowsMax: 100_000,
  eventsMax: 5_000_000,
};
