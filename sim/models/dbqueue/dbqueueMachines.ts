import type { MachineEntry } from '../../contract/machineEntry.js';
import { pollLoopMachine } from './pollLoopLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const dbqueueMachines: readonly MachineEntry[] = [
  { system: 'dbqueue', machine: pollLoopMachine, summary: 'a database-polling worker (TheSchwartz, old polling, naive): find, shuffle, grab, work, complete, sleep', source: 'TheSchwartz.pm (work, work_once, find_job_for_workers, grab_job), TheSchwartz/Job.pm' },
];
