import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a worker process through its loop. */
export type WorkerLoopEvent =
  /** GRAB_JOB went out: on a fresh connection, after a NOOP, or after finishing a job. */
  | { type: 'GRAB_JOB' }
  /** JOB_ASSIGN came back: work starts. */
  | { type: 'JOB_ASSIGN' }
  /** No hub has work for it (NO_JOB, PRE_SLEEP sent) and none has sent a NOOP since: wait. */
  | { type: 'NOTHING_TO_GRAB' }
  /** Its last hub connection went away: connect again. */
  | { type: 'ALL_LINKS_LOST' }
  /** The process died wherever it was. */
  | { type: 'CRASH' }
  /** The restart delay ran out: a new incarnation starts. */
  | { type: 'RESTART' };

export type WorkerLoopState = 'connecting' | 'grabbing' | 'sleeping' | 'working' | 'dead';
export type WorkerLoopEventType = WorkerLoopEvent['type'];

const crash = { CRASH: 'dead' } as const;

/**
 * A Gearman worker process's loop, in the style of Perl's Gearman::Worker (`work` in
 * Gearman/Worker.pm; the worker loop of the Gearman PROTOCOL file: CAN_DO, GRAB_JOB,
 * NO_JOB, PRE_SLEEP, NOOP, JOB_ASSIGN, WORK_COMPLETE):
 *
 * - `connecting`: no hub connection up yet; CAN_DO goes out as soon as one is.
 * - `grabbing`: a GRAB_JOB is out on one hub, taken in hub order where a NOOP or a fresh
 *   connection says there may be work.
 * - `sleeping`: NO_JOB came back everywhere and PRE_SLEEP went out; it waits for a NOOP.
 * - `working`: it holds a job; WORK_COMPLETE goes out when the work time is up.
 * - `dead`: the process died (its connections close, the hubs see the loss); it comes back
 *   as a new incarnation after the restart delay.
 */
export const workerLoopMachine = setup({
  types: { events: {} as WorkerLoopEvent },
}).createMachine({
  id: 'gearmanWorker',
  initial: 'connecting',
  states: {
    connecting: { on: { GRAB_JOB: 'grabbing', ...crash } },
    grabbing: { on: { JOB_ASSIGN: 'working', NOTHING_TO_GRAB: 'sleeping', ALL_LINKS_LOST: 'connecting', ...crash } },
    sleeping: { on: { GRAB_JOB: 'grabbing', ALL_LINKS_LOST: 'connecting', ...crash } },
    working: { on: { GRAB_JOB: 'grabbing', NOTHING_TO_GRAB: 'sleeping', ALL_LINKS_LOST: 'connecting', ...crash } },
    dead: { on: { RESTART: 'connecting' } },
  },
});

export const workerLoopLifecycle = compileLifecycle<WorkerLoopState, WorkerLoopEventType>(workerLoopMachine);
