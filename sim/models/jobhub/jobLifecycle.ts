import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a job the hub holds (the packet or hub decision that causes it). */
export type JobLifecycleEvent =
  /** A worker's GRAB_JOB took it off its priority list: JOB_ASSIGN went out. */
  | { type: 'JOB_ASSIGN' }
  /** Its worker was lost, or its CAN_DO_TIMEOUT ran out, in `requeue` mode: back to the tail of its list. */
  | { type: 'REQUEUE' }
  /** Its worker was lost in `fail` mode, or the `--job-retries`-th assignment was lost: WORK_FAIL to its clients. */
  | { type: 'LOST' }
  | { type: 'WORK_COMPLETE' }
  | { type: 'WORK_FAIL' }
  | { type: 'WORK_EXCEPTION' }
  /** A grab or PRE_SLEEP reached it with every client of the foreground job gone (gearmand's `ignore_job`). */
  | { type: 'DROP' };

export type JobState = 'queued' | 'running' | 'complete' | 'failed' | 'exception' | 'dropped';
export type JobEventType = JobLifecycleEvent['type'];

/**
 * One Gearman job as the hub holds it, from JOB_CREATED to its end (gearmand 1.1.20,
 * libgearman-server/job.cc and server.cc; the PROTOCOL file):
 *
 * - `queued`: in its function's list for its priority (`gearman_server_job_queue` appends
 *   to the high, normal or low list); GET_STATUS says known, not running.
 * - `running`: a worker took it with GRAB_JOB (`gearman_server_job_take` sets `job->worker`);
 *   GET_STATUS says running. Only this worker's WORK_* packets about it are accepted.
 * - `complete` / `failed` / `exception`: WORK_COMPLETE, WORK_FAIL or WORK_EXCEPTION came from
 *   its worker, and the hub forgot the job (`gearman_server_job_free`). A lost worker ends
 *   it `failed` too, in `fail` mode (the 2005 Perl Gearman::Server) or when `--job-retries`
 *   assignments were lost (`job->retries` in `gearman_server_job_queue`).
 * - `dropped`: every client of a foreground job disconnected, and a grab met it
 *   (`ignore_job` in `gearman_server_job_take` / `_peek`).
 *
 * A worker lost mid-job in `requeue` mode (gearmand's behaviour) puts it back to `queued`.
 */
export const jobMachine = setup({
  types: { events: {} as JobLifecycleEvent },
}).createMachine({
  id: 'gearmanJob',
  initial: 'queued',
  states: {
    queued: { on: { JOB_ASSIGN: 'running', DROP: 'dropped' } },
    running: {
      on: {
        WORK_COMPLETE: 'complete',
        WORK_FAIL: 'failed',
        WORK_EXCEPTION: 'exception',
        REQUEUE: 'queued',
        LOST: 'failed',
      },
    },
    complete: { type: 'final' },
    failed: { type: 'final' },
    exception: { type: 'final' },
    dropped: { type: 'final' },
  },
});

export const jobLifecycle = compileLifecycle<JobState, JobEventType>(jobMachine);
