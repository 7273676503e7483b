import { Outbox } from '../../contract/outbox.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { JobWork, JobWorkContext, JobWorkRecord, JobWorkTimeoutEvent } from './jobWork.js';
import { bare, request, type GearmanPacket } from './packet.js';
import type { HubAddress, JobWorkerInput, JobWorkerTimerEvent } from './worker.js';
import { workerLoopLifecycle, type WorkerLoopEventType, type WorkerLoopState } from './workerLoopLifecycle.js';

/** One hub connection of a worker, as plain data (there is one per hub). */
interface HubLink {
  readonly hub: number;
  readonly connId: number;
  /** A NOOP (or a fresh connection) says there may be work here: grab here when free. */
  woken: boolean;
}

/** The worker's own timer events, one object each (an event is never changed): one starts for every job. */
const workDoneEvent = { type: 'workDone' } as const;
const crashEvent = { type: 'crash' } as const;
const restartEvent = { type: 'restart' } as const;

/** The loop state each state of the links and the job leaves the worker in (workerLoopLifecycle.ts). */
type AlivePhase = Exclude<WorkerLoopState, 'dead'>;

/** The event that moves the loop from `from` to `to`: the cause the statechart names. */
function causeOf(from: WorkerLoopState, to: AlivePhase): WorkerLoopEventType {
  if (to === 'grabbing') return 'GRAB_JOB';
  if (to === 'working') return 'JOB_ASSIGN';
  if (to === 'sleeping') return 'NOTHING_TO_GRAB';
  return from === 'dead' ? 'RESTART' : 'ALL_LINKS_LOST';
}

/**
 * A Gearman worker process as plain data: its hub links, the job it works, its incarnation,
 * and its loop state, which only moves as the worker-loop statechart allows.
 */
export class WorkerState {
  readonly out = new Outbox<JobWorkRecord, JobWorkerTimerEvent>();
  private incarnation = 1;
  private loop: WorkerLoopState = workerLoopLifecycle.start();
  private readonly links = new Map<number, HubLink>();
  /** The job being worked: its connection and handle, and its work when the input gives a plan. */
  private job: { readonly connId: number; readonly handle: string; work: JobWork | null } | null = null;
  /** The last connect tag used; hub links use their index, so work connects count up from the hub count. */
  private tagLast: number;
  /** The connection a GRAB_JOB is outstanding on, or -1. */
  private grabbingOn = -1;

  constructor(readonly input: JobWorkerInput) {
    this.tagLast = input.hubs.length - 1;
    this.connectAll();
  }

  get isAlive(): boolean {
    return this.loop !== 'dead';
  }

  get loopState(): WorkerLoopState {
    return this.loop;
  }

  connected(connId: number, hub: number): void {
    // A work connection that opened after its job was dropped: nobody wants it.
    if (hub >= this.input.hubs.length) return this.out.close(connId);
    this.links.set(connId, { hub, connId, woken: true });
    this.out.send(connId, request('SET_CLIENT_ID', this.incarnationName()));
    for (const name of this.input.functions) this.out.send(connId, request('CAN_DO', name));
    this.grabNext();
  }

  connectFailed(hub: number): void {
    if (hub < this.input.hubs.length) this.retryLater(hub);
  }

  receive(connId: number, packet: GearmanPacket): void {
    const link = this.links.get(connId);
    if (link) this.onPacket(link, packet);
    this.grabNext();
  }

  lost(connId: number, peerClosed: boolean): void {
    const link = this.links.get(connId);
    if (link) {
      this.links.delete(connId);
      if (peerClosed) this.out.close(connId);
      if (this.grabbingOn === connId) this.grabbingOn = -1;
      // The hub lost this worker's job with the connection; drop it here too.
      if (this.job?.connId === connId) this.dropJob();
      this.retryLater(link.hub);
    }
    this.grabNext();
  }

  reconnect(hub: number): void {
    this.connect(hub);
  }

  workDone(): void {
    this.finishJob(true);
  }

  /** A TCP event of the running job's own connections goes to its work; false when it is not one. */
  workHandled(event: TcpEvent): boolean {
    return this.job?.work?.handle(event) ?? false;
  }

  workTimeout(event: JobWorkTimeoutEvent): void {
    this.job?.work?.timeout(event);
  }

  /** The job is over: WORK_COMPLETE or WORK_FAIL to its hub, if the link still stands; then grab again. */
  private finishJob(ok: boolean): void {
    const job = this.job;
    this.job = null;
    const link = job ? this.links.get(job.connId) : undefined;
    if (job && link) {
      this.out.send(job.connId, ok ? request('WORK_COMPLETE', job.handle, 'done') : request('WORK_FAIL', job.handle));
      link.woken = true;
    }
    this.grabNext();
  }

  /** The hub lost the job (or the process dies): forget it, stop its timer, close what its work has open. */
  private dropJob(): void {
    this.job?.work?.abort();
    this.job = null;
    this.out.cancelTimer('work');
  }

  /**
   * The process exits: the OS closes its sockets (FIN), so every hub sees the loss; a connect
   * in flight dies too (else it could complete for the next incarnation), and so do its
   * timers (a stale work timer must not finish the next incarnation's job).
   */
  crash(): void {
    for (const connId of this.links.keys()) this.out.close(connId);
    this.out.emit({ type: 'tcp.abandonConnects' });
    this.links.clear();
    this.dropJob();
    this.grabbingOn = -1;
    this.out.cancelTimer('crash');
    for (let hub = 0; hub < this.input.hubs.length; hub++) this.out.cancelTimer(`reconnect:${hub}`);
    this.loop = workerLoopLifecycle.next(this.loop, 'CRASH');
    this.out.startTimer('restart', this.input.restartMs, restartEvent);
  }

  restart(): void {
    this.incarnation++;
    this.loop = workerLoopLifecycle.next(this.loop, 'RESTART');
    this.connectAll();
  }

  private onPacket(link: HubLink, packet: GearmanPacket): void {
    switch (packet.type) {
      case 'NO_JOB':
        this.grabbingOn = -1;
        this.out.send(link.connId, bare.PRE_SLEEP);
        return;
      case 'NOOP':
        link.woken = true;
        return;
      case 'JOB_ASSIGN':
      case 'JOB_ASSIGN_UNIQ': {
        this.grabbingOn = -1;
        this.job = { connId: link.connId, handle: packet.args[0] ?? '', work: null };
        const crashes = this.input.random() < this.input.crashProbability;
        if (this.input.work) return this.startWork(packet, crashes);
        const delayMs = this.workMs();
        // A crash strikes part-way through the work; which part is drawn too.
        if (crashes) this.out.startTimer('crash', delayMs * this.input.random(), crashEvent);
        else this.out.startTimer('work', delayMs, workDoneEvent);
        return;
      }
      default:
        return;
    }
  }

  /** Hands the job to the work plan; a crash still strikes part-way, within about the mean work time. */
  private startWork(packet: GearmanPacket, crashes: boolean): void {
    const job = this.job!;
    const func = packet.args[1] ?? '';
    const data = packet.args[packet.type === 'JOB_ASSIGN_UNIQ' ? 3 : 2] ?? '';
    if (crashes) this.out.startTimer('crash', this.input.workMsMean * this.input.random(), crashEvent);
    const context: JobWorkContext = {
      out: this.out,
      nextTag: () => ++this.tagLast,
      // A stale finish (the job dropped meanwhile) must not end the next job.
      finish: (ok) => { if (this.job === job) this.finishJob(ok); },
    };
    job.work = this.input.work!(func, data, context);
  }

  /** Grabs where a NOOP (or a fresh connection) says there may be work, in hub order; then moves the loop to where that leaves it. */
  private grabNext(): void {
    if (!this.job && this.grabbingOn < 0) {
      for (const link of this.links.values()) {
        if (!link.woken) continue;
        link.woken = false;
        this.grabbingOn = link.connId;
        this.out.send(link.connId, bare.GRAB_JOB);
        break;
      }
    }
    const phase = this.phase();
    if (phase !== this.loop) this.loop = workerLoopLifecycle.next(this.loop, causeOf(this.loop, phase));
  }

  private phase(): AlivePhase {
    if (this.job) return 'working';
    if (this.grabbingOn >= 0) return 'grabbing';
    return this.links.size > 0 ? 'sleeping' : 'connecting';
  }

  /** Draws a work time in ms from the worker's distribution, at least 1 µs. */
  private workMs(): number {
    const { workMsMean, workTime = 'exponential', random } = this.input;
    const drawn = workTime === 'fixed' ? workMsMean
      : workTime === 'uniform' ? 2 * workMsMean * random()
      : -Math.log(1 - random()) * workMsMean;
    return Math.max(0.001, drawn);
  }

  private connectAll(): void {
    this.input.hubs.forEach((_, hub) => this.connect(hub));
  }

  private connect(hub: number): void {
    const address = this.input.hubs[hub] as HubAddress;
    this.out.emit({ type: 'tcp.connect', host: address.host, port: address.port, tag: hub });
  }

  private retryLater(hub: number): void {
    this.out.startTimer(`reconnect:${hub}`, this.input.reconnectMs, { type: 'reconnect', hub });
  }

  private incarnationName(): string {
    return `${this.input.name}#${this.incarnation}`;
  }
}
