import { Fifo } from './fifo.js';
import type { HubConnection } from './hubConnection.js';
import type { HubJob } from './hubJob.js';
import { jobPriorities, type JobPriority } from './jobPriority.js';

/**
 * One function name's share of the hub: its queued jobs as one FIFO per priority, the
 * counts the admin `status` command shows, and the connections that can do it. gearmand
 * creates this record on the first CAN_DO or SUBMIT naming the function and keeps it while
 * the server runs (`gearman_server_function_get`), so `status` lists it with zeros after.
 */
export class FunctionQueue {
  private readonly lists: Record<JobPriority, Fifo<HubJob>> = { high: new Fifo(), normal: new Fifo(), low: new Fifo() };
  /**
   * The same lists in grab order, for {@link peek} and {@link shift}: looking each up by its
   * priority's name in a loop made a megamorphic keyed load at every grab (perf record of
   * the live hub).
   */
  private readonly listsInGrabOrder: readonly Fifo<HubJob>[] = jobPriorities.map((priority) => this.lists[priority]);
  /** Jobs of the function the hub holds, queued or running: `status`'s TOTAL (the Gearman PROTOCOL file). */
  total = 0;
  /** Jobs of the function a worker holds now: `status`'s RUNNING. */
  running = 0;
  /** Connections that can do the function: `status`'s WORKERS. */
  readonly workers = new Set<HubConnection>();
  /**
   * The workers that a new job of this function must wake: asleep, with no NOOP since their
   * last grab. An index kept beside `workers` so a submit costs the sleepers it wakes, not
   * every worker of the function.
   */
  readonly sleepers = new Set<HubConnection>();

  constructor(readonly name: string) {}

  /** Queues a job at the tail of its priority's list (new and requeued jobs alike, the Gearman PROTOCOL file). */
  push(job: HubJob): void {
    this.lists[job.priority].push(job);
  }

  /** The job a grab would take next: the head of the highest non-empty priority list. */
  peek(): HubJob | undefined {
    for (const list of this.listsInGrabOrder) {
      const job = list.peek();
      if (job) return job;
    }
    return undefined;
  }

  /** Takes the job {@link peek} names off its list. */
  shift(): HubJob | undefined {
    for (const list of this.listsInGrabOrder) {
      if (list.length > 0) return list.shift();
    }
    return undefined;
  }

  /** Jobs waiting in one priority's list (abandoned ones not yet dropped included). */
  queuedCount(priority: JobPriority): number {
    return this.lists[priority].length;
  }
}
