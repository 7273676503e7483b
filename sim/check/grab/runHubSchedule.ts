import { GrabHistory, type GrabEvent } from '../../contract/grabHistory.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { TraceLog } from '../../kernel/traceLog.js';
import type { jobClientMachine } from '../../models/jobhub/client.js';
import type { UnstampedGrabEvent } from '../../models/jobhub/server.js';
import type { HubAddress, jobWorkerMachine } from '../../models/jobhub/worker.js';
import type { Network } from '../../net/network.js';
import type { SimProcess } from '../../net/simProcess.js';
import { hubAddress, startJobClient, startJobHub, startJobWorker } from '../../topology/hubTopology.js';
import { buildHubNetwork, type HubNetwork, type HubNetworks } from './hubNetworks.js';
import type { GrabSchedule } from './grabSchedule.js';

/** How a hub treats a worker lost mid-job (the Gearman PROTOCOL file). */
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
 *
 * With `networks`, the hosts come from there (built once per topology, reset per run);
 * without, they are built for this run. Either way the run is the same.
 */
export function runHubSchedule(schedule: GrabSchedule, options: HubRunOptions, networks?: HubNetworks): HubRunResult {
  const shape = { seed: options.seed, hubs: schedule.hubs, workers: schedule.workers, clients: schedule.clients };
  const traceLog = options.traceLog ?? null;
  if (!networks) return runOn(buildHubNetwork(shape, traceLog), schedule, options);
  const built = networks.take(shape, traceLog);
  try {
    return runOn(built, schedule, options);
  } finally {
    networks.release(built);
  }
}

function runOn(built: HubNetwork, schedule: GrabSchedule, options: HubRunOptions): HubRunResult {
  const { kernel, network } = built;
  const history = new GrabHistory();
  const hubs: HubAddress[] = built.hubs.map((host) => hubAddress(host.name));
  for (const host of built.hubs) {
    startJobHub(network, host, { workerLossMode: options.mode, jobRetries: options.jobRetries }, (event, atUs) => history.record(stampedByHub(event, atUs, host.name)));
  }
  const workers = built.workers.map((host) => startJobWorker(network, host, {
    hubs, functions: ['f0', 'f1'], workMsMean: options.workMsMean ?? 5, workTime: options.workTime ?? 'exponential',
  }, `worker:${host.name}`));
  const replies = { done: 0, lost: 0 };
  const clients = built.clients.map((host) => startJobClient(network, host, { hubs, reconnectMs: 1_000 }, (report) => {
    if (report.type === 'job.done') replies.done++;
    else if (report.type === 'job.lost') replies.lost++;
  }));
  scheduleCommands(schedule, kernel, network, hubs, workers, clients);
  const lastMs = schedule.commands.reduce((latest, command) => Math.max(latest, command.atMs), 0);
  const outcome = kernel.run({ durationUs: (lastMs + schedule.drainMs) * 1_000, eventsMax: 5_000_000 });
  return {
    history: history.events, traceHash: kernel.traceHashHex(), events: outcome.events,
    simulatedMs: outcome.simulatedUs / 1_000, clientDone: replies.done, clientLost: replies.lost,
  };
}

/**
 * A hub's history event stamped with its time, worker and client names qualified by the hub
 * (`hub0/worker1#1`). Built as one literal per kind, keys in the order a spread of the hub's
 * event and the time gives: a spread over the seven kinds' shapes was the costliest line of
 * a grab run's history (cpu profile).
 */
function stampedByHub(event: UnstampedGrabEvent, atUs: number, hub: string): GrabEvent {
  switch (event.kind) {
    case 'submitted':
      return event.client === undefined ? { kind: 'submitted', job: event.job, atUs } : { kind: 'submitted', job: event.job, client: `${hub}/${event.client}`, atUs };
    case 'assigned':
      return { kind: 'assigned', job: event.job, worker: `${hub}/${event.worker}`, atUs };
    case 'completed':
      return { kind: 'completed', job: event.job, worker: `${hub}/${event.worker}`, atUs };
    case 'failed':
      return event.worker === undefined
        ? { kind: 'failed', job: event.job, reason: event.reason, atUs }
        : { kind: 'failed', job: event.job, reason: event.reason, worker: `${hub}/${event.worker}`, atUs };
    case 'requeued':
      return { kind: 'requeued', job: event.job, atUs };
    case 'workerLost':
      return { kind: 'workerLost', worker: `${hub}/${event.worker}`, atUs };
    case 'clientReply':
      return { kind: 'clientReply', client: `${hub}/${event.client}`, job: event.job, reply: event.reply, atUs };
    case 'clientLost':
      return { kind: 'clientLost', client: `${hub}/${event.client}`, atUs };
  }
}

function scheduleCommands(
  schedule: GrabSchedule, kernel: Kernel, network: Network, hubs: readonly HubAddress[],
  workers: readonly SimProcess<typeof jobWorkerMachine>[],
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
          workers[command.worker]?.sim.send({ type: 'crash' });
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
