import type { UnstampedGrabEvent } from '../../contract/grabHistory.js';
import type { ProcessEffect } from '../../contract/processEffect.js';

/** A history event as the hub records it: the host stamps `atUs` when it stores it. */
export type { UnstampedGrabEvent };

/** A history record the hub emits for the grab-atomicity checker (contract/grabHistory.ts). */
export interface JobHubHistoryRecord {
  readonly type: 'jobhub.history';
  readonly event: UnstampedGrabEvent;
}

/**
 * A CAN_DO_TIMEOUT timer firing: the assignment it was started for may have ended since.
 *
 * What gearmand 1.1.20 does when one expires (`_server_job_timeout` and
 * `gearman_server_con_add_job_timeout` in libgearman-server/connection.cc): it logs "Worker
 * timeout reached on job, requeueing" and calls `gearman_server_job_queue`, the same path
 * as a lost worker. So the job goes back to the tail of its priority list with its handle,
 * counts a retry (WORK_FAIL to the clients at `--job-retries`), and capable sleepers get a
 * NOOP. The worker is not told and keeps its connection; whatever it sends about the job
 * later gets ERROR JOB_NOT_FOUND, since it no longer holds it. The timeout is in ms, values
 * under 1000 run as 1000, and 0 or less means none. (The PROTOCOL file says the job is
 * failed instead; `fail` mode does that.) gearmand keeps one timer per connection, armed at
 * each grab and dropped at PRE_SLEEP or close, but not when the job ends; here each
 * assignment has its own timer, stopped when the assignment ends, or at PRE_SLEEP.
 */
export interface JobHubTimeoutEvent {
  readonly type: 'jobhub.timeout';
  readonly handle: string;
  readonly assignment: number;
}

/**
 * What `jobHubMachine` emits: TCP effects and CAN_DO_TIMEOUT timers for its host to carry
 * out, and history records.
 */
export type JobHubEffect = ProcessEffect<JobHubHistoryRecord, JobHubTimeoutEvent>;
