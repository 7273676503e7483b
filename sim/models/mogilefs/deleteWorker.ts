import type { HttpRequest } from '../http/httpMessage.js';
import { factsOf, fidPath, onAliveHost, type Device } from './device.js';
import { deleteJobLifecycle, type DeleteJobState } from './deleteJobLifecycle.js';
import type { StorageCalls } from './storageCalls.js';
import type { TrackerOutbox } from './trackerEffect.js';

/** One copy to remove from its storage node; `state` is where it is in its life (deleteJobLifecycle.ts). */
interface DeleteJob {
  readonly id: number;
  readonly fid: number;
  readonly device: number;
  readonly sizeBytes: number;
  state: DeleteJobState;
  failures: number;
}

/**
 * Delays of lib/MogileFS/Worker/Delete.pm (process_deletes2) for a device that cannot take
 * a DELETE now: observed unreachable, `60 * (10 + failcount)` s; marked readonly or down,
 * `60 * 60 * (1 + failcount)` s.
 */
const unreachableRetryMs = (failures: number): number => 60_000 * (10 + failures);
const notWritableRetryMs = (failures: number): number => 3_600_000 * (1 + failures);

/**
 * The delete worker (MogileFS-Server lib/MogileFS/Worker/Delete.pm): `delete`
 * drops the key from the index at once and queues each copy here; one worker (`delete_jobs`
 * 1, lib/MogileFS/Config.pm) sends `DELETE` to the copy's node on 7500, one copy at a time.
 * 2xx or 404 means gone and frees the device's space; a dead device's copy counts as gone;
 * a failure is retried after `deleteRetryMs * (1 + failures)` (30 min by default).
 */
export class DeleteWorker {
  private readonly queue: DeleteJob[] = [];
  private readonly waiting = new Map<number, DeleteJob>();
  /** The job whose DELETE is out: the one worker does one at a time. */
  private deleting: DeleteJob | null = null;
  private idLast = 0;

  constructor(
    private readonly out: TrackerOutbox,
    private readonly calls: StorageCalls,
    private readonly devices: ReadonlyMap<number, Device>,
    private readonly deleteRetryMs: number,
  ) {}

  /** Copies queued, retrying or in progress. */
  get pending(): number {
    return this.queue.length + this.waiting.size + (this.deleting ? 1 : 0);
  }

  enqueue(fid: number, device: number, sizeBytes: number): void {
    this.idLast += 1;
    this.queue.push({ id: this.idLast, fid, device, sizeBytes, state: deleteJobLifecycle.start(), failures: 0 });
    this.pump();
  }

  /** A retry's delay is over: the job goes back in line. */
  retryDue(jobId: number): void {
    const job = this.waiting.get(jobId);
    if (!job) return;
    this.waiting.delete(jobId);
    job.state = deleteJobLifecycle.next(job.state, 'retry.due');
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (!this.deleting && this.queue.length > 0) this.run(this.queue.shift() as DeleteJob);
  }

  private run(job: DeleteJob): void {
    const device = this.devices.get(job.device);
    const facts = device ? factsOf(device) : null;
    if (!device || !facts || facts.dead) {
      job.state = deleteJobLifecycle.next(job.state, 'device.dead');
      this.out.emit({ type: 'mogilefs.deleted', fid: job.fid, device: job.device, freedBytes: 0 });
      return;
    }
    if (facts.unreachable) return this.retry(job, 'device.deferred', unreachableRetryMs(job.failures));
    // Delete.pm asks `can_delete_from`: the device state's write flag (alive and drain only), on an alive host.
    if (!facts.write || !onAliveHost(device)) return this.retry(job, 'device.deferred', notWritableRetryMs(job.failures));
    job.state = deleteJobLifecycle.next(job.state, 'worker.take');
    this.deleting = job;
    const request: HttpRequest = { kind: 'httpRequest', method: 'DELETE', path: fidPath(job.device, job.fid), version: '1.0', headers: {}, bodyBytes: 0 };
    this.calls.http(device.host, request, (response) => {
      this.deleting = null;
      const gone = response !== null && ((response.status >= 200 && response.status <= 299) || response.status === 404);
      if (gone) {
        job.state = deleteJobLifecycle.next(job.state, 'delete.gone');
        device.freeBytes += job.sizeBytes;
        this.out.emit({ type: 'mogilefs.deleted', fid: job.fid, device: job.device, freedBytes: job.sizeBytes });
      } else {
        this.retry(job, 'delete.failed', this.deleteRetryMs * (1 + job.failures));
      }
      this.pump();
    });
  }

  private retry(job: DeleteJob, why: 'device.deferred' | 'delete.failed', retryMs: number): void {
    job.state = deleteJobLifecycle.next(job.state, why);
    job.failures += 1;
    this.waiting.set(job.id, job);
    this.out.emit({ type: 'mogilefs.deleteFailed', fid: job.fid, device: job.device, attempt: job.failures, retryMs });
    this.out.startTimer(`delete-${job.id}`, retryMs, { type: 'tracker.deleteRetry', jobId: job.id });
  }
}
