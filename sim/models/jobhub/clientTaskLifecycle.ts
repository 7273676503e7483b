import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves one job a client submitted (a Gearman::Task). */
export type ClientTaskEvent =
  /** The SUBMIT_JOB packet went out on the hub's connection. */
  | { type: 'SUBMIT' }
  /** No connection to the hub it names: the job never leaves the client. */
  | { type: 'NOT_CONNECTED' }
  /** JOB_CREATED for a foreground job: now it waits for the result. */
  | { type: 'JOB_CREATED' }
  /** JOB_CREATED for a background job: nothing more will come for it. */
  | { type: 'JOB_CREATED_BACKGROUND' }
  | { type: 'WORK_COMPLETE' }
  | { type: 'WORK_FAIL' }
  | { type: 'WORK_EXCEPTION' }
  /** The hub's connection went away before the job ended. */
  | { type: 'CONNECTION_LOST' };

export type ClientTaskState = 'new' | 'submitted' | 'created' | 'complete' | 'fail' | 'exception' | 'finished' | 'lost';
export type ClientTaskEventType = ClientTaskEvent['type'];

/**
 * One job as the client that submitted it sees it, in the states of libgearman's task
 * (`gearman_task_st`, libgearman/task.cc: NEW, SUBMIT, CREATED, COMPLETE, FAIL, EXCEPTION,
 * FINISHED) and Perl's Gearman::Task (`on_complete`, `on_fail`):
 *
 * - `new` → `submitted`: the SUBMIT_JOB packet is out; the hub answers submits in order, so
 *   the next JOB_CREATED on the connection is this job's handle.
 * - `created`: a foreground job waits for WORK_COMPLETE, WORK_FAIL or WORK_EXCEPTION.
 * - `finished`: a background job is done for the client once it has its handle.
 * - `lost`: no connection to submit on, or the connection went away before the result.
 */
export const clientTaskMachine = setup({
  types: { events: {} as ClientTaskEvent },
}).createMachine({
  id: 'gearmanClientTask',
  initial: 'new',
  states: {
    new: { on: { SUBMIT: 'submitted', NOT_CONNECTED: 'lost' } },
    submitted: { on: { JOB_CREATED: 'created', JOB_CREATED_BACKGROUND: 'finished', CONNECTION_LOST: 'lost' } },
    created: { on: { WORK_COMPLETE: 'complete', WORK_FAIL: 'fail', WORK_EXCEPTION: 'exception', CONNECTION_LOST: 'lost' } },
    complete: { type: 'final' },
    fail: { type: 'final' },
    exception: { type: 'final' },
    finished: { type: 'final' },
    lost: { type: 'final' },
  },
});

export const clientTaskLifecycle = compileLifecycle<ClientTaskState, ClientTaskEventType>(clientTaskMachine);
