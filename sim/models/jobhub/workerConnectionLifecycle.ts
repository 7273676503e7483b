import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** The packets that move a connection's sleep state, as the hub sends or receives them. */
export type WorkerConnectionEvent =
  /** PRE_SLEEP found nothing runnable for it. */
  | { type: 'PRE_SLEEP' }
  /** The hub sent it a NOOP because a job it can do was queued. */
  | { type: 'NOOP' }
  /** GRAB_JOB (or a variant) arrived: awake, whatever it gets. */
  | { type: 'GRAB_JOB' };

export type WorkerConnectionState = 'awake' | 'sleeping' | 'noopSent';
export type WorkerConnectionEventType = WorkerConnectionEvent['type'];

/**
 * A connection's sleep cycle as the hub sees it: gearmand 1.1.20's `is_sleeping` and
 * `is_noop_sent` flags of `gearman_server_con_st`, as one state.
 *
 * - `awake`: it may grab at any time; a new job sends it nothing.
 * - `sleeping`: it sent PRE_SLEEP and nothing was runnable (`con->is_sleeping = true`,
 *   server.cc); the next job of one of its functions owes it a NOOP.
 * - `noopSent`: that NOOP went out (`is_noop_sent = true`, `gearman_server_job_queue` in
 *   job.cc): no further job wakes it until it grabs, even if it sends PRE_SLEEP again
 *   (one NOOP per grab cycle, seen on gearmand).
 *
 * GRAB_JOB clears both flags (server.cc): back to `awake`. A PRE_SLEEP while a job is
 * runnable gets an immediate NOOP and moves nothing.
 */
export const workerConnectionMachine = setup({
  types: { events: {} as WorkerConnectionEvent },
}).createMachine({
  id: 'gearmanWorkerConnection',
  initial: 'awake',
  states: {
    awake: { on: { PRE_SLEEP: 'sleeping', GRAB_JOB: 'awake' } },
    sleeping: { on: { PRE_SLEEP: 'sleeping', NOOP: 'noopSent', GRAB_JOB: 'awake' } },
    noopSent: { on: { PRE_SLEEP: 'noopSent', GRAB_JOB: 'awake' } },
  },
});

export const workerConnectionLifecycle = compileLifecycle<WorkerConnectionState, WorkerConnectionEventType>(workerConnectionMachine);
