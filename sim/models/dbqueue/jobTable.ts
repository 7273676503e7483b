import type { Kernel, TraceName } from '../../kernel/kernel.js';

/** One row of TheSchwartz's `job` table, reduced to the columns a grab depends on (TheSchwartz.pm). */
export interface JobRow {
  readonly jobId: number;
  readonly funcId: number;
  runAfterUs: number;
  grabbedUntilUs: number;
  failures: number;
}

/** A row as a query returned it: a copy taken when the statement ran, stale afterwards. */
export type JobRowView = Readonly<JobRow>;

/** What one statement costs the database, and how big the table may grow. */
export interface JobTableCosts {
  /** Database time of a SELECT that lists or reads rows. */
  readonly queryCostUs: number;
  /** Database time of a single-row write or lock: INSERT, lock, UPDATE, DELETE. */
  readonly lockCostUs: number;
  /** Rows the table may hold; an insert beyond it is a run limit and throws. */
  readonly rowsMax: number;
}

/** Outcome of `SELECT … FOR UPDATE NOWAIT` on one row. */
export type LockResult = 'locked' | 'held' | 'gone';

/** Counts the database keeps; the driver turns them into per-job metrics. */
export interface JobTableCounters {
  /** Every statement served, inserts included. */
  statements: number;
  inserts: number;
  /** Lock or grab attempts that lost a race: the row was held by another, or already gone. */
  lockConflicts: number;
}

/**
 * The job table and the database process that serves it. The database is one server that
 * handles statements one at a time in arrival order: a statement issued at `t` starts when
 * every earlier one is done and takes its cost, and its effect and reply both happen when
 * it finishes. So concurrent workers queue behind each other, and every useless query
 * delays everyone: that is what makes polling expensive.
 *
 * Each caller names its connection. A closed connection (a crashed worker) loses its row
 * locks at once, and a statement of it still waiting in the queue is dropped when its turn
 * comes (it keeps the server busy all the same). A real server would run a statement it had
 * already read; dropping it keeps every effect of a dead worker out of the table, so a
 * history never needs a completion by a worker already lost. The cost is a job run twice
 * (the dead worker's DELETE never lands and the job comes back), which requeue semantics allow.
 */
export class JobTable {
  readonly counters: JobTableCounters = { statements: 0, inserts: 0, lockConflicts: 0 };
  /** Rows by job id; ids only grow, so insertion order is `ORDER BY jobid`. */
  private readonly rows = new Map<number, JobRow>();
  private readonly lockOwners = new Map<number, string>();
  private readonly closedConnections = new Set<string>();
  private jobIdNext = 1;
  private busyUntilUs = 0;
  private readonly actor: TraceName;
  private readonly types: Record<'insert' | 'select' | 'read' | 'lock' | 'update' | 'delete', TraceName>;

  constructor(private readonly kernel: Kernel, private readonly costs: JobTableCosts) {
    this.actor = kernel.name('db');
    this.types = {
      insert: kernel.name('db.insert'), select: kernel.name('db.select'), read: kernel.name('db.read'),
      lock: kernel.name('db.lock'), update: kernel.name('db.update'), delete: kernel.name('db.delete'),
    };
  }

  get rowCount(): number {
    return this.rows.size;
  }

  /** `INSERT INTO job`: a new row, runnable from `runAfterUs`, grabbed by no one. */
  insert(connection: string, funcId: number, runAfterUs: number, reply: (row: JobRowView) => void): void {
    this.counters.inserts++;
    this.serve(connection, this.types.insert, 0, this.costs.lockCostUs, () => {
      if (this.rows.size >= this.costs.rowsMax) {
        throw new Error(`job table: full at ${this.costs.rowsMax} rows (rowsMax); the workers fall behind the job stream`);
      }
      const row: JobRow = { jobId: this.jobIdNext++, funcId, runAfterUs, grabbedUntilUs: 0, failures: 0 };
      this.rows.set(row.jobId, row);
      return { ...row };
    }, reply);
  }

  /** The post's old model: `SELECT … WHERE run_after <= now ORDER BY jobid LIMIT n` (locks are invisible to it). */
  selectRunnable(connection: string, limit: number, reply: (rows: JobRowView[]) => void): void {
    this.serve(connection, this.types.select, 0, this.costs.queryCostUs, () => this.scan(limit, false), reply);
  }

  /** TheSchwartz find: `… AND grabbed_until <= now ORDER BY jobid LIMIT n` (TheSchwartz.pm). */
  selectGrabbable(connection: string, limit: number, reply: (rows: JobRowView[]) => void): void {
    this.serve(connection, this.types.select, 0, this.costs.queryCostUs, () => this.scan(limit, true), reply);
  }

  /** `SELECT * FROM job WHERE jobid = ?`: the row as it is now, or undefined when deleted. */
  selectRow(connection: string, jobId: number, reply: (row: JobRowView | undefined) => void): void {
    this.serve(connection, this.types.read, jobId, this.costs.queryCostUs, () => {
      const row = this.rows.get(jobId);
      return row && { ...row };
    }, reply);
  }

  /** `SELECT … FOR UPDATE NOWAIT` on one row: the lock lasts until the row is deleted or the connection closes. */
  lockNowait(connection: string, jobId: number, reply: (result: LockResult) => void): void {
    this.serve(connection, this.types.lock, jobId, this.costs.lockCostUs, (): LockResult => {
      if (!this.rows.has(jobId)) return this.conflict('gone');
      const owner = this.lockOwners.get(jobId);
      if (owner !== undefined && owner !== connection) return this.conflict('held');
      this.lockOwners.set(jobId, connection);
      return 'locked';
    }, reply);
  }

  /**
   * TheSchwartz grab: `UPDATE job SET grabbed_until = ? WHERE jobid = ? AND grabbed_until = <old>`;
   * replies whether one row changed (TheSchwartz.pm).
   */
  updateGrabbedIfUnchanged(connection: string, jobId: number, oldUs: number, untilUs: number, reply: (changed: boolean) => void): void {
    this.serve(connection, this.types.update, jobId, this.costs.lockCostUs, () => {
      const row = this.rows.get(jobId);
      if (!row || row.grabbedUntilUs !== oldUs) return this.conflict(false);
      row.grabbedUntilUs = untilUs;
      return true;
    }, reply);
  }

  /** The same UPDATE without the compare: changes the row whoever holds it (the planted bug). */
  updateGrabbed(connection: string, jobId: number, untilUs: number, reply: (changed: boolean) => void): void {
    this.serve(connection, this.types.update, jobId, this.costs.lockCostUs, () => {
      const row = this.rows.get(jobId);
      if (!row) return false;
      row.grabbedUntilUs = untilUs;
      return true;
    }, reply);
  }

  /** `DELETE FROM job WHERE jobid = ?` (the job is done), releasing any lock on the row. */
  deleteRow(connection: string, jobId: number, reply: (deleted: boolean) => void): void {
    this.serve(connection, this.types.delete, jobId, this.costs.lockCostUs, () => {
      this.lockOwners.delete(jobId);
      return this.rows.delete(jobId);
    }, reply);
  }

  /** The connection is gone: its locks go now, and nothing more is sent back on it. */
  disconnect(connection: string): void {
    this.closedConnections.add(connection);
    this.releaseLocks(connection);
  }

  private scan(limit: number, grabbableOnly: boolean): JobRowView[] {
    const nowUs = this.kernel.nowUs;
    const found: JobRowView[] = [];
    for (const row of this.rows.values()) {
      if (found.length >= limit) break;
      if (row.runAfterUs > nowUs || (grabbableOnly && row.grabbedUntilUs > nowUs)) continue;
      found.push({ ...row });
    }
    return found;
  }

  private conflict<T>(result: T): T {
    this.counters.lockConflicts++;
    return result;
  }

  private releaseLocks(connection: string): void {
    for (const [jobId, owner] of this.lockOwners) if (owner === connection) this.lockOwners.delete(jobId);
  }

  /** Queues one statement behind every earlier one; runs it and replies when it finishes. */
  private serve<T>(connection: string, type: TraceName, key: number, costUs: number, apply: () => T, reply: (result: T) => void): void {
    const startUs = Math.max(this.kernel.nowUs, this.busyUntilUs);
    this.busyUntilUs = startUs + costUs;
    this.counters.statements++;
    this.kernel.at(this.busyUntilUs, this.actor, type, key, () => {
      if (this.closedConnections.has(connection)) return;
      reply(apply());
    });
  }
}
