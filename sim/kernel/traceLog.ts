/**
 * The full trace, kept only when asked for (`--trace`, `check-determinism`): one record per
 * delivered event in growable typed arrays, names interned, so a run of millions of events
 * costs tens of bytes per event rather than an object each.
 */

import { SliceLog } from './sliceLog.js';

/** One delivered event, as printed and compared. */
export interface TraceRecord {
  readonly index: number;
  readonly timeUs: number;
  readonly actor: string;
  readonly type: string;
  readonly key: number;
}

export class TraceLog {
  private timeUs = new Float64Array(1024);
  private keys = new Float64Array(1024);
  private actorIds = new Uint32Array(1024);
  private typeIds = new Uint32Array(1024);
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private count = 0;
  private kept = 0;
  private overflowed = false;
  /** Spans (connections, TIME_WAIT, jobs, transactions) the layers above record beside the events. */
  readonly slices: SliceLog;

  /**
   * @param recordsMax records past this many are counted but not kept (default 5 000 000).
   * @param keep only records in [fromUs, untilUs) are kept (`--trace-window`), so the limit
   *   is spent on the part of the run asked for rather than on its start.
   */
  constructor(readonly recordsMax = 5_000_000, private readonly keep: { readonly fromUs: number; readonly untilUs: number } = { fromUs: 0, untilUs: Infinity }) {
    this.slices = new SliceLog(recordsMax);
  }

  get size(): number {
    return this.kept;
  }

  /** Events delivered, kept or not. */
  get seen(): number {
    return this.count;
  }

  /** Some record that was to be kept was not, for the limit. */
  get truncated(): boolean {
    return this.overflowed;
  }

  add(timeUs: number, actor: string, type: string, key: number): void {
    this.count++;
    if (timeUs < this.keep.fromUs || timeUs >= this.keep.untilUs) return;
    if (this.kept >= this.recordsMax) {
      this.overflowed = true;
      return;
    }
    const index = this.kept++;
    if (index === this.timeUs.length) this.grow();
    this.timeUs[index] = timeUs;
    this.keys[index] = key;
    this.actorIds[index] = this.intern(actor);
    this.typeIds[index] = this.intern(type);
  }

  get(index: number): TraceRecord | undefined {
    if (index < 0 || index >= this.size) return undefined;
    return {
      index,
      timeUs: this.timeUs[index] as number,
      actor: this.names[this.actorIds[index] as number] as string,
      type: this.names[this.typeIds[index] as number] as string,
      key: this.keys[index] as number,
    };
  }

  /** Index of the first record where the two logs differ, or -1 when they are equal. */
  firstDifference(other: TraceLog): number {
    const shared = Math.min(this.size, other.size);
    for (let i = 0; i < shared; i++) {
      const a = this.get(i) as TraceRecord;
      const b = other.get(i) as TraceRecord;
      if (a.timeUs !== b.timeUs || a.actor !== b.actor || a.type !== b.type || a.key !== b.key) return i;
    }
    return this.size === other.size ? -1 : shared;
  }

  /** Time of the last record kept (0 when none). */
  lastTimeUs(): number {
    return this.size === 0 ? 0 : (this.timeUs[this.size - 1] as number);
  }

  /** Records kept whose time lies in [fromUs, untilUs). */
  countBetween(fromUs: number, untilUs: number): number {
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      const timeUs = this.timeUs[i] as number;
      if (timeUs >= fromUs && timeUs < untilUs) count++;
    }
    return count;
  }

  /** Distinct actor names in first-seen order (for Chrome trace thread ids). */
  actorNames(): string[] {
    const seen = new Set<number>();
    for (let i = 0; i < this.size; i++) seen.add(this.actorIds[i] as number);
    return [...seen].map((id) => this.names[id] as string);
  }

  private intern(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.timeUs.length * 2;
    this.timeUs = copyInto(new Float64Array(capacity), this.timeUs);
    this.keys = copyInto(new Float64Array(capacity), this.keys);
    this.actorIds = copyInto(new Uint32Array(capacity), this.actorIds);
    this.typeIds = copyInto(new Uint32Array(capacity), this.typeIds);
  }
}

function copyInto<T extends Float64Array | Uint32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

/** Formats a record for people: `12.345678s client tcp.connected #17`. */
export function formatTraceRecord(record: TraceRecord): string {
  return `${(record.timeUs / 1e6).toFixed(6)}s ${record.actor} ${record.type} #${record.key}`;
}
