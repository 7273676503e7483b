import { objectArray } from '../../contract/objectArray.js';
import { Outbox } from '../../contract/outbox.js';
import { clientTaskLifecycle, type ClientTaskEventType, type ClientTaskState } from './clientTaskLifecycle.js';
import { hubLinkLifecycle, type HubLinkEventType, type HubLinkState } from './hubLinkLifecycle.js';
import { request, type GearmanPacket, type PacketType } from './packet.js';
import type { HubAddress } from './worker.js';
import type { JobClientInput, JobClientReport, JobClientTimerEvent, SubmitEvent } from './client.js';
import type { JobPriority } from './jobPriority.js';

const submitTypes: Record<JobPriority, { readonly foreground: PacketType; readonly background: PacketType }> = {
  high: { foreground: 'SUBMIT_JOB_HIGH', background: 'SUBMIT_JOB_HIGH_BG' },
  normal: { foreground: 'SUBMIT_JOB', background: 'SUBMIT_JOB_BG' },
  low: { foreground: 'SUBMIT_JOB_LOW', background: 'SUBMIT_JOB_LOW_BG' },
};

const terminal: Partial<Record<PacketType, 'complete' | 'fail' | 'exception'>> = {
  WORK_COMPLETE: 'complete',
  WORK_FAIL: 'fail',
  WORK_EXCEPTION: 'exception',
};

/** One submitted job: the load generator's tag and where it is in its life (clientTaskLifecycle.ts). */
interface ClientTask {
  readonly tag: number;
  readonly background: boolean;
  state: ClientTaskState;
}

/** The connection to one hub while it is up. */
interface HubSession {
  readonly connId: number;
  /** Tasks waiting for JOB_CREATED, in submit order: the hub answers submits in order. */
  readonly awaitingHandle: ClientTask[];
  /** Foreground tasks by handle (several when the hub coalesced equal unique keys). */
  readonly tasksByHandle: Map<string, ClientTask[]>;
}

/**
 * A Gearman client process as plain data: one link per hub (hubLinkLifecycle.ts), the
 * session of each connected one, and the tasks in flight on it (clientTaskLifecycle.ts).
 */
export class ClientState {
  readonly out = new Outbox<JobClientReport, JobClientTimerEvent>();
  private readonly links: HubLinkState[];
  private readonly sessions = new Map<number, HubSession>();
  private readonly hubByConn = new Map<number, number>();

  constructor(readonly input: JobClientInput) {
    this.links = input.hubs.map(() => hubLinkLifecycle.start());
    input.hubs.forEach((_, hub) => this.connect(hub));
  }

  connected(connId: number, hub: number): void {
    this.moveLink(hub, 'CONNECTED');
    this.sessions.set(hub, { connId, awaitingHandle: objectArray(), tasksByHandle: new Map() });
    this.hubByConn.set(connId, hub);
  }

  connectFailed(hub: number): void {
    this.moveLink(hub, 'CONNECT_FAILED');
    this.retryLater(hub);
  }

  reconnect(hub: number): void {
    this.moveLink(hub, 'RECONNECT');
    this.connect(hub);
  }

  submit(job: SubmitEvent): void {
    const task: ClientTask = { tag: job.tag, background: job.background, state: clientTaskLifecycle.start() };
    const session = this.sessions.get(job.hub);
    if (!session) {
      this.moveTask(task, 'NOT_CONNECTED');
      this.out.emit({ type: 'job.lost', tag: job.tag, reason: 'notConnected' });
      return;
    }
    const types = submitTypes[job.priority];
    this.moveTask(task, 'SUBMIT');
    session.awaitingHandle.push(task);
    this.out.send(session.connId, request(job.background ? types.background : types.foreground, job.func, job.unique, job.data));
  }

  receive(connId: number, packet: GearmanPacket): void {
    const session = this.sessions.get(this.hubByConn.get(connId) ?? -1);
    if (!session) return;
    const handle = packet.args[0] ?? '';
    if (packet.type === 'JOB_CREATED') return this.created(session, handle);
    const reply = terminal[packet.type];
    const tasks = reply ? session.tasksByHandle.get(handle) : undefined;
    if (!reply || !tasks) return;
    session.tasksByHandle.delete(handle);
    const event = reply === 'complete' ? 'WORK_COMPLETE' : reply === 'fail' ? 'WORK_FAIL' : 'WORK_EXCEPTION';
    for (const task of tasks) {
      this.moveTask(task, event);
      this.out.emit({ type: 'job.done', tag: task.tag, handle, reply });
    }
  }

  /** The hub closed or reset the connection: its tasks are lost, and the link retries later. */
  lost(connId: number, peerClosed: boolean): void {
    const hub = this.hubByConn.get(connId);
    if (hub === undefined) return;
    if (peerClosed) this.out.close(connId);
    this.endSession(hub);
    this.retryLater(hub);
  }

  /** Drops every hub connection now, as a client process that gives up on its jobs. */
  disconnectAll(): void {
    for (const [hub, session] of [...this.sessions]) {
      this.out.close(session.connId);
      this.endSession(hub);
      this.retryLater(hub);
    }
  }

  private created(session: HubSession, handle: string): void {
    const task = session.awaitingHandle.shift();
    if (task === undefined) return;
    this.moveTask(task, task.background ? 'JOB_CREATED_BACKGROUND' : 'JOB_CREATED');
    this.out.emit({ type: 'job.created', tag: task.tag, handle });
    if (task.background) return;
    const tasks = session.tasksByHandle.get(handle);
    if (tasks) tasks.push(task);
    else session.tasksByHandle.set(handle, [task]);
  }

  /** Forgets a hub's session; its tasks waiting for a handle or a result are lost to this client. */
  private endSession(hub: number): void {
    const session = this.sessions.get(hub);
    if (!session) return;
    this.moveLink(hub, 'LOST');
    this.sessions.delete(hub);
    this.hubByConn.delete(session.connId);
    const tasks = [...session.awaitingHandle, ...[...session.tasksByHandle.values()].flat()];
    for (const task of tasks) {
      this.moveTask(task, 'CONNECTION_LOST');
      this.out.emit({ type: 'job.lost', tag: task.tag, reason: 'connectionLost' });
    }
  }

  private connect(hub: number): void {
    const address = this.input.hubs[hub] as HubAddress;
    this.out.emit({ type: 'tcp.connect', host: address.host, port: address.port, tag: hub });
  }

  private retryLater(hub: number): void {
    this.out.startTimer(`reconnect:${hub}`, this.input.reconnectMs, { type: 'reconnect', hub });
  }

  private moveLink(hub: number, event: HubLinkEventType): void {
    this.links[hub] = hubLinkLifecycle.next(this.links[hub] as HubLinkState, event);
  }

  private moveTask(task: ClientTask, event: ClientTaskEventType): void {
    task.state = clientTaskLifecycle.next(task.state, event);
  }
}
