import type { MachineEntry } from '../../contract/machineEntry.js';
import { jobMachine } from './jobLifecycle.js';
import { jobWorkerMachine } from './worker.js';
import { workerConnectionMachine } from './workerConnectionLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const jobhubMachines: readonly MachineEntry[] = [
  { system: 'jobhub', machine: jobMachine, summary: 'a job the hub holds: queued by priority, running, ended, requeued on worker loss, dropped when its clients are gone', source: 'gearmand 1.1.20 libgearman-server/job.cc, server.cc; PROTOCOL' },
  { system: 'jobhub', machine: workerConnectionMachine, summary: "a worker connection's sleep cycle at the hub: awake, sleeping after PRE_SLEEP, NOOP sent", source: 'gearmand 1.1.20 libgearman-server/server.cc, job.cc (is_sleeping, is_noop_sent)' },
  { system: 'jobhub', machine: jobWorkerMachine, summary: 'a Gearman worker process: register, grab, sleep, work', source: 'Gearman::Worker (Perl), gearmand PROTOCOL' },
];
