import type { Kernel, KernelEvent, TraceName } from '../../kernel/kernel.js';
import type { RandomStream } from '../../kernel/randomStream.js';
import type { GrabHistory } from '../../contract/grabHistory.js';
import type { JobRowView, JobTable } from './jobTable.js';
import type { DbWorkerKindName } from './dbQueueSettings.js';
import { pollLoopLifecycle, type PollLoopEventType, type PollLoopState } from './pollLoopLifecycle.js';

/** What a grab needs besides the row: the worker's connection and the lease it asks for. */
export interface GrabContext {
  readonly kernel: Kernel;
  readonly table: JobTable;
  readonly connection: string;
  readonly grabForUs: number;
}

/**
 * The part of a worker's loop that differs between the three models: how it lists jobs,
 * how it takes one, and where it goes after a job or after an unlucky pass over the list.
 */
export interface DbWorkerKind {
  readonly name: DbWorkerKindName;
  find(table: JobTable, connection: string, limit: number, reply: (rows: JobRowView[]) => void): void;
  /** Tries to take one listed job; replies whether the worker now believes it holds it. */
  grab(context: GrabContext, row: JobRowView, reply: (held: boolean) => void): void;
  /** After a job: walk on through the list (the post's old model) or find afresh (TheSchwartz work_once). */
  readonly afterJob: 'nextInList' | 'find';
  /** After the last row of the list: query again at once (old model) or sleep (TheSchwartz found nothing). */
  readonly afterList: 'find' | 'sleep';
}

/** What the driver gives every worker. */
export interface DbWorkerHost {
  readonly kernel: Kernel;
  readonly table: JobTable;
  readonly history: GrabHistory;
  readonly findLimit: number;
  readonly pollIntervalUs: number;
  readonly grabForUs: number;
  /** The work time of a job, fixed when it was submitted, so every model runs the same jobs. */
  workUsOf(jobId: number): number;
}

/** The name a job has in the history. */
export function jobName(jobId: number): string {
  return `j${jobId}`;
}

/**
 * One worker process slot: a loop of find, shuffle, grab, work, delete, as plain code on the
 * kernel, whose state is the poll-loop statechart's (pollLoopLifecycle.ts): every step moves
 * it, and a step the statechart forbids throws. A crash ends the incarnation (its connection
 * closes, its timer is cancelled) and `start` begins the next one under a new name (`w1#2`),
 * as a restarted process would be. Plain code rather than an actor: the table's replies are
 * callbacks on the kernel, and the loop's state is one field advanced by the compiled table.
 */
export class DbWorker {
  private incarnation = 0;
  private connection = '';
  private state: PollLoopState = pollLoopLifecycle.start();
  private timer: KernelEvent | null = null;
  private readonly actor: TraceName;
  private readonly types: Record<'poll' | 'workDone', TraceName>;

  constructor(
    private readonly host: DbWorkerHost,
    private readonly kind: DbWorkerKind,
    readonly slot: number,
    private readonly shuffleStream: RandomStream,
  ) {
    this.actor = host.kernel.name(`w${slot + 1}`);
    this.types = { poll: host.kernel.name('worker.poll'), workDone: host.kernel.name('worker.workDone') };
  }

  get isAlive(): boolean {
    return this.state !== 'down';
  }

  start(): void {
    if (this.isAlive) throw new Error(`dbqueue: ${this.connection} started while alive`);
    this.incarnation++;
    this.connection = `w${this.slot + 1}#${this.incarnation}`;
    this.move('START');
    this.find();
  }

  /** Kills the incarnation wherever it is; returns false when it was not running. */
  crash(): boolean {
    if (!this.isAlive) return false;
    this.move('CRASH');
    if (this.timer) this.host.kernel.cancel(this.timer);
    this.timer = null;
    this.host.table.disconnect(this.connection);
    this.host.history.record({ kind: 'workerLost', atUs: this.host.kernel.nowUs, worker: this.connection });
    return true;
  }

  private find(): void {
    const connection = this.connection;
    this.kind.find(this.host.table, connection, this.host.findLimit, (rows) => {
      this.assertCurrent(connection);
      if (rows.length === 0) return this.sleep();
      this.move('CANDIDATES');
      this.walk(this.shuffle(rows), 0);
    });
  }

  private walk(rows: readonly JobRowView[], position: number): void {
    const row = rows[position];
    if (!row) {
      if (this.kind.afterList === 'sleep') return this.sleep();
      this.move('REQUERY');
      return this.find();
    }
    const { kernel, table, grabForUs } = this.host;
    const connection = this.connection;
    this.kind.grab({ kernel, table, connection, grabForUs }, row, (held) => {
      this.assertCurrent(connection);
      this.move(held ? 'GRABBED' : 'LOST_RACE');
      if (held) this.work(rows, position, row.jobId);
      else this.walk(rows, position + 1);
    });
  }

  private work(rows: readonly JobRowView[], position: number, jobId: number): void {
    const { kernel, history, table } = this.host;
    const connection = this.connection;
    history.record({ kind: 'assigned', atUs: kernel.nowUs, job: jobName(jobId), worker: connection });
    this.timer = kernel.after(this.host.workUsOf(jobId), this.actor, this.types.workDone, jobId, () => {
      this.timer = null;
      this.move('WORK_DONE');
      table.deleteRow(connection, jobId, () => {
        this.assertCurrent(connection);
        // A delete that finds no row still ends this worker's job: it did the work, and a
        // row another worker already deleted is that double hold's consequence.
        history.record({ kind: 'completed', atUs: kernel.nowUs, job: jobName(jobId), worker: connection });
        if (this.kind.afterJob === 'find') {
          this.move('COMPLETED');
          return this.find();
        }
        this.nextAfterJob(rows, position + 1);
      });
    });
  }

  /** The old polling model walks on after a job: the next candidate, or a new query at the list's end. */
  private nextAfterJob(rows: readonly JobRowView[], position: number): void {
    if (position < rows.length) {
      this.move('NEXT_CANDIDATE');
      return this.walk(rows, position);
    }
    this.move('REQUERY');
    this.find();
  }

  private sleep(): void {
    this.move('NOTHING');
    this.timer = this.host.kernel.after(this.host.pollIntervalUs, this.actor, this.types.poll, 0, () => {
      this.timer = null;
      this.move('WAKE');
      this.find();
    });
  }

  private move(event: PollLoopEventType): void {
    this.state = pollLoopLifecycle.next(this.state, event);
  }

  /** Fisher–Yates with the worker's own seeded stream (TheSchwartz shuffles "to avoid contention"). */
  private shuffle(rows: JobRowView[]): JobRowView[] {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = this.shuffleStream.int(0, i);
      const swap = rows[i] as JobRowView;
      rows[i] = rows[j] as JobRowView;
      rows[j] = swap;
    }
    return rows;
  }

  /** The table replies only to open connections: a reply to a dead incarnation is our bug. */
  private assertCurrent(connection: string): void {
    if (!this.isAlive || connection !== this.connection) {
      throw new Error(`dbqueue: reply for ${connection} reached ${this.isAlive ? this.connection : 'a dead worker'}`);
    }
  }
}
