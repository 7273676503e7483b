import type { HubConnection } from './hubConnection.js';
import type { JobPriority } from './jobPriority.js';
import { jobLifecycle, type JobEventType, type JobState } from './jobLifecycle.js';

/**
 * One job the hub holds, from JOB_CREATED until it ends (completed, failed, or dropped).
 * Plain mutable data: the hub updates it in place, never copies it.
 */
export class HubJob {
  /** Where the job is in its life (jobLifecycle.ts); the hub moves it only as the statechart allows. */
  state: JobState = jobLifecycle.start();
  /**
   * One entry per foreground submit attached to the job, in attach order: a connection that
   * submitted the same unique key twice is here twice and gets two replies, as in gearmand
   * (one `gearman_server_client_st` per submit). Empty for background jobs.
   */
  clients: HubConnection[] = [];
  /** The connection running the job while it is `running`, else null. */
  worker: HubConnection | null = null;
  /** How many times the job was handed to a worker; also names its CAN_DO_TIMEOUT timer. */
  assignments = 0;
  /** Assignments lost to a dead or timed-out worker: gearmand's `job->retries`. */
  assignmentsLost = 0;
  /** Progress from the last WORK_STATUS, reported by GET_STATUS; reset on requeue as gearmand does. */
  numerator = 0;
  denominator = 0;
  /** Whether a CAN_DO_TIMEOUT timer runs for the current assignment. */
  timed = false;

  constructor(
    readonly handle: string,
    readonly functionName: string,
    readonly unique: string,
    readonly data: string,
    readonly priority: JobPriority,
    readonly background: boolean,
    /** The unique-index key the job holds, or null when it never coalesces. */
    readonly uniqueKey: string | null,
  ) {}

  /**
   * A foreground job whose every client disconnected: dropped the next time a grab or
   * PRE_SLEEP reaches it (gearmand's `ignore_job`). A client attaching through its unique
   * key takes it back.
   */
  get abandoned(): boolean {
    return !this.background && this.clients.length === 0;
  }

  /** Moves the job along its lifecycle; a move the statechart forbids is a bug of the hub. */
  move(event: JobEventType): void {
    this.state = jobLifecycle.next(this.state, event);
  }

  /** Name of the delayed event of the current assignment's CAN_DO_TIMEOUT. */
  timerId(): string {
    return `timeout:${this.handle}:${this.assignments}`;
  }
}
