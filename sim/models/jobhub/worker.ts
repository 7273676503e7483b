import { emit, enqueueActions, raise, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { request, type GearmanPacket } from './packet.js';

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

/** One hub connection of a worker, as plain data (there is one per hub). */
interface HubLink {
  readonly hub: number;
  connId: number;
  /** NO_JOB came back and PRE_SLEEP went out: wait for NOOP. */
  sleeping: boolean;
  /** A NOOP arrived while the worker was busy: grab here when free. */
  woken: boolean;
}

interface WorkerContext {
  readonly input: JobWorkerInput;
  incarnation: number;
  /** Hub links by connection id; plain data mutated by actions (docs/DESIGN.md "Writing a model": volume is plain data). */
  readonly links: Map<number, HubLink>;
  /** The job being worked: its connection and handle. */
  job: { connId: number; handle: string } | null;
  /** The connection a GRAB_JOB is outstanding on, or -1. */
  grabbingOn: number;
}

export type JobWorkerEvent =
  | TcpEvent
  | { type: 'workDone' }
  | { type: 'crash' }
  | { type: 'restart' }
  | { type: 'reconnect'; hub: number };

const incarnationName = (context: WorkerContext): string => `${context.input.name}#${context.incarnation}`;
const send = (connId: number, packet: GearmanPacket): TcpEffect => ({ type: 'tcp.send', connId, message: packet });

/** Draws a work time in ms from the worker's distribution, at least 1 µs. */
function workMs(context: WorkerContext): number {
  const { workMsMean, workTime = 'exponential', random } = context.input;
  const drawn = workTime === 'fixed' ? workMsMean
    : workTime === 'uniform' ? 2 * workMsMean * random()
    : -Math.log(1 - random()) * workMsMean;
  return Math.max(0.001, drawn);
}

/**
 * A Gearman worker process in the style of Perl's Gearman::Worker: connects to every hub,
 * registers its functions, and works one job at a time. Its grab loop (DOMAIN.md §1):
 * GRAB_JOB on each hub in turn; NO_JOB everywhere → PRE_SLEEP on each and wait for a NOOP;
 * JOB_ASSIGN → work → WORK_COMPLETE → grab again. It may die mid-job (its connections
 * close, the hubs see the loss) and comes back as a new incarnation after `restartMs`.
 */
export const jobWorkerMachine = setup({
  types: {
    context: {} as WorkerContext,
    input: {} as JobWorkerInput,
    events: {} as JobWorkerEvent,
    emitted: {} as TcpEffect,
  },
  actions: {
    connectAll: enqueueActions(({ context, enqueue }) => {
      context.input.hubs.forEach((hub, index) => enqueue.emit({ type: 'tcp.connect', host: hub.host, port: hub.port, tag: index }));
    }),
    register: enqueueActions(({ context, event, enqueue }) => {
      const { connId, tag } = event as Extract<TcpEvent, { type: 'tcp.connected' }>;
      context.links.set(connId, { hub: tag, connId, sleeping: false, woken: true });
      enqueue.emit(send(connId, request('SET_CLIENT_ID', incarnationName(context))));
      for (const name of context.input.functions) enqueue.emit(send(connId, request('CAN_DO', name)));
    }),
    grabNext: enqueueActions(({ context, enqueue }) => {
      // Grab where a NOOP (or a fresh connection) says there may be work, in hub order.
      if (context.job || context.grabbingOn >= 0) return;
      for (const link of context.links.values()) {
        if (!link.woken) continue;
        link.woken = false;
        link.sleeping = false;
        context.grabbingOn = link.connId;
        enqueue.emit(send(link.connId, request('GRAB_JOB')));
        return;
      }
    }),
    onPacket: enqueueActions(({ context, event, enqueue }) => {
      const { connId, message } = event as Extract<TcpEvent, { type: 'tcp.message' }>;
      const packet = message as GearmanPacket;
      const link = context.links.get(connId);
      if (!link) return;
      switch (packet.type) {
        case 'NO_JOB':
          context.grabbingOn = -1;
          link.sleeping = true;
          enqueue.emit(send(connId, request('PRE_SLEEP')));
          return;
        case 'NOOP':
          link.woken = true;
          return;
        case 'JOB_ASSIGN':
        case 'JOB_ASSIGN_UNIQ': {
          context.grabbingOn = -1;
          context.job = { connId, handle: packet.args[0] ?? '' };
          const crashes = context.input.random() < context.input.crashProbability;
          const delay = workMs(context);
          // A crash strikes part-way through the work; which part is drawn too.
          if (crashes) enqueue.raise({ type: 'crash' }, { delay: delay * context.input.random(), id: 'crash' });
          else enqueue.raise({ type: 'workDone' }, { delay, id: 'work' });
          return;
        }
        default:
          return;
      }
    }),
    complete: enqueueActions(({ context, enqueue }) => {
      const job = context.job;
      context.job = null;
      if (!job || !context.links.has(job.connId)) return;
      enqueue.emit(send(job.connId, request('WORK_COMPLETE', job.handle, 'done')));
      context.links.get(job.connId)!.woken = true;
    }),
    dropLink: enqueueActions(({ context, event, enqueue }) => {
      const { connId } = event as Extract<TcpEvent, { type: 'tcp.peerClosed' | 'tcp.aborted' }>;
      const link = context.links.get(connId);
      if (!link) return;
      context.links.delete(connId);
      if (event.type === 'tcp.peerClosed') enqueue.emit({ type: 'tcp.close', connId });
      if (context.grabbingOn === connId) context.grabbingOn = -1;
      // The hub lost this worker's job with the connection; drop it here too.
      if (context.job?.connId === connId) {
        context.job = null;
        enqueue.cancel('work');
      }
      enqueue.raise({ type: 'reconnect', hub: link.hub }, { delay: context.input.reconnectMs, id: `reconnect:${link.hub}` });
    }),
    retryConnect: enqueueActions(({ context, event, enqueue }) => {
      const { tag } = event as Extract<TcpEvent, { type: 'tcp.connectFailed' }>;
      enqueue.raise({ type: 'reconnect', hub: tag }, { delay: context.input.reconnectMs, id: `reconnect:${tag}` });
    }),
    reconnect: emit(({ context, event }) => {
      const { hub } = event as Extract<JobWorkerEvent, { type: 'reconnect' }>;
      const address = context.input.hubs[hub] as HubAddress;
      return { type: 'tcp.connect' as const, host: address.host, port: address.port, tag: hub };
    }),
    die: enqueueActions(({ context, enqueue }) => {
      // The process exits: the OS closes its sockets (FIN), so every hub sees the loss and
      // records it; the hubs' view is the one the grab checker judges.
      for (const connId of context.links.keys()) enqueue.emit({ type: 'tcp.close', connId });
      // A connect still in flight dies with the process; else it could complete for the next incarnation.
      enqueue.emit({ type: 'tcp.abandonConnects' });
      context.links.clear();
      context.job = null;
      context.grabbingOn = -1;
      // Timers die with the process: a stale work timer must not finish the next incarnation's job.
      enqueue.cancel('work');
      enqueue.cancel('crash');
      for (let hub = 0; hub < context.input.hubs.length; hub++) enqueue.cancel(`reconnect:${hub}`);
    }),
    reincarnate: ({ context }) => {
      context.incarnation++;
    },
    scheduleRestart: raise({ type: 'restart' }, { delay: ({ context }) => context.input.restartMs, id: 'restart' }),
  },
}).createMachine({
  id: 'jobWorker',
  context: ({ input }) => ({ input, incarnation: 1, links: new Map(), job: null, grabbingOn: -1 }),
  initial: 'alive',
  states: {
    alive: {
      entry: 'connectAll',
      on: {
        'tcp.connected': { actions: ['register', 'grabNext'] },
        'tcp.connectFailed': { actions: 'retryConnect' },
        'tcp.message': { actions: ['onPacket', 'grabNext'] },
        'tcp.peerClosed': { actions: ['dropLink', 'grabNext'] },
        'tcp.aborted': { actions: ['dropLink', 'grabNext'] },
        reconnect: { actions: 'reconnect' },
        workDone: { actions: ['complete', 'grabNext'] },
        crash: { target: 'dead', actions: 'die' },
      },
    },
    dead: {
      entry: 'scheduleRestart',
      on: { restart: { target: 'alive', actions: 'reincarnate' } },
    },
  },
});
