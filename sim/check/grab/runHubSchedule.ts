import { Kernel } from '../../kernel/kernel.js';
import type { Effect } from '../../kernel/simActor.js';
import type { TraceLog } from '../../kernel/traceLog.js';
import { jobClientMachine, type JobClientReport } from '../../models/jobhub/client.js';
import { jobHubDefaults, jobHubMachine, type JobHubHistoryRecord } from '../../models/jobhub/server.js';
import { jobWorkerDefaults, jobWorkerMachine, type HubAddress } from '../../models/jobhub/worker.js';
import { Network } from '../../net/network.js';
import { SimProcess } from '../../net/simProcess.js';
import type { GrabEvent } from '../../contract/grabHistory.js';
import { GrabHistory } from '../../contract/grabHistory.js';
import type { GrabSchedule } from './grabSchedule.js';


/** How a hub treats a worker lost mid-job (DOMAIN.md §1). */
export type WorkerLossMode = 'requeue' | 'fail';

export interface HubRunOptions {
  readonly seed: number;
  readonly mode: WorkerLossMode;
  /** gearmand's --job-retries; 0 is unlimited. */
  readonly jobRetries: number;
  /** Mean work time of every worker (default 5 ms). */
  readonly workMsMean?: number;
  /** Spread of work times (default exponential). */
  readonly workTime?: 'exponential' | 'fixed' | 'uniform';
  readonly traceLog?: TraceLog;
}

export interface HubRunResult {
  readonly history: readonly GrabEvent[];
  readonly traceHash: string;
  readonly events: number;
  readonly simulatedMs: number;
  /** Terminal replies clients received, and jobs they lost with a connection. */
  readonly clientDone: number;
  readonly clientLost: number;
}


/**
 * Runs one grab schedule through Gearman hubs on the simulator: `hubs` hub hosts, each
 * worker connected to every hub, each client to every hub, the schedule's submits and
 * faults at their times. Returns the history every hub recorded, with worker identities
 * qualified by hub (`hub0/worker1#1`), since a worker's connection to one hub can die
 * while its connection to another lives on.
 */
export function runHubSchedule(schedule: GrabSchedule, options: HubRunOptions): HubRunResult {
  const kernel = new Kernel(options.seed, options.traceLog ?? null);
  const network = new Network(kernel);
  const history = new GrabHistory();
  const record = (event: GrabEvent): void => history.record(event);
  const hubs: HubAddress[] = [];
  for (let index = 0; index < schedule.hubs; index++) {
    const name = `hub${index}`;
    const host = network.addHost(name, `10.0.1.${index + 1}`);
    hubs.push({ host: name, port: jobHubDefaults.port });
    // The hub machine emits its own tcp.listen on jobHubDefaults.port (4730, DOMAIN.md §1).
    new SimProcess(network, host, name, jobHubMachine, {
      hostName: name, workerLossMode: options.mode, jobRetries: options.jobRetries,
    }, (effect) => recordHubEffect(effect, name, kernel, record));
  }
  const workerHosts = Array.from({ length: schedule.workers }, (_, index) => {
    const name = `worker${index}`;
    const host = network.addHost(name, `10.0.2.${index + 1}`);
    const random = kernel.stream(`worker:${name}`);
    const process = new SimProcess(network, host, name, jobWorkerMachine, {
      ...jobWorkerDefaults, name, hubs, functions: ['f0', 'f1'], workMsMean: options.workMsMean ?? 5, workTime: options.workTime ?? 'exponential',
      random: () => random.float(),
    });
    return { host, process };
  });
  let clientDone = 0;
  let clientLost = 0;
  const clients = Array.from({ length: schedule.clients }, (_, index) => {
    const name = `client${index}`;
    const host = network.addHost(name, `10.0.3.${index + 1}`);
    return new SimProcess(network, host, name, jobClientMachine, { name, hubs, reconnectMs: 1_000 }, (effect: Effect) => {
      const report = effect as JobClientReport;
      if (report.type === 'job.done') clientDone++;
      else if (report.type === 'job.lost') clientLost++;
    });
  });
  scheduleCommands(schedule, kernel, network, hubs, workerHosts, clients);
  const lastMs = schedule.commands.reduce((latest, command) => Math.max(latest, command.atMs), 0);
  const outcome = kernel.run({ durationUs: (lastMs + schedule.drainMs) * 1_000, eventsMax: 5_000_000 });
  return {
    history: history.events, traceHash: kernel.traceHashHex(), events: outcome.events,
    simulatedMs: outcome.simulatedUs / 1_000, clientDone, clientLost,
  };
}

function recordHubEffect(history: JobHubHistoryRecord, hubName: string, kernel: Kernel, record: (event: GrabEvent) => void): void {
  const event: GrabEvent = { ...history.event, atUs: kernel.nowUs };
  const qualified = event as { worker?: string; client?: string };
  if (qualified.worker !== undefined) qualified.worker = `${hubName}/${qualified.worker}`;
  if (qualified.client !== undefined) qualified.client = `${hubName}/${qualified.client}`;
  record(event);
}

function scheduleCommands(
  schedule: GrabSchedule, kernel: Kernel, network: Network, hubs: readonly HubAddress[],
  workers: readonly { host: ReturnType<Network['addHost']>; process: SimProcess<typeof jobWorkerMachine> }[],
  clients: readonly SimProcess<typeof jobClientMachine>[],
): void {
  const actor = kernel.name('schedule');
  schedule.commands.forEach((command, index) => {
    kernel.at(command.atMs * 1_000, actor, kernel.name(command.kind), index, () => {
      switch (command.kind) {
        case 'submit':
          clients[command.client]?.sim.send({
            type: 'submit', tag: index, hub: command.hub, func: command.func, unique: command.unique,
            data: `job${index}`, priority: command.priority, background: command.background,
          });
          return;
        case 'crashWorker':
          workers[command.worker]?.process.sim.send({ type: 'crash' });
          return;
        case 'disconnectClient':
          clients[command.client]?.sim.send({ type: 'disconnect' });
          return;
        case 'partition': {
          const worker = workers[command.worker]?.host;
          const hub = network.host(hubs[command.hub]?.host ?? '');
          if (!worker) return;
          network.partition(worker, hub);
          kernel.after(command.durationMs * 1_000, actor, kernel.name('heal'), index, () => network.heal(worker, hub));
          return;
        }
      }
    });
  });
}
