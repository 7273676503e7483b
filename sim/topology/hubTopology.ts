import type { AnyActorLogic } from 'xstate';
import type { GrabEvent } from '../contract/grabHistory.js';
import { jobClientMachine, type JobClientInput, type JobClientReport } from '../models/jobhub/client.js';
import type { UnstampedGrabEvent } from '../models/jobhub/hubEffect.js';
import type { JobWorkRecord } from '../models/jobhub/jobWork.js';
import { jobHubDefaults, jobHubMachine, type JobHubInput } from '../models/jobhub/server.js';
import { jobWorkerDefaults, jobWorkerMachine, type HubAddress, type JobWorkerInput } from '../models/jobhub/worker.js';
import type { Host } from '../net/host.js';
import type { Network } from '../net/network.js';
import type { Supervisor } from '../net/supervisor.js';
import { SimProcess } from '../net/simProcess.js';
import type { TcpSettings } from '../net/tcpSettings.js';

/** Where a process runs: its host's name and address, and the host's TCP settings if not the defaults. */
export interface Placement {
  readonly name: string;
  readonly ip: string;
  readonly tcp?: Partial<TcpSettings>;
}

/** The `index`-th worker host: `worker<index>` on 10.0.2.x onwards, 250 to a subnet. */
export function workerPlacement(index: number, tcp?: Partial<TcpSettings>): Placement {
  const ip = `10.0.${2 + Math.floor(index / 250)}.${(index % 250) + 1}`;
  return tcp ? { name: `worker${index}`, ip, tcp } : { name: `worker${index}`, ip };
}

/** The address workers and clients use for a hub placed under `name` on the default port. */
export function hubAddress(name: string): HubAddress {
  return { host: name, port: jobHubDefaults.port };
}

/**
 * A Gearman hub on its own host. Its history records reach `onHistory` stamped with the
 * kernel's time, as the grab checker reads them.
 */
export function addJobHub(
  network: Network, place: Placement, input: JobHubInput, onHistory: (event: GrabEvent) => void = () => {}, processes?: Supervisor,
): SimProcess<typeof jobHubMachine> {
  return addJobHubTimed(network, place, input, (event, atUs) => onHistory(stamped(event, atUs)), processes);
}

/**
 * `addJobHub` for a caller that takes each history event as the hub made it, with the
 * kernel's time apart, and keeps none (scenarios/worker-crash.ts checks grab atomicity as
 * the run goes): no stamped copy is made per event.
 */
export function addJobHubTimed(
  network: Network, place: Placement, input: JobHubInput, onHistory: (event: UnstampedGrabEvent, atUs: number) => void, processes?: Supervisor,
): SimProcess<typeof jobHubMachine> {
  const host = network.addHost(place.name, place.ip, place.tcp);
  return started(processes, host, place.name, () => startJobHub(network, host, input, onHistory));
}

/**
 * A Gearman hub process on a host already built (`addJobHub` without the host), named after
 * it. Each history event reaches `onHistory` as the hub made it, with the kernel's time apart,
 * for callers that build their own stamped event (check/grab/runHubSchedule.ts).
 */
export function startJobHub(
  network: Network, host: Host, input: JobHubInput, onHistory: (event: UnstampedGrabEvent, atUs: number) => void,
): SimProcess<typeof jobHubMachine> {
  const kernel = network.kernel;
  return new SimProcess(network, host, host.name, jobHubMachine, { hostName: host.name, ...input }, (record) => onHistory(record.event, kernel.nowUs));
}

/**
 * The hub's event with its time, as the same fields in the same order as `{ ...event, atUs }`.
 * Spelled out per kind because a spread of the eight event shapes at one site is a slow
 * generic copy, and it ran for every history event (a sweep seed records tens of thousands).
 */
function stamped(event: UnstampedGrabEvent, atUs: number): GrabEvent {
  switch (event.kind) {
    case 'submitted': return event.client === undefined ? { kind: event.kind, job: event.job, atUs } : { kind: event.kind, job: event.job, client: event.client, atUs };
    case 'assigned': return { kind: event.kind, job: event.job, worker: event.worker, atUs };
    case 'completed': return { kind: event.kind, job: event.job, worker: event.worker, atUs };
    case 'failed': return event.worker === undefined
      ? { kind: event.kind, job: event.job, reason: event.reason, atUs }
      : { kind: event.kind, job: event.job, reason: event.reason, worker: event.worker, atUs };
    case 'requeued': return { kind: event.kind, job: event.job, atUs };
    case 'workerLost': return { kind: event.kind, worker: event.worker, atUs };
    case 'clientReply': return { kind: event.kind, client: event.client, job: event.job, reply: event.reply, atUs };
    case 'clientLost': return { kind: event.kind, client: event.client, atUs };
  }
}

/**
 * Starts a process through the topology's supervisor when there is one, so the fault
 * language's `kill`, `crash … for D` and `restart` act on it; else just starts it.
 */
function started<TLogic extends AnyActorLogic>(processes: Supervisor | undefined, host: Host, name: string, start: (incarnation: number) => SimProcess<TLogic>): SimProcess<TLogic> {
  return processes ? processes.spawn(host, name, start) : start(1);
}

/** What a worker needs besides its defaults; its random stream is drawn from the kernel under `streamName`. */
export type JobWorkerPlan = Partial<Omit<JobWorkerInput, 'random' | 'name' | 'hubs' | 'functions'>> & Pick<JobWorkerInput, 'hubs' | 'functions'>;

/** A Gearman worker process on its own host, named after the host; its work's records (jobWork.ts) go to `onRecord`. */
export function addJobWorker(
  network: Network, place: Placement, plan: JobWorkerPlan, streamName: string, processes?: Supervisor, onRecord?: (record: JobWorkRecord) => void,
): SimProcess<typeof jobWorkerMachine> {
  const host = network.addHost(place.name, place.ip, place.tcp);
  return startedWorker(network, host, plan, streamName, processes, onRecord);
}

/** A Gearman worker process on a host already built (`addJobWorker` without the host). */
export function startJobWorker(network: Network, host: Host, plan: JobWorkerPlan, streamName: string): SimProcess<typeof jobWorkerMachine> {
  return startedWorker(network, host, plan, streamName);
}

function startedWorker(
  network: Network, host: Host, plan: JobWorkerPlan, streamName: string, processes?: Supervisor, onRecord?: (record: JobWorkRecord) => void,
): SimProcess<typeof jobWorkerMachine> {
  const random = network.kernel.stream(streamName);
  // A process the supervisor starts again (after a kill or a host restart) is a new process,
  // so its client ids must not repeat the old one's: worker0.2#1, worker0.2#2 … (its own
  // restarts after a crash mid-job still count after the #).
  return started(processes, host, host.name, (incarnation) => new SimProcess(
    network, host, host.name, jobWorkerMachine, workerInput(plan, incarnation === 1 ? host.name : `${host.name}.${incarnation}`, () => random.float()), onRecord,
  ));
}

/**
 * The worker's input with every field present and in one order. A spread of the defaults and
 * the plan made inputs whose hidden class depended on which fields the plan set and on
 * the default each overwrote (a small-integer 0 overwritten by a fraction moves the field to
 * another representation), and the worker's optimized code was thrown away at a later run
 * of a sweep for meeting an input of another shape (docs/sweeps.md, "JIT compile work").
 */
function workerInput(plan: JobWorkerPlan, name: string, random: () => number): JobWorkerInput {
  // Every field named, the optional ones too: a field added to the input must be set here.
  const input: EveryField<JobWorkerInput> = {
    name,
    hubs: plan.hubs,
    functions: plan.functions,
    workMsMean: plan.workMsMean ?? jobWorkerDefaults.workMsMean,
    workTime: plan.workTime,
    work: plan.work,
    crashProbability: plan.crashProbability ?? jobWorkerDefaults.crashProbability,
    restartMs: plan.restartMs ?? jobWorkerDefaults.restartMs,
    reconnectMs: plan.reconnectMs ?? jobWorkerDefaults.reconnectMs,
    random,
  };
  return input;
}

/** `T` with every field required, an optional one's value still allowed to be undefined. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/** A Gearman client process on its own host; its reports about jobs go to `onReport`. */
export function addJobClient(
  network: Network, place: Placement, input: Omit<JobClientInput, 'name'>, onReport: (report: JobClientReport) => void,
): SimProcess<typeof jobClientMachine> {
  return startJobClient(network, network.addHost(place.name, place.ip, place.tcp), input, onReport);
}

/** A Gearman client process on a host already built (`addJobClient` without the host), named after it. */
export function startJobClient(
  network: Network, host: Host, input: Omit<JobClientInput, 'name'>, onReport: (report: JobClientReport) => void,
): SimProcess<typeof jobClientMachine> {
  return new SimProcess(network, host, host.name, jobClientMachine, { name: host.name, ...input }, onReport);
}
