import type { SliceTrack } from './sliceLog.js';

/** A Chrome trace track: `pid` a host (1: the run itself), `tid` a thread on it (0: the process). */
export interface TrackId {
  readonly pid: number;
  readonly tid: number;
}

/** The thread on a host's track that carries the events its TCP stack delivers (SYN-ACK, RST …). */
const kernelThread = 'kernel (tcp)';

/**
 * Chrome trace process and thread ids for a run: one process per host the slices name, its
 * TCP stack and its processes as threads, and one process for the run's own actors (load
 * generators, the sampler, the fault injector) that live on no host. Ids follow first-seen
 * order, so the same run numbers its tracks the same way.
 */
export class TraceTracks {
  private readonly hostPids = new Map<string, number>();
  private readonly byProcess = new Map<string, TrackId>();
  private readonly byKey = new Map<string, TrackId>();
  private readonly runActors = new Map<string, TrackId>();
  private readonly threadNames: [TrackId, string][] = [];
  private readonly threadCounts = new Map<number, number>();

  constructor(private readonly runName: string, sliceTracks: readonly SliceTrack[]) {
    for (const track of sliceTracks) this.ofSlice(track);
  }

  /** The track of a slice's host and process, made on first sight. */
  ofSlice({ host, process }: SliceTrack): TrackId {
    const key = `${host}\u0000${process}`;
    let id = this.byKey.get(key);
    if (id) return id;
    const pid = this.hostPid(host);
    const tid = (this.threadCounts.get(pid) ?? 0) + 1;
    this.threadCounts.set(pid, tid);
    id = { pid, tid };
    this.threadNames.push([id, process]);
    this.byKey.set(key, id);
    if (!this.byProcess.has(process)) this.byProcess.set(process, id);
    return id;
  }

  /** An actor's track: a process on its host, a host's TCP stack, or a thread of the run. */
  ofActor(actor: string): TrackId {
    const known = this.byProcess.get(actor) ?? this.runActors.get(actor);
    if (known) return known;
    if (this.hostPids.has(actor)) return this.ofSlice({ host: actor, process: kernelThread });
    const id = { pid: 1, tid: this.runActors.size + 1 };
    this.runActors.set(actor, id);
    this.threadNames.push([id, actor]);
    return id;
  }

  /** Every process and thread name, after giving each of `actors` its track. */
  names(actors: readonly string[]): [TrackId, string][] {
    for (const actor of actors) this.ofActor(actor);
    const processes: [TrackId, string][] = [[{ pid: 1, tid: 0 }, this.runName]];
    for (const [host, pid] of this.hostPids) processes.push([{ pid, tid: 0 }, host]);
    return [...processes, ...this.threadNames];
  }

  private hostPid(host: string): number {
    let pid = this.hostPids.get(host);
    if (pid === undefined) {
      pid = this.hostPids.size + 2;
      this.hostPids.set(host, pid);
    }
    return pid;
  }
}
