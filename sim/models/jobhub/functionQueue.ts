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
  /**
   * One FIFO per priority, in grab order (high, normal, low). Indexed by {@link grabRank},
   * not looked up by the priority's name: a keyed load by name made a megamorphic access at
   * every grab (perf record of the live hub).
   */
  private readonly lists: readonly Fifo<HubJob>[] = jobPriorities.map(() => new Fifo<HubJob>());
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
    (this.lists[grabRank(job.priority)] as Fifo<HubJob>).push(job);
  }

  /** The job a grab would take next: the head of the highest non-empty priority list. */
  peek(): HubJob | undefined {
    for (const list of this.lists) {
      const job = list.peek();
      if (job) return job;
    }
    return undefined;
  }

  /** Takes the job {@link peek} names off its list. */
  shift(): HubJob | undefined {
    for (const list of this.lists) {
      if (list.length > 0) return list.shift();
    }
    return undefined;
  }

  /** Jobs waiting in one priority's list (abandoned ones not yet dropped included). */
  queuedCount(priority: JobPriority): number {
    return (this.lists[grabRank(priority)] as Fifo<HubJob>).length;
  }
}

/** A priority's place in grab order: its list's index in {@link FunctionQueue} (the order of `jobPriorities`). */
function grabRank(priority: JobPriority): number {
  switch (priority) {
    case 'high': return 0;
    case 'normal': return 1;
    case 'low': return 2;
  }
}

// The lists are made in `jobPriorities`' order and indexed by grabRank: the two must agree.
for (const [rank, priority] of jobPriorities.entries()) {
  if (grabRank(priority) !== rank) throw new Error(`functionQueue: grabRank('${priority}') is ${grabRank(priority)}, but jobPriorities lists it at ${rank}`);
}
