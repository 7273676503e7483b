import type { MachineEntry } from '../../contract/machineEntry.js';
import { clientTaskMachine } from './clientTaskLifecycle.js';
import { hubLinkMachine } from './hubLinkLifecycle.js';
import { jobMachine } from './jobLifecycle.js';
import { workerLoopMachine } from './workerLoopLifecycle.js';
import { workerConnectionMachine } from './workerConnectionLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const jobhubMachines: readonly MachineEntry[] = [
  { system: 'jobhub', machine: jobMachine, summary: 'a job the hub holds: queued by priority, running, ended, requeued on worker loss, dropped when its clients are gone', source: 'gearmand 1.1.20 libgearman-server/job.cc, server.cc; PROTOCOL' },
  { system: 'jobhub', machine: workerConnectionMachine, summary: "a worker connection's sleep cycle at the hub: awake, sleeping after PRE_SLEEP, NOOP sent", source: 'gearmand 1.1.20 libgearman-server/server.cc, job.cc (is_sleeping, is_noop_sent)' },
  { system: 'jobhub', machine: clientTaskMachine, summary: 'a job as the client that submitted it sees it: submitted, created, complete / fail / exception, finished (background), lost', source: 'libgearman/task.cc (gearman_task_st states), Gearman::Task (Perl)' },
  { system: 'jobhub', machine: hubLinkMachine, summary: "a client's or worker's connection to one hub: connecting, connected, waiting to reconnect", source: 'libgearman/connection.cc, Gearman::Client dead_until (Perl)' },
  { system: 'jobhub', machine: workerLoopMachine, summary: 'a Gearman worker process: connecting, grabbing, sleeping after PRE_SLEEP, working, dead until restarted', source: 'Gearman::Worker (Perl, Gearman/Worker.pm work), gearmand PROTOCOL' },
];
