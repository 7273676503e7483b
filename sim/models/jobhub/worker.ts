import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { JobWorkPlan, JobWorkRecord, JobWorkTimeoutEvent } from './jobWork.js';
import type { GearmanPacket } from './packet.js';
import { WorkerState } from './workerState.js';

/** Where a hub listens. */
export interface HubAddress {
  readonly host: string;
  readonly port: number;
}

/** Input of {@link jobWorkerMachine}. Defaults in {@link jobWorkerDefaults}. */
export interface JobWorkerInput {
  /** Stable name; incarnations are `<name>#<n>` in the history and as client id. */
  readonly name: string;
  /** Every hub the worker serves, as real deployments connect workers to all of them. */
  readonly hubs: readonly HubAddress[];
  /** Functions it registers, in this order (the hub scans them in registration order). */
  readonly functions: readonly string[];
  /** Mean work time of a job (default 10 ms). */
  readonly workMsMean: number;
  /**
   * How work times spread around the mean: `exponential` (default: many short jobs, a long
   * tail), `fixed` (every job takes the mean) or `uniform` (0 to twice the mean).
   */
  readonly workTime?: 'exponential' | 'fixed' | 'uniform';
  /**
   * What a job's work is: network exchanges with other servers (jobWork.ts). Absent: a
   * timed wait drawn from `workMsMean` and `workTime`.
   */
  readonly work?: JobWorkPlan;
  /** Chance that the worker process dies while working a job (default 0). */
  readonly crashProbability: number;
  /** A dead worker process is started again after this long (default 1 000 ms). */
  readonly restartMs: number;
  /** A lost or refused connection to a hub is tried again after this long (default 1 000 ms). */
  readonly reconnectMs: number;
  /** The worker's random stream (seeded per actor by the host). */
  readonly random: () => number;
}

export const jobWorkerDefaults = {
  workMsMean: 10,
  crashProbability: 0,
  restartMs: 1_000,
  reconnectMs: 1_000,
} as const;

/** The worker's timers: the job's work time, a crash part-way through it, the restart delay, a hub's reconnect delay. */
export type JobWorkerTimerEvent =
  | { type: 'workDone' }
  | { type: 'crash' }
  | { type: 'restart' }
  | { type: 'reconnect'; hub: number }
  | JobWorkTimeoutEvent;

export type JobWorkerEvent = TcpEvent | JobWorkerTimerEvent;

/** What the worker emits: TCP effects and its timers, for the host to carry out, and its work's records. */
export type JobWorkerEffect = ProcessEffect<JobWorkRecord, JobWorkerTimerEvent>;

/** Hands one event to the worker; a dead process hears nothing but its restart. */
function routeWorkerEvent(worker: WorkerState, event: JobWorkerEvent): void {
  if (!worker.isAlive) {
    if (event.type === 'restart') worker.restart();
    return;
  }
  if (event.type.startsWith('tcp.') && worker.workHandled(event as TcpEvent)) return;
  switch (event.type) {
    case 'tcp.connected':
      return worker.connected(event.connId, event.tag);
    case 'tcp.connectFailed':
      return worker.connectFailed(event.tag);
    case 'tcp.message':
      return worker.receive(event.connId, event.message as GearmanPacket);
    case 'tcp.peerClosed':
    case 'tcp.aborted':
      return worker.lost(event.connId, event.type === 'tcp.peerClosed');
    case 'reconnect':
      return worker.reconnect(event.hub);
    case 'workDone':
      return worker.workDone();
    case 'crash':
      return worker.crash();
    case 'jobWork.timeout':
      return worker.workTimeout(event);
    default:
      return;
  }
}

/**
 * A Gearman worker process in the style of Perl's Gearman::Worker: connects to every hub,
 * registers its functions, and works one job at a time; it may die mid-job and comes back
 * as a new incarnation after `restartMs`. Its loop (connecting, grabbing, sleeping,
 * working, dead) is the worker-loop statechart (workerLoopLifecycle.ts), which
 * {@link WorkerState} advances; its timers are the contract's `timer.start` / `timer.cancel`.
 *
 * Plain process logic over a compiled lifecycle rather than a machine, by measurement: the
 * worker handles every packet of every job, and as an xstate machine (eventless moves to the
 * phase each event left it in) it was most of the xstate time in grab property runs.
 */
export const jobWorkerMachine = fromProcess<WorkerState, JobWorkerEvent, JobWorkerInput, JobWorkerEffect>(
  (input) => new WorkerState(input),
  routeWorkerEvent,
);
