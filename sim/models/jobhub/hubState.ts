import { abilitiesNewestFirst, noteNoop, removeAbility } from './abilities.js';
import { loseAssignment, stopTimer } from './assignment.js';
import { FunctionQueue } from './functionQueue.js';
import { HubConnection } from './hubConnection.js';
import { Outbox } from '../../contract/outbox.js';
import type { JobHubHistoryRecord, JobHubTimeoutEvent, UnstampedGrabEvent } from './hubEffect.js';
import { HubJob } from './hubJob.js';
import type { JobHubSettings } from './jobHubSettings.js';
import type { SubmitKind } from './jobPriority.js';
import { bare, type HubReply } from './packet.js';
import { dispatchRequest } from './requestDispatch.js';

/**
 * The whole hub as plain data: connections, functions with their queues, jobs by handle,
 * the unique-key index. The process logic (server.ts) calls one entry point per event
 * (`accept`, `receive`, `disconnect`, `expire`) and then emits what `out` collected; nothing
 * here is copied per event, so thousands of connections and jobs cost what their records
 * cost.
 */
export class HubState {
  readonly connections = new Map<number, HubConnection>();
  /** Function records in creation order, which is the order of the admin `status` lines. */
  readonly functions = new Map<string, FunctionQueue>();
  readonly jobs = new Map<string, HubJob>();
  private readonly uniques = new Map<string, HubJob>();
  /** gearmand's `job_handle_count` starts at 1 (libgearman-server/gearmand.cc). */
  private handlesIssued = 0;
  private registrations = 0;
  /** Sleepers of one function in the order an enqueue wakes them (`sleepersInOrder`); slots past the last use are null. */
  private readonly wakeOrder: (HubConnection | null)[] = [];
  /** What the current event made the hub do, in order; the process logic emits it after each event. */
  readonly out = new Outbox<JobHubHistoryRecord, JobHubTimeoutEvent>();

  constructor(readonly settings: JobHubSettings) {}

  accept(connId: number, remoteIp: string): void {
    if (this.connections.has(connId)) throw new Error(`jobhub: connection ${connId} accepted twice`);
    this.connections.set(connId, new HubConnection(connId, remoteIp));
  }

  receive(connId: number, message: unknown): void {
    const conn = this.connections.get(connId);
    if (!conn) throw new Error(`jobhub: message on connection ${connId}, which was never accepted or is closed`);
    dispatchRequest(this, conn, message);
  }

  /**
   * The connection is gone. After a FIN the hub closes its side too, as gearmand does when
   * read returns 0; after an abort there is nothing left to close. Its foreground jobs lose
   * a client, and the jobs it ran are requeued or failed (the Gearman PROTOCOL file).
   */
  disconnect(connId: number, peerClosed: boolean): void {
    const conn = this.connections.get(connId);
    if (!conn) return;
    this.connections.delete(connId);
    if (peerClosed) this.out.close(connId);
    for (const job of conn.waiting.keys()) job.clients = job.clients.filter((client) => client !== conn);
    conn.waiting.clear();
    if (conn.wasClient) this.record({ kind: 'clientLost', client: conn.identity() });
    for (const functionName of [...conn.abilities.keys()]) removeAbility(this, conn, functionName);
    if (conn.wasWorker) this.record({ kind: 'workerLost', worker: conn.identity() });
    for (const job of conn.held.list()) loseAssignment(this, job, 'workerLost');
  }

  /** A CAN_DO_TIMEOUT timer fired; a timer of an assignment that already ended is ignored. */
  expire(handle: string, assignment: number): void {
    const job = this.jobs.get(handle);
    if (!job || !job.timed || job.assignments !== assignment || job.state !== 'running') return;
    job.timed = false;
    loseAssignment(this, job, 'timeout');
  }

  send(conn: HubConnection, message: HubReply): void {
    this.out.send(conn.connId, message);
  }

  record(event: UnstampedGrabEvent): void {
    if (this.settings.recordHistory) this.out.emit({ type: 'jobhub.history', event });
  }

  /** The function's record, created on first mention as gearmand does. */
  functionNamed(name: string): FunctionQueue {
    let queue = this.functions.get(name);
    if (!queue) {
      queue = new FunctionQueue(name);
      this.functions.set(name, queue);
    }
    return queue;
  }

  /** Numbers ability registrations hub-wide, so sleepers can be woken in registration order. */
  nextRegistration(): number {
    this.registrations += 1;
    return this.registrations;
  }

  jobWithUnique(uniqueKey: string): HubJob | undefined {
    return this.uniques.get(uniqueKey);
  }

  /** Registers a new job under a fresh handle; the caller queues it with {@link enqueue}. */
  createJob(functionName: string, unique: string, data: string, kind: SubmitKind, uniqueKey: string | null): HubJob {
    this.handlesIssued += 1;
    const handle = `H:${this.settings.hostName}:${this.handlesIssued}`;
    const job = new HubJob(handle, functionName, unique, data, kind.priority, kind.background, uniqueKey);
    this.jobs.set(handle, job);
    if (uniqueKey !== null) this.uniques.set(uniqueKey, job);
    this.functionNamed(functionName).total += 1;
    return job;
  }

  /**
   * Puts a job at the tail of its priority list, first sending NOOP to every sleeping worker
   * that can do it and has not had one since its last grab, in registration order: gearmand
   * wakes every capable sleeper, one NOOP per sleep (the Gearman PROTOCOL file; `gearman_server_job_queue`
   * in job.cc).
   */
  enqueue(job: HubJob): void {
    const queue = this.functionNamed(job.functionName);
    if (queue.sleepers.size > 0) {
      const count = this.sleepersInOrder(queue);
      const woken = this.wakeOrder;
      for (let index = 0; index < count; index++) {
        const worker = woken[index] as HubConnection;
        woken[index] = null;
        noteNoop(this, worker);
        this.send(worker, bare.NOOP);
      }
    }
    queue.push(job);
  }

  /**
   * Puts the queue's sleepers in `wakeOrder` in registration order and returns how many: a
   * copy, as each NOOP takes its worker off the set. Sorted by insertion (stable, like the
   * sort it replaces, and fast for the few workers asleep at once) into a list the hub
   * keeps, where a spread, two closures and a sort's work array cost every enqueue.
   */
  private sleepersInOrder(queue: FunctionQueue): number {
    const sorted = this.wakeOrder;
    let count = 0;
    for (const worker of queue.sleepers) {
      const order = registrationOrder(worker, queue.name);
      let slot = count++;
      while (slot > 0 && registrationOrder(sorted[slot - 1]!, queue.name) > order) {
        sorted[slot] = sorted[slot - 1]!;
        slot--;
      }
      sorted[slot] = worker;
    }
    return count;
  }

  /**
   * The job a grab by `conn` would get: its functions newest registration first, as gearmand
   * 1.1.20 scans them (abilities.ts; a reading of the protocol as registration order, which gearmand
   * does not do), each the head of its highest non-empty priority list. Abandoned jobs met on the way are
   * dropped (gearmand's `ignore_job` in `gearman_server_job_take` and `_peek`). With `take`,
   * the job leaves its queue.
   */
  nextJobFor(conn: HubConnection, take: boolean): HubJob | undefined {
    for (const functionName of abilitiesNewestFirst(conn)) {
      const queue = this.functionNamed(functionName);
      let job = queue.peek();
      while (job?.abandoned) {
        queue.shift();
        this.record({ kind: 'failed', job: job.handle, reason: 'clientsGone' });
        job.move('DROP');
        this.endJob(job);
        job = queue.peek();
      }
      if (job) {
        if (take) queue.shift();
        return job;
      }
    }
    return undefined;
  }

  /** Forgets a job: its handle, its unique key (free for a new job), its counts, its client links. */
  endJob(job: HubJob): void {
    stopTimer(this, job);
    this.jobs.delete(job.handle);
    if (job.uniqueKey !== null && this.uniques.get(job.uniqueKey) === job) this.uniques.delete(job.uniqueKey);
    const queue = this.functionNamed(job.functionName);
    queue.total -= 1;
    if (job.worker) {
      queue.running -= 1;
      job.worker.held.delete(job);
      job.worker = null;
    }
    for (const client of job.clients) client.waiting.delete(job);
    job.clients = [];
  }
}

/** Where the connection's registration of `functionName` stands in the hub-wide order (0 if it has none). */
function registrationOrder(conn: HubConnection, functionName: string): number {
  return conn.abilities.get(functionName)?.order ?? 0;
}
