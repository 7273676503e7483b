import type { Kernel } from '../sim/kernel/kernel.js';
import type { FileInput, TrackerRecord } from '../sim/models/mogilefs/tracker.js';
import type { Host } from '../sim/net/host.js';
import type { Metrics } from '../sim/report/metrics.js';

/**
 * Where each file's copies are as the storage nodes hold them (the scenario's own record,
 * not the tracker's view), fed by the tracker's records: how many files are short of
 * `mindevcount` live copies, when the monitor marked the failed device down, and when every
 * file was whole again after the admin's mark. For storage-host-failure's invariant,
 * series and metrics.
 */
export class ReplicaLedger {
  underReplicated = 0;
  underReplicatedMax = 0;
  fullAtMs: number | null = null;
  /** When the modern monitor marked the failed device down, or null. */
  monitorMarkedAtUs: number | null = null;
  private marked = false;
  private copiesMade = 0;
  private readonly failures = { 'mogilefs.replicateFailed': 0, 'mogilefs.copyFailed': 0 };
  private readonly copies: Set<number>[];

  constructor(
    private readonly kernel: Kernel,
    files: readonly FileInput[],
    private readonly deviceHost: ReadonlyMap<number, Host>,
    private readonly rules: { readonly mindevcount: number; readonly failedDevice: number },
  ) {
    this.copies = files.map((file) => new Set(file.devices));
  }

  /** Copies of `fid` on hosts that are up. */
  liveCopies(fid: number): number {
    let live = 0;
    for (const device of this.copies[fid - 1]!) if (this.deviceHost.get(device)!.up) live++;
    return live;
  }

  /** What the tracker recorded: the monitor's mark, failures, and each copy landed. */
  onRecord(record: TrackerRecord): void {
    if (record.type === 'mogilefs.deviceMarked' && record.by === 'monitor' && record.device === this.rules.failedDevice && record.status === 'down') {
      this.monitorMarkedAtUs ??= this.kernel.nowUs;
    }
    if (record.type === 'mogilefs.replicateFailed' || record.type === 'mogilefs.copyFailed') this.failures[record.type]++;
    if (record.type !== 'mogilefs.copied') return;
    // The tracker records a copy once the target node answered its PUT: the file is in
    // that node's table now (GET from the source, bytes streamed, PUT; replicateWorker.ts).
    this.copies[record.fid - 1]!.add(record.targetDevice);
    this.copiesMade++;
    this.recount();
  }

  /** The admin marked the failed device dead: from now on, the first whole moment is counted. */
  markedDead(): void {
    this.marked = true;
    this.recount();
  }

  /** Counts the files short of live copies again (after a crash, a copy, the mark). */
  recount(): void {
    let under = 0;
    for (let fid = 1; fid <= this.copies.length; fid++) if (this.liveCopies(fid) < this.rules.mindevcount) under++;
    this.underReplicated = under;
    this.underReplicatedMax = Math.max(this.underReplicatedMax, under);
    if (this.marked && this.fullAtMs === null && under === 0) this.fullAtMs = this.kernel.nowUs / 1_000;
  }

  /** The replication metrics at the end of the run. */
  report(metrics: Metrics, markDeadAtMs: number): void {
    metrics.set('monitor.markedDownAtMs', this.monitorMarkedAtUs === null ? null : this.monitorMarkedAtUs / 1_000);
    metrics.set('files.underReplicatedMax', this.underReplicatedMax);
    metrics.set('files.underReplicatedAtEnd', this.underReplicated);
    metrics.set('replication.copies', this.copiesMade);
    metrics.set('replication.copiesFailed', this.failures['mogilefs.copyFailed']);
    metrics.set('replication.attemptsFailed', this.failures['mogilefs.replicateFailed']);
    metrics.set('replication.fullAtMs', this.fullAtMs);
    metrics.set('replication.timeMs', this.fullAtMs === null ? null : this.fullAtMs - markDeadAtMs);
  }
}
