import type { MachineEntry } from '../../contract/machineEntry.js';
import { jobWorkerMachine } from './worker.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const jobhubMachines: readonly MachineEntry[] = [
  { system: 'jobhub', machine: jobWorkerMachine, summary: 'a Gearman worker process: register, grab, sleep, work', source: 'Gearman::Worker (Perl), gearmand PROTOCOL' },
];
