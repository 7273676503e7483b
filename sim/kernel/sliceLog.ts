/**
 * Spans of simulated time kept beside the trace when it is asked for (`--trace`): a
 * connection from SYN to close, a TIME_WAIT period, a job from queued to completed, an NDB
 * transaction. Each sits on a track (a host and a process on it) so Perfetto draws it as a
 * slice where the process lives; a slice may carry a flow id, which joins it to the slice on
 * the far side of a hop (a connect to its accept). Recording never schedules an event, so a
 * run traces the same with or without it. Typed arrays, as in the trace log: a run opens
 * hundreds of thousands of connections.
 */

/** Where a slice is drawn: a host (a Perfetto process) and a process on it (a thread). */
export interface SliceTrack {
  readonly host: string;
  readonly process: string;
}

/** One span as written out; `endUs` is NaN while it is still open. */
export interface Slice {
  readonly track: SliceTrack;
  readonly name: string;
  readonly startUs: number;
  readonly endUs: number;
  /** Non-zero: the flow this slice starts (`flowOut`) or ends (`flowIn`). */
  readonly flowOut: number;
  readonly flowIn: number;
}

export class SliceLog {
  private startsUs = new Float64Array(1024);
  private endsUs = new Float64Array(1024);
  private flowsOut = new Float64Array(1024);
  private flowsIn = new Float64Array(1024);
  private trackIds = new Uint32Array(1024);
  private nameIds = new Uint32Array(1024);
  private readonly trackList: SliceTrack[] = [];
  private readonly trackIndex = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private count = 0;
  private flowIdNext = 1;

  /** @param slicesMax slices past this many are dropped (default 5 000 000), as trace records are. */
  constructor(readonly slicesMax = 5_000_000) {}

  get size(): number {
    return this.count;
  }

  /** Tracks in first-seen order: a host's processes, for the trace's process and thread names. */
  tracks(): readonly SliceTrack[] {
    return this.trackList;
  }

  /** A fresh flow id, to give the two slices a hop joins. */
  newFlow(): number {
    return this.flowIdNext++;
  }

  /** Opens a slice now; returns its index for {@link close}, or -1 when the log is full. */
  open(track: SliceTrack, name: string, startUs: number, flows: { out?: number; in?: number } = {}): number {
    if (this.count >= this.slicesMax) return -1;
    const index = this.count++;
    if (index === this.startsUs.length) this.grow();
    this.startsUs[index] = startUs;
    this.endsUs[index] = NaN;
    this.flowsOut[index] = flows.out ?? 0;
    this.flowsIn[index] = flows.in ?? 0;
    this.trackIds[index] = this.trackOf(track);
    this.nameIds[index] = this.intern(name);
    return index;
  }

  /** Ends the slice `open` returned; a second close or index -1 changes nothing. */
  close(index: number, endUs: number): void {
    if (index < 0 || index >= this.count || !Number.isNaN(this.endsUs[index])) return;
    this.endsUs[index] = endUs;
  }

  /** A slice whose end is known when it starts (a TIME_WAIT) or that is recorded when it ends. */
  add(track: SliceTrack, name: string, startUs: number, endUs: number): void {
    this.close(this.open(track, name, startUs), endUs);
  }

  get(index: number): Slice | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return {
      track: this.trackList[this.trackIds[index] as number] as SliceTrack,
      name: this.names[this.nameIds[index] as number] as string,
      startUs: this.startsUs[index] as number,
      endUs: this.endsUs[index] as number,
      flowOut: this.flowsOut[index] as number,
      flowIn: this.flowsIn[index] as number,
    };
  }

  private trackOf(track: SliceTrack): number {
    const key = `${track.host}\u0000${track.process}`;
    let id = this.trackIndex.get(key);
    if (id === undefined) {
      id = this.trackList.length;
      this.trackList.push({ host: track.host, process: track.process });
      this.trackIndex.set(key, id);
    }
    return id;
  }

  private intern(name: string): number {
    let id = this.nameIndex.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.startsUs.length * 2;
    this.startsUs = grown(new Float64Array(capacity), this.startsUs);
    this.endsUs = grown(new Float64Array(capacity), this.endsUs);
    this.flowsOut = grown(new Float64Array(capacity), this.flowsOut);
    this.flowsIn = grown(new Float64Array(capacity), this.flowsIn);
    this.trackIds = grown(new Uint32Array(capacity), this.trackIds);
    this.nameIds = grown(new Uint32Array(capacity), this.nameIds);
  }
}

function grown<T extends Float64Array | Uint32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
