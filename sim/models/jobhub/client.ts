import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { request, type GearmanPacket, type PacketType } from './packet.js';
import type { HubAddress } from './worker.js';

/** Job priorities and the submit packet each uses (DOMAIN.md §1). */
export type JobPriority = 'high' | 'normal' | 'low';

const submitTypes: Record<JobPriority, { readonly foreground: PacketType; readonly background: PacketType }> = {
  high: { foreground: 'SUBMIT_JOB_HIGH', background: 'SUBMIT_JOB_HIGH_BG' },
  normal: { foreground: 'SUBMIT_JOB', background: 'SUBMIT_JOB_BG' },
  low: { foreground: 'SUBMIT_JOB_LOW', background: 'SUBMIT_JOB_LOW_BG' },
};

/** Input of {@link jobClientMachine}. */
export interface JobClientInput {
  readonly name: string;
  /** Hubs it may submit to; each job goes to the hub the submit names. */
  readonly hubs: readonly HubAddress[];
  /** A lost or refused connection to a hub is tried again after this long (default 1 000 ms). */
  readonly reconnectMs: number;
}

/** What the load generator asks of the client: one job. `tag` names it in reports. */
export interface SubmitEvent {
  readonly type: 'submit';
  readonly tag: number;
  readonly hub: number;
  readonly func: string;
  readonly unique: string;
  readonly data: string;
  readonly priority: JobPriority;
  readonly background: boolean;
}

/** What the client reports about its jobs. */
export type JobClientReport =
  | { readonly type: 'job.created'; readonly tag: number; readonly handle: string }
  | { readonly type: 'job.done'; readonly tag: number; readonly handle: string; readonly reply: 'complete' | 'fail' | 'exception' }
  /** Never submitted (no connection to that hub) or lost with its connection. */
  | { readonly type: 'job.lost'; readonly tag: number; readonly reason: string };

interface HubSession {
  connId: number;
  /** Tags waiting for JOB_CREATED, in submit order: the hub answers submits in order. */
  readonly awaitingHandle: number[];
  /** Foreground tags by handle (several when the hub coalesced equal unique keys). */
  readonly tagsByHandle: Map<string, number[]>;
}

interface ClientContext {
  readonly input: JobClientInput;
  /** One session per hub index; plain data mutated by actions. */
  readonly sessions: Map<number, HubSession>;
  readonly hubByConn: Map<number, number>;
}

export type JobClientEvent =
  | TcpEvent
  | SubmitEvent
  | { type: 'reconnect'; hub: number }
  /** Drop every hub connection now, as a client process that gives up on its jobs. */
  | { type: 'disconnect' };

const terminal: Partial<Record<PacketType, 'complete' | 'fail' | 'exception'>> = {
  WORK_COMPLETE: 'complete',
  WORK_FAIL: 'fail',
  WORK_EXCEPTION: 'exception',
};

/** Forgets a hub's session; its jobs waiting for a handle or a result are lost to this client. */
function endSession(context: ClientContext, hub: number): JobClientReport[] {
  const session = context.sessions.get(hub);
  if (!session) return [];
  context.sessions.delete(hub);
  context.hubByConn.delete(session.connId);
  const reports: JobClientReport[] = [];
  for (const marked of session.awaitingHandle) reports.push({ type: 'job.lost', tag: marked < 0 ? -1 - marked : marked, reason: 'connectionLost' });
  for (const tags of session.tagsByHandle.values()) for (const tag of tags) reports.push({ type: 'job.lost', tag, reason: 'connectionLost' });
  return reports;
}

/**
 * A Gearman client (Gearman::Client style): keeps one connection per hub, submits each job
 * to the hub the load generator names, matches JOB_CREATED to submits in order, and
 * reports each foreground job's terminal reply (WORK_COMPLETE / FAIL / EXCEPTION).
 */
export const jobClientMachine = setup({
  types: {
    context: {} as ClientContext,
    input: {} as JobClientInput,
    events: {} as JobClientEvent,
    emitted: {} as TcpEffect | JobClientReport,
  },
  actions: {
    connectAll: enqueueActions(({ context, enqueue }) => {
      context.input.hubs.forEach((hub, index) => enqueue.emit({ type: 'tcp.connect', host: hub.host, port: hub.port, tag: index }));
    }),
    open: ({ context, event }) => {
      const { connId, tag } = event as Extract<TcpEvent, { type: 'tcp.connected' }>;
      context.sessions.set(tag, { connId, awaitingHandle: [], tagsByHandle: new Map() });
      context.hubByConn.set(connId, tag);
    },
    submit: enqueueActions(({ context, event, enqueue }) => {
      const job = event as SubmitEvent;
      const session = context.sessions.get(job.hub);
      if (!session) {
        enqueue.emit({ type: 'job.lost', tag: job.tag, reason: 'notConnected' });
        return;
      }
      const types = submitTypes[job.priority];
      session.awaitingHandle.push(job.background ? -1 - job.tag : job.tag);
      const packet = request(job.background ? types.background : types.foreground, job.func, job.unique, job.data);
      enqueue.emit({ type: 'tcp.send', connId: session.connId, message: packet });
    }),
    onPacket: enqueueActions(({ context, event, enqueue }) => {
      const { connId, message } = event as Extract<TcpEvent, { type: 'tcp.message' }>;
      const packet = message as GearmanPacket;
      const session = context.sessions.get(context.hubByConn.get(connId) ?? -1);
      if (!session) return;
      const handle = packet.args[0] ?? '';
      if (packet.type === 'JOB_CREATED') {
        const marked = session.awaitingHandle.shift();
        if (marked === undefined) return;
        const background = marked < 0;
        const tag = background ? -1 - marked : marked;
        enqueue.emit({ type: 'job.created', tag, handle });
        if (!background) session.tagsByHandle.set(handle, [...(session.tagsByHandle.get(handle) ?? []), tag]);
        return;
      }
      const reply = terminal[packet.type];
      const tags = reply ? session.tagsByHandle.get(handle) : undefined;
      if (!reply || !tags) return;
      session.tagsByHandle.delete(handle);
      for (const tag of tags) enqueue.emit({ type: 'job.done', tag, handle, reply });
    }),
    close: enqueueActions(({ context, event, enqueue }) => {
      const { connId } = event as Extract<TcpEvent, { type: 'tcp.peerClosed' | 'tcp.aborted' }>;
      const hub = context.hubByConn.get(connId);
      if (hub === undefined) return;
      if (event.type === 'tcp.peerClosed') enqueue.emit({ type: 'tcp.close', connId });
      for (const report of endSession(context, hub)) enqueue.emit(report);
      enqueue.raise({ type: 'reconnect', hub }, { delay: context.input.reconnectMs, id: `reconnect:${hub}` });
    }),
    disconnectAll: enqueueActions(({ context, enqueue }) => {
      for (const [hub, session] of [...context.sessions]) {
        enqueue.emit({ type: 'tcp.close', connId: session.connId });
        for (const report of endSession(context, hub)) enqueue.emit(report);
        enqueue.raise({ type: 'reconnect', hub }, { delay: context.input.reconnectMs, id: `reconnect:${hub}` });
      }
    }),
    retryConnect: enqueueActions(({ context, event, enqueue }) => {
      const { tag } = event as Extract<TcpEvent, { type: 'tcp.connectFailed' }>;
      enqueue.raise({ type: 'reconnect', hub: tag }, { delay: context.input.reconnectMs, id: `reconnect:${tag}` });
    }),
    reconnect: enqueueActions(({ context, event, enqueue }) => {
      const { hub } = event as Extract<JobClientEvent, { type: 'reconnect' }>;
      const address = context.input.hubs[hub] as HubAddress;
      enqueue.emit({ type: 'tcp.connect', host: address.host, port: address.port, tag: hub });
    }),
  },
}).createMachine({
  id: 'jobClient',
  context: ({ input }) => ({ input, sessions: new Map(), hubByConn: new Map() }),
  initial: 'running',
  entry: 'connectAll',
  states: {
    running: {
      on: {
        'tcp.connected': { actions: 'open' },
        'tcp.connectFailed': { actions: 'retryConnect' },
        'tcp.message': { actions: 'onPacket' },
        'tcp.peerClosed': { actions: 'close' },
        'tcp.aborted': { actions: 'close' },
        submit: { actions: 'submit' },
        reconnect: { actions: 'reconnect' },
        disconnect: { actions: 'disconnectAll' },
      },
    },
  },
});
