import type { HubJob } from './hubJob.js';

/** The first entry of every {@link HeldJobs}, never handed out. */
const keeper = Symbol('heldJobs.keeper');

/**
 * The jobs a worker connection runs, in assignment order. A Set that never empties: V8
 * replaces a Set's table on the delete that empties it (SetShrink) and again on the next
 * add, and a worker holding one job at a time empties its set once per job (1.3 % of the
 * live hub's CPU under `sim perf jobhub`, perf record). One entry kept for good makes that
 * a rehash every few jobs instead of two tables per job.
 */
export class HeldJobs {
  private readonly jobs = new Set<HubJob | typeof keeper>([keeper]);

  get size(): number {
    return this.jobs.size - 1;
  }

  add(job: HubJob): void {
    this.jobs.add(job);
  }

  delete(job: HubJob): void {
    this.jobs.delete(job);
  }

  /** The jobs in assignment order, as a new list: callers end or requeue them while going through it. */
  list(): HubJob[] {
    const jobs: HubJob[] = [];
    for (const job of this.jobs) if (job !== keeper) jobs.push(job);
    return jobs;
  }
}
