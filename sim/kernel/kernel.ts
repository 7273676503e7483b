import { EventHeap, type HeapEntry } from './eventHeap.js';
import { RandomStream, deriveSeed } from './randomStream.js';
import { TraceHash, hashString } from './traceHash.js';
import type { TraceLog } from './traceLog.js';
import { wallNowMs, withDeterministicGlobals } from './determinism.js';
import { usToMs } from './time.js';

/** A name that appears in the trace, hashed once when it is made. */
export interface TraceName {
  readonly text: string;
  /**
   * The text's hash as a signed 32-bit word. The trace hash reads it through Math.imul, so
   * it is the same word as the unsigned hash; but V8 keeps it a small integer, where an
   * unsigned value of 2^31 or more was a heap number, boxed anew on reads that the
   * optimizer could not keep unboxed (once per delivered event).
   */
  readonly hash: number;
}

/** What an event runs: a function shared by every event of its kind, called with the event's two arguments. */
export type EventHandler<A, B> = (first: A, second: B) => void;

/**
 * An event on the kernel's queue. Returned by `at`/`after` so it can be cancelled. It
 * carries a shared handler and its arguments rather than a closure made per event: one
 * object per event instead of three (event, closure, closure context), which is most of
 * the young-generation garbage of a busy run.
 */
export interface KernelEvent extends HeapEntry {
  readonly actor: TraceName;
  readonly type: TraceName;
  readonly key: number;
  readonly handler: EventHandler<never, never>;
  readonly first: unknown;
  /**
   * Writable until the event runs, by whoever scheduled it: a segment due at the same
   * instant as one in flight joins its arrival here rather than taking an event of its own
   * (net/tcp.ts).
   */
  second: unknown;
  cancelled: boolean;
}

function runThunk(run: () => void): void {
  run();
}

/** Bounds of one run (DESIGN.md principle 5: limits on everything). */
export interface RunLimits {
  /** Simulated time at which the run ends. */
  readonly durationUs: number;
  /** Delivered events after which the run stops (default 50 000 000). */
  readonly eventsMax?: number | undefined;
  /** Wall time after which the run stops (default 10 minutes). */
  readonly wallMsMax?: number | undefined;
  /** Told the simulated time about five times a wall second, for progress bars. */
  readonly onProgress?: ((nowUs: number, eventsDelivered: number) => void) | undefined;
}

/** Why a run stopped: its duration ended, a bound was hit, or the run itself asked to stop (a threshold with abortOnFail). */
export type StopReason = 'completed' | 'eventsMax' | 'wallTimeLimit' | 'aborted';

/** How a run loop ended: why, after how many events, how much simulated and wall time. */
export interface RunOutcome {
  readonly stopReason: StopReason;
  readonly events: number;
  readonly simulatedUs: number;
  readonly wallMs: number;
}

/** A power of two: the ring's slot is the delivery count's low bits. */
const recentEventsMax = 16;
/** How many events run between two reads of the wall clock for the wall-time limit. */
const wallCheckEvery = 4096;
/** Progress reports at most this often, in wall time, however fast the simulation runs. */
const progressEveryWallMs = 200;

/**
 * The deterministic simulator core: a virtual clock, the event queue, seeded random
 * streams, and the trace hash. `step()` does the same things in the same order every time:
 * pop, advance the clock, fold into the trace, run.
 */
export class Kernel {
  nowUs = 0;
  eventsDelivered = 0;
  private heap = new EventHeap<KernelEvent>();
  private seqNext = 0;
  private stopAsked = false;
  private traceHash = new TraceHash();
  private readonly names = new Map<string, TraceName>();
  private readonly streams = new Map<string, RandomStream>();
  /**
   * The last few deliveries, by field: names (interned, old objects) and numbers rather
   * than the event itself, since storing each young event object into this long-lived
   * array took the write barrier's slow path on every step.
   */
  private readonly recentActors: (TraceName | undefined)[] = new Array<TraceName | undefined>(recentEventsMax).fill(undefined);
  private readonly recentTypes: (TraceName | undefined)[] = new Array<TraceName | undefined>(recentEventsMax).fill(undefined);
  private readonly recentKeys = new Float64Array(recentEventsMax);
  private readonly recentTimesUs = new Float64Array(recentEventsMax);
  private readonly globalsStream: RandomStream;

  constructor(readonly seed: number, readonly traceLog: TraceLog | null = null) {
    this.globalsStream = this.stream('kernel.globals');
  }

  /** The interned trace name for `text`. */
  name(text: string): TraceName {
    let name = this.names.get(text);
    if (!name) {
      name = { text, hash: hashString(text) | 0 };
      this.names.set(text, name);
    }
    return name;
  }

  /** The random stream called `name`, derived from the root seed and the name alone. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(name, deriveSeed(this.seed, name));
      this.streams.set(name, stream);
    }
    return stream;
  }

  /**
   * Back to the state of a kernel just made with the same seed, names kept (they are
   * interned text, the same in every run): clock and counters at 0, no events, a fresh
   * trace hash, every random stream back at its first value. For runs that reuse a built
   * network (check/grab/hubNetworks.ts); a traced kernel is never reset, its log being the
   * record of one run.
   */
  reset(): void {
    if (this.traceLog) throw new Error('kernel: a traced kernel cannot be reset');
    this.nowUs = 0;
    this.eventsDelivered = 0;
    // A new heap, not the old one emptied: a kernel kept for many runs sits in the old
    // generation, and each backing store its heap outgrows during a run would stay there
    // holding that run's events, and all they reach, through young-generation collections.
    this.heap = new EventHeap<KernelEvent>();
    this.seqNext = 0;
    this.stopAsked = false;
    this.traceHash = new TraceHash();
    this.recentActors.fill(undefined);
    this.recentTypes.fill(undefined);
    this.recentKeys.fill(0);
    this.recentTimesUs.fill(0);
    for (const stream of this.streams.values()) stream.reset();
  }

  /** Schedules `run` at absolute time `timeUs`; scheduling in the past is a bug and throws. */
  at(timeUs: number, actor: TraceName, type: TraceName, key: number, run: () => void): KernelEvent {
    return this.call(timeUs, actor, type, key, runThunk, run, undefined);
  }

  /** Schedules `handler(first, second)` at absolute time `timeUs`: `at` without a closure per event. */
  call<A, B>(timeUs: number, actor: TraceName, type: TraceName, key: number, handler: EventHandler<A, B>, first: A, second: B): KernelEvent {
    if (!(timeUs >= this.nowUs) || !Number.isInteger(timeUs)) {
      throw new Error(`kernel: cannot schedule ${actor.text} ${type.text} at ${timeUs} µs (now ${this.nowUs} µs)`);
    }
    const event: KernelEvent = {
      timeUs, seq: this.seqNext++, actor, type, key, handler: handler as EventHandler<never, never>, first, second, cancelled: false,
    };
    this.heap.push(event);
    return event;
  }

  after(delayUs: number, actor: TraceName, type: TraceName, key: number, run: () => void): KernelEvent {
    return this.at(this.nowUs + delayUs, actor, type, key, run);
  }

  /** Cancelled events stay in the heap and are skipped when popped: cheaper than removal. */
  cancel(event: KernelEvent): void {
    event.cancelled = true;
  }

  get pending(): number {
    return this.heap.size;
  }

  traceHashHex(): string {
    return this.traceHash.hex();
  }

  /** The last few delivered events, oldest first, as text (for invariant violations). */
  recentEvents(): string[] {
    const lines: string[] = [];
    for (let i = 0; i < recentEventsMax; i++) {
      const slot = (this.eventsDelivered + i) % recentEventsMax;
      const actor = this.recentActors[slot];
      if (!actor) continue;
      const timeMs = usToMs(this.recentTimesUs[slot] as number).toFixed(3);
      lines.push(`${timeMs}ms ${actor.text} ${(this.recentTypes[slot] as TraceName).text} #${this.recentKeys[slot]}`);
    }
    return lines;
  }

  /**
   * Delivers the next event whose time is at most `untilUs`. Returns false when there is
   * none (the queue is empty or the next event lies beyond `untilUs`).
   */
  step(untilUs: number): boolean {
    for (;;) {
      const next = this.heap.peek();
      if (!next || next.timeUs > untilUs) return false;
      this.heap.pop();
      if (next.cancelled) continue;
      this.nowUs = next.timeUs;
      this.traceHash.add(next.timeUs, next.actor.hash, next.type.hash, next.key);
      this.traceLog?.add(next.timeUs, next.actor.text, next.type.text, next.key);
      const slot = this.eventsDelivered & (recentEventsMax - 1);
      this.recentActors[slot] = next.actor;
      this.recentTypes[slot] = next.type;
      this.recentKeys[slot] = next.key;
      this.recentTimesUs[slot] = next.timeUs;
      this.eventsDelivered++;
      (next.handler as EventHandler<unknown, unknown>)(next.first, next.second);
      return true;
    }
  }

  /**
   * Runs until the duration ends, `eventsMax` events were delivered, or the wall-time limit
   * passed, and says which. When the duration ends the clock stands at `durationUs`.
   */
  /** Ends the run after the event being delivered (stop reason `aborted`): the clock stays where it is. */
  stop(): void {
    this.stopAsked = true;
  }

  run(limits: RunLimits): RunOutcome {
    const eventsMax = limits.eventsMax ?? 50_000_000;
    const wallMsMax = limits.wallMsMax ?? 600_000;
    const wallStartMs = wallNowMs();
    let stopReason: StopReason = 'completed';
    let progressWallMs = wallStartMs;
    this.deterministically(() => {
      for (;;) {
        if (this.eventsDelivered >= eventsMax) {
          stopReason = 'eventsMax';
          return;
        }
        if (this.eventsDelivered % wallCheckEvery === 0) {
          const wallMs = wallNowMs();
          if (wallMs - wallStartMs > wallMsMax) {
            stopReason = 'wallTimeLimit';
            return;
          }
          if (limits.onProgress && wallMs - progressWallMs >= progressEveryWallMs) {
            progressWallMs = wallMs;
            limits.onProgress(this.nowUs, this.eventsDelivered);
          }
        }
        if (!this.step(limits.durationUs)) break;
        if (this.stopAsked) {
          stopReason = 'aborted';
          return;
        }
      }
      if (this.nowUs < limits.durationUs) this.nowUs = limits.durationUs;
    });
    return {
      stopReason,
      events: this.eventsDelivered,
      simulatedUs: this.nowUs,
      wallMs: Math.round(wallNowMs() - wallStartMs),
    };
  }

  /** Runs `body` with Math.random and Date.now driven by this kernel (see determinism.ts). */
  deterministically<T>(body: () => T): T {
    return withDeterministicGlobals(
      { random: () => this.globalsStream.float(), nowMs: () => usToMs(this.nowUs) },
      body,
    );
  }
}
