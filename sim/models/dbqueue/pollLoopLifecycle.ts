import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a database-polling worker through its loop. */
export type PollLoopEvent =
  /** The process starts (or restarts as a new incarnation): its first find. */
  | { type: 'START' }
  /** The find listed candidate jobs: shuffle them and try the first. */
  | { type: 'CANDIDATES' }
  /** The find listed nothing, or no grab in the list succeeded (TheSchwartz): sleep. */
  | { type: 'NOTHING' }
  /** The grab (compare-and-set, lock, or naive UPDATE) took the job. */
  | { type: 'GRABBED' }
  /** Another worker had it: try the next candidate. */
  | { type: 'LOST_RACE' }
  /** The list is used up and this worker queries again at once (the old polling model). */
  | { type: 'REQUERY' }
  | { type: 'WORK_DONE' }
  /** The row is deleted; TheSchwartz's `work_once` returns and the next pass finds afresh. */
  | { type: 'COMPLETED' }
  /** The row is deleted; the old polling model walks on through its list. */
  | { type: 'NEXT_CANDIDATE' }
  /** The sleep (`retry` delay) is over. */
  | { type: 'WAKE' }
  /** The process died wherever it was; its connection closes. */
  | { type: 'CRASH' };

export type PollLoopState = 'down' | 'finding' | 'grabbing' | 'working' | 'completing' | 'sleeping';
export type PollLoopEventType = PollLoopEvent['type'];

const crash = { CRASH: 'down' } as const;

/**
 * The loop of a worker that takes its jobs from a database table, in TheSchwartz's terms
 * (TheSchwartz.pm `work`, `work_once`, `find_job_for_workers`, `grab_job`; TheSchwartz/Job.pm
 * `completed`), shared by the TheSchwartz, old-polling and naive models (dbWorker.ts):
 *
 * - `finding`: `SELECT … LIMIT 50` of runnable jobs (`find_job_for_workers`).
 * - `grabbing`: trying the shuffled candidates one by one (`grab_job`: the UPDATE of
 *   `grabbed_until` compared with its old value, a row lock, or the naive UPDATE); a lost
 *   race moves on to the next candidate.
 * - `working`: the job runs (`work_safely`).
 * - `completing`: the row's DELETE (`completed`).
 * - `sleeping`: nothing found or nothing grabbed: `sleep` for the retry delay (`work`).
 * - `down`: the process is not running (not started yet, or crashed until its restart).
 */
export const pollLoopMachine = setup({
  types: { events: {} as PollLoopEvent },
}).createMachine({
  id: 'dbPollLoop',
  initial: 'down',
  states: {
    down: { on: { START: 'finding' } },
    finding: { on: { CANDIDATES: 'grabbing', NOTHING: 'sleeping', ...crash } },
    grabbing: { on: { GRABBED: 'working', LOST_RACE: 'grabbing', REQUERY: 'finding', NOTHING: 'sleeping', ...crash } },
    working: { on: { WORK_DONE: 'completing', ...crash } },
    completing: { on: { COMPLETED: 'finding', NEXT_CANDIDATE: 'grabbing', REQUERY: 'finding', ...crash } },
    sleeping: { on: { WAKE: 'finding', ...crash } },
  },
});

export const pollLoopLifecycle = compileLifecycle<PollLoopState, PollLoopEventType>(pollLoopMachine);
