import { ConnectionTable } from '../contract/connectionTable.js';
import type { Kernel } from '../kernel/kernel.js';
import type { SliceTrack } from '../kernel/sliceLog.js';
import type { HistogramRecorder } from '../report/histogramRecorder.js';
import { LatencyWindow } from '../report/latencyWindow.js';
import type { Metrics } from '../report/metrics.js';

/**
 * Requests a load generator started and how each ended: start times, outcomes, latency.
 * A request ends at most once, and ending one twice is counted as an error of the model
 * rather than silently ignored.
 *
 * Memory follows the requests in flight, not the run's length: start times and ended flags
 * sit in a ring over the tags from the oldest request still open, and connections map to
 * their request only while they carry one. (Arrays indexed by every tag and connection id
 * ever made held a 1-hour port-exhaustion run at twice the heap of a 10-minute one.)
 */
export class RequestLedger {
  attempted = 0;
  ok = 0;
  failed = 0;
  /** Second ends of one request: a model bug, checked by an invariant. */
  endedTwice = 0;
  /** Every request below this tag has ended; the ring holds tags from here to `attempted`. */
  private openFromTag = 0;
  private startsUs = new Float64Array(1024);
  private ended = new Uint8Array(1024);
  private mask = 1023;
  /**
   * The request each connection carries, while it carries one: connections that carry a
   * request are released when it ends, so they are short, and a ConnectionTable holds them
   * without the new Map table V8 allocates each time a delete empties a Map.
   */
  private readonly tagsByConn = new ConnectionTable<number>();
  private readonly failures = new Map<string, number>();

  /** Each request's slice in a traced run (kernel/sliceLog.ts), by tag; empty when not traced. */
  private sliceIndexes = new Int32Array(0);
  private readonly track: SliceTrack;
  /** Latencies of the current sample interval, for per-second percentiles (SeriesRecorder.latency). */
  readonly latencyWindow = new LatencyWindow();
  /** Records into the `<name>.latency` histogram, looked up once rather than per request. */
  private readonly latencyRecorder: HistogramRecorder;

  /**
   * @param kernel given, a traced run (`--trace`) draws every request as a slice from its
   *   start to its end on a `load` track, so Perfetto shows jobs queued → completed.
   */
  constructor(private readonly metrics: Metrics, readonly name = 'requests', private readonly kernel: Kernel | null = null) {
    this.track = { host: 'load', process: name };
    this.latencyRecorder = metrics.recorderUs(`${name}.latency`);
    // The counts so far, for thresholds that abort a run (flush sets the final ones).
    metrics.running(`${name}.attempted`, () => this.attempted);
    metrics.running(`${name}.ok`, () => this.ok);
    metrics.running(`${name}.failed`, () => this.failed);
    metrics.running(`${name}.failed.share`, () => this.failedShare);
  }

  /** Failed requests as a share of those started, 0 to 1; null before the first. */
  get failedShare(): number | null {
    return this.attempted > 0 ? this.failed / this.attempted : null;
  }

  get inFlight(): number {
    return this.attempted - this.ok - this.failed;
  }

  /**
   * Requests begun before `timeUs` that have not ended: what a quiet phase waits for
   * (work accepted before the last fault healed must end). Tags begin in time order.
   */
  openBegunBefore(timeUs: number): number {
    let open = 0;
    for (let tag = this.openFromTag; tag < this.attempted && this.startsUs[tag & this.mask]! < timeUs; tag++) if (!this.ended[tag & this.mask]) open++;
    return open;
  }

  /** Request `tag` starts now; tags are 0, 1, 2 … in order. */
  begin(tag: number, nowUs: number): void {
    if (tag - this.openFromTag >= this.startsUs.length) this.grow(tag);
    this.startsUs[tag & this.mask] = nowUs;
    this.ended[tag & this.mask] = 0;
    this.attempted++;
    const slices = this.kernel?.traceLog?.slices;
    if (slices) {
      if (tag >= this.sliceIndexes.length) this.sliceIndexes = grownTo(this.sliceIndexes, Math.max(tag + 1, this.sliceIndexes.length * 2, 1024));
      this.sliceIndexes[tag] = slices.open(this.track, this.name, nowUs);
    }
  }

  /** When request `tag` started, while it is open or newer than the oldest open one; else undefined. */
  startUs(tag: number): number | undefined {
    return tag >= this.openFromTag && tag < this.attempted ? this.startsUs[tag & this.mask] : undefined;
  }

  /** The connection that carries request `tag`. */
  carry(connId: number, tag: number): void {
    this.tagsByConn.set(connId, tag);
  }

  /** The request a connection carries, or -1 when it carries none. */
  tagOf(connId: number): number {
    return this.tagsByConn.get(connId) ?? -1;
  }

  /** The connection is done with: its request has ended or never will on it. */
  release(connId: number): void {
    this.tagsByConn.delete(connId);
  }

  succeed(tag: number, nowUs: number): void {
    if (!this.end(tag)) return;
    this.ok++;
    this.recordLatency(nowUs - this.startsUs[tag & this.mask]!);
  }

  private recordLatency(latencyUs: number): void {
    this.latencyRecorder.recordUs(latencyUs);
    this.latencyWindow.record(latencyUs);
  }

  /**
   * Ends request `tag` without success. With `nowUs`, its latency is recorded too: a
   * failure the client was told of (a WORK_FAIL) took time to arrive, unlike a request that
   * never started.
   */
  fail(tag: number, reason: string, nowUs?: number): void {
    if (!this.end(tag)) return;
    this.failed++;
    this.failures.set(reason, (this.failures.get(reason) ?? 0) + 1);
    if (nowUs !== undefined) this.recordLatency(nowUs - this.startsUs[tag & this.mask]!);
  }

  /** Requests that failed for `reason` so far. */
  failedFor(reason: string): number {
    return this.failures.get(reason) ?? 0;
  }

  /** Fails request `tag` unless it already ended: a close that is normal after a response. */
  failIfOpen(tag: number, reason: string): void {
    if (tag >= this.openFromTag && tag < this.attempted && this.ended[tag & this.mask] === 0) this.fail(tag, reason);
  }

  /** Puts the counts into the metrics: `<name>.attempted`, `.ok`, `.failed`, `.failed.share`, `.failed.<reason>`, `.inFlightAtEnd`. */
  flush(): void {
    const { metrics, name } = this;
    metrics.set(`${name}.attempted`, this.attempted);
    metrics.set(`${name}.ok`, this.ok);
    metrics.set(`${name}.failed`, this.failed);
    metrics.set(`${name}.failed.share`, this.failedShare);
    metrics.set(`${name}.inFlightAtEnd`, this.inFlight);
    for (const [reason, count] of [...this.failures].sort()) metrics.set(`${name}.failed.${reason}`, count);
  }

  /** Marks `tag` ended (its start time stays readable until a later begin reuses the slot). */
  private end(tag: number): boolean {
    if (tag < 0 || tag >= this.attempted) return false;
    if (tag < this.openFromTag || this.ended[tag & this.mask] === 1) {
      this.endedTwice++;
      return false;
    }
    this.ended[tag & this.mask] = 1;
    if (this.kernel && tag < this.sliceIndexes.length) this.kernel.traceLog?.slices.close(this.sliceIndexes[tag]!, this.kernel.nowUs);
    while (this.openFromTag < this.attempted && this.ended[this.openFromTag & this.mask] === 1) this.openFromTag++;
    return true;
  }

  /** Doubles the ring until it spans the oldest open request to `tag`. */
  private grow(tag: number): void {
    let capacity = this.startsUs.length;
    while (capacity <= tag - this.openFromTag) capacity *= 2;
    const startsUs = new Float64Array(capacity);
    const ended = new Uint8Array(capacity);
    const mask = capacity - 1;
    for (let open = this.openFromTag; open < this.attempted; open++) {
      startsUs[open & mask] = this.startsUs[open & this.mask]!;
      ended[open & mask] = this.ended[open & this.mask]!;
    }
    this.startsUs = startsUs;
    this.ended = ended;
    this.mask = mask;
  }
}

function grownTo(source: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const target = new Int32Array(capacity).fill(-1);
  target.set(source);
  return target;
}
