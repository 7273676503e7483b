import type { Kernel, KernelEvent, TraceName } from '../../kernel/kernel.js';
import type { RandomStream } from '../../kernel/randomStream.js';
import type { GrabHistory } from '../../contract/grabHistory.js';
import type { JobRowView, JobTable } from './jobTable.js';
import type { DbWorkerKindName } from './dbQueueSettings.js';

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
 * kernel. A crash ends the incarnation (its connection closes, its timer is cancelled) and
 * `start` begins the next one under a new name (`w1#2`), as a restarted process would be.
 */
export class DbWorker {
  private incarnation = 0;
  private connection = '';
  private alive = false;
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
    return this.alive;
  }

  start(): void {
    if (this.alive) throw new Error(`dbqueue: ${this.connection} started while alive`);
    this.incarnation++;
    this.connection = `w${this.slot + 1}#${this.incarnation}`;
    this.alive = true;
    this.find();
  }

  /** Kills the incarnation wherever it is; returns false when it was not running. */
  crash(): boolean {
    if (!this.alive) return false;
    this.alive = false;
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
      if (rows.length === 0) this.sleep();
      else this.walk(this.shuffle(rows), 0);
    });
  }

  private walk(rows: readonly JobRowView[], position: number): void {
    const row = rows[position];
    if (!row) {
      if (this.kind.afterList === 'find') this.find();
      else this.sleep();
      return;
    }
    const { kernel, table, grabForUs } = this.host;
    const connection = this.connection;
    this.kind.grab({ kernel, table, connection, grabForUs }, row, (held) => {
      this.assertCurrent(connection);
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
      table.deleteRow(connection, jobId, () => {
        this.assertCurrent(connection);
        // A delete that finds no row still ends this worker's job: it did the work, and a
        // row another worker already deleted is that double hold's consequence.
        history.record({ kind: 'completed', atUs: kernel.nowUs, job: jobName(jobId), worker: connection });
        if (this.kind.afterJob === 'find') this.find();
        else this.walk(rows, position + 1);
      });
    });
  }

  private sleep(): void {
    this.timer = this.host.kernel.after(this.host.pollIntervalUs, this.actor, this.types.poll, 0, () => {
      this.timer = null;
      this.find();
    });
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
    if (!this.alive || connection !== this.connection) {
      throw new Error(`dbqueue: reply for ${connection} reached ${this.alive ? this.connection : 'a dead worker'}`);
    }
  }
}
