import type { HttpRequest } from '../http/httpMessage.js';
import { fidPath, type Device } from './device.js';
import type { DeleteWorker } from './deleteWorker.js';
import type { FileIndex, FileRecord } from './fileIndex.js';
import { copyHosts, planCopies, type ReplicationView } from './replication.js';
import { replicationLifecycle, type ReplicationEvent, type ReplicationState } from './replicationLifecycle.js';
import type { StorageCalls } from './storageCalls.js';
import type { TrackerOutbox } from './trackerEffect.js';

/** What the worker needs of the tracker. */
export interface ReplicateHost extends ReplicationView {
  readonly out: TrackerOutbox;
  readonly index: FileIndex;
  readonly calls: StorageCalls;
  readonly deletes: DeleteWorker;
  readonly settings: { readonly replicateBackoffMs: readonly number[]; readonly copyBytesPerSec: number; readonly replicateWorkers: number };
}

/** A file waiting for, in, or between attempts (`state`, replicationLifecycle.ts). `maskDevice` is a drain device to move off. */
interface ReplicateJob {
  state: ReplicationState;
  attemptsFailed: number;
  maskDevice: number | null;
}

/** A copy between its GET and its PUT, while the bytes stream (see {@link ReplicateWorker}). */
interface Transfer {
  readonly sourceHost: string;
  sourceLost: boolean;
  readonly then: (sourceLost: boolean) => void;
}

/**
 * The replicate worker, as plain data. Files wait in a queue; `replicate_jobs`
 * workers (1 by default, lib/MogileFS/Config.pm) take one file each and copy it, one copy at
 * a time, to reach `mindevcount` copies on distinct hosts. A copy is what
 * MogileFS-Server lib/MogileFS/Worker/Replicate.pm (http_copy) does: GET from a source node,
 * PUT to the target; here the GET and the PUT are real requests on simulated connections
 * and the bytes' streaming between them takes `sizeBytes / copyBytesPerSec`. The copy
 * fails if the GET or the PUT fails (a host down: connect or answer timeout) or the source
 * host goes away while the bytes stream. An attempt short of `mindevcount` is retried after
 * 15 s, 60 s, 300 s, … (Replicate.pm's backoff). A drain device's file is copied with that device
 * masked, then its copy there is dropped and DELETEd (Replicate.pm, rebalance_devfid).
 */
export class ReplicateWorker {
  private readonly jobs = new Map<number, ReplicateJob>();
  private readonly ready: number[] = [];
  private readonly transfers = new Map<number, Transfer>();
  private running = 0;
  private pumping = false;
  private copyIdLast = 0;

  constructor(private readonly tracker: ReplicateHost) {}

  /** Files queued, waiting to retry, or being copied. */
  get pending(): number {
    return this.jobs.size;
  }

  /** Queues a file unless it is queued already; `maskDevice` marks a drain device to move off. */
  enqueue(fid: number, maskDevice: number | null = null): void {
    const job = this.jobs.get(fid);
    if (job) {
      if (maskDevice !== null) job.maskDevice = maskDevice;
      return;
    }
    this.jobs.set(fid, { state: replicationLifecycle.start(), attemptsFailed: 0, maskDevice });
    this.ready.push(fid);
    this.pump();
  }

  /** A retry's backoff is over. */
  retryDue(fid: number): void {
    const job = this.jobs.get(fid);
    if (!job) return;
    job.state = replicationLifecycle.next(job.state, 'retry.due');
    this.ready.push(fid);
    this.pump();
  }

  /** The bytes of a copy have streamed; it goes on to its PUT unless the source went away. */
  transferred(copyId: number): void {
    const transfer = this.transfers.get(copyId);
    if (!transfer) return;
    this.transfers.delete(copyId);
    transfer.then(transfer.sourceLost);
  }

  /** A host stopped answering: a copy streaming from it fails. */
  hostLost(host: string): void {
    for (const transfer of this.transfers.values()) if (transfer.sourceHost === host) transfer.sourceLost = true;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    while (this.running < this.tracker.settings.replicateWorkers && this.ready.length > 0) this.attempt(this.ready.shift() as number);
    this.pumping = false;
  }

  private attempt(fid: number): void {
    this.running += 1;
    const job = this.jobs.get(fid) as ReplicateJob;
    job.state = replicationLifecycle.next(job.state, 'worker.take');
    const file = this.tracker.index.files.get(fid);
    if (!file) return this.end(fid, job, 'file.gone');
    // A drain marked while this attempt runs changes the goal: the attempt ends on the mask it began with.
    const maskDevice = job.maskDevice;
    const plan = planCopies(this.tracker, file, maskDevice);
    if (plan.missing === 0) return this.succeed(file, job, maskDevice);
    const source = plan.source;
    if (!source || plan.targets.length === 0) return this.fail(fid, job);
    const copyNext = (index: number): void => {
      const target = plan.targets[index];
      if (!target) {
        if (this.tracker.index.files.get(fid) !== file) return this.end(fid, job, 'file.gone');
        if (copyHosts(this.tracker, file, maskDevice).size >= this.tracker.mindevcount) return this.succeed(file, job, maskDevice);
        return this.fail(fid, job);
      }
      this.copy(file, source, target, () => copyNext(index + 1));
    };
    copyNext(0);
  }

  /** One copy: GET from the source, stream, PUT to the target. Space is held while it runs. */
  private copy(file: FileRecord, source: Device, target: Device, done: () => void): void {
    const tracker = this.tracker;
    target.freeBytes -= file.sizeBytes;
    const failed = (): void => {
      target.freeBytes += file.sizeBytes;
      tracker.out.emit({ type: 'mogilefs.copyFailed', fid: file.fid, sourceDevice: source.id, targetDevice: target.id });
      done();
    };
    const get: HttpRequest = { kind: 'httpRequest', method: 'GET', path: fidPath(source.id, file.fid), version: '1.0', headers: {}, bodyBytes: 0 };
    tracker.calls.http(source.host, get, (response) => {
      if (!response || response.status !== 200 || response.bodyBytes !== file.sizeBytes) return failed();
      this.copyIdLast += 1;
      const copyId = this.copyIdLast;
      this.transfers.set(copyId, {
        sourceHost: source.host,
        sourceLost: false,
        then: (sourceLost) => {
          if (sourceLost) return failed();
          const put: HttpRequest = {
            kind: 'httpRequest', method: 'PUT', path: fidPath(target.id, file.fid), version: '1.0', headers: {}, bodyBytes: file.sizeBytes,
          };
          tracker.calls.http(target.host, put, (answer) => {
            if (!answer || answer.status < 200 || answer.status > 299) return failed();
            if (tracker.index.files.get(file.fid) === file) {
              file.devices.push(target.id);
              tracker.out.emit({ type: 'mogilefs.copied', fid: file.fid, sourceDevice: source.id, targetDevice: target.id });
            } else {
              // The key was deleted while the copy ran: the new copy is garbage for the delete worker.
              tracker.deletes.enqueue(file.fid, target.id, file.sizeBytes);
            }
            done();
          });
        },
      });
      const transferMs = (file.sizeBytes * 1_000) / tracker.settings.copyBytesPerSec;
      // An empty file has nothing to stream: its PUT follows in the same step, as it always did.
      if (transferMs === 0) this.transferred(copyId);
      else tracker.out.startTimer(`copy-${copyId}`, transferMs, { type: 'tracker.copyTransferred', copyId });
    });
  }

  private succeed(file: FileRecord, job: ReplicateJob, drained: number | null): void {
    if (job.maskDevice !== drained) {
      // A drain arrived mid-attempt: go again at once with the device masked.
      job.state = replicationLifecycle.next(job.state, 'drain.marked');
      this.running -= 1;
      this.ready.push(file.fid);
      return this.pump();
    }
    if (drained !== null && file.devices.includes(drained)) {
      file.devices = file.devices.filter((id) => id !== drained);
      this.tracker.out.emit({ type: 'mogilefs.drained', fid: file.fid, device: drained });
      this.tracker.deletes.enqueue(file.fid, drained, file.sizeBytes);
    }
    this.tracker.out.emit({ type: 'mogilefs.replicated', fid: file.fid, devices: [...file.devices] });
    this.end(file.fid, job, 'copies.enough');
  }

  private fail(fid: number, job: ReplicateJob): void {
    const backoffMs = this.tracker.settings.replicateBackoffMs;
    const retryMs = backoffMs[Math.min(job.attemptsFailed, backoffMs.length - 1)] as number;
    job.state = replicationLifecycle.next(job.state, 'copies.short');
    job.attemptsFailed += 1;
    this.tracker.out.emit({ type: 'mogilefs.replicateFailed', fid, attempt: job.attemptsFailed, retryMs });
    this.tracker.out.startTimer(`replicate-${fid}`, retryMs, { type: 'tracker.replicate', fid });
    this.running -= 1;
    this.pump();
  }

  private end(fid: number, job: ReplicateJob, why: Extract<ReplicationEvent['type'], 'copies.enough' | 'file.gone'>): void {
    job.state = replicationLifecycle.next(job.state, why);
    this.jobs.delete(fid);
    this.running -= 1;
    this.pump();
  }
}
