import { arenaFloat64Array } from './typedArena.js';

/**
 * TIME_WAIT entries of one host in the order they began. Every entry lasts the same
 * `timeWaitMs`, so they also end in that order and expiry is a pop from the front: no
 * timer event per entry. Parallel typed arrays keep an entry at 21 bytes, so a million
 * entries fit in tens of megabytes (the bench measures it).
 *
 * Entries are addressed by a sequence number that never changes; an entry taken over early
 * (tw_reuse, a recycled SYN) is marked dead and skipped when its turn comes.
 *
 * Flag bit {@link outgoingFlag} marks an entry of a socket made by connect(); those are
 * counted apart, since they are what blocks the host's own new connections.
 */
export const outgoingFlag = 1;

export class TimeWaitRing {
  // Small at first (most simulated hosts never hold many TIME_WAIT entries); doubles as needed.
  private keys = new Int32Array(16);
  // The first, small arrays from the arena (typedArena.ts): every host has a ring, few fill it.
  private startsUs = arenaFloat64Array(16);
  private endsUs = arenaFloat64Array(16);
  private flagBytes = new Uint8Array(16);
  private dead = new Uint8Array(16);
  private mask = 15;
  private head = 0;
  private tail = 0;
  /** Entries neither expired nor taken over. */
  live = 0;
  /** Of `live`, the entries carrying {@link outgoingFlag}. */
  liveOutgoing = 0;

  push(key: number, startUs: number, endUs: number, flags: number): number {
    if (this.tail - this.head === this.keys.length) this.grow();
    const seq = this.tail++;
    const slot = seq & this.mask;
    this.keys[slot] = key;
    this.startsUs[slot] = startUs;
    this.endsUs[slot] = endUs;
    this.flagBytes[slot] = flags;
    this.dead[slot] = 0;
    this.live++;
    if (flags & outgoingFlag) this.liveOutgoing++;
    return seq;
  }

  /** True when the oldest entry (dead or alive) has ended by `nowUs`. */
  hasExpired(nowUs: number): boolean {
    return this.head < this.tail && this.endsUs[this.head & this.mask]! <= nowUs;
  }

  /**
   * Removes the oldest entry and returns its sequence number; its key and flags stay
   * readable through `key(seq)` and `flags(seq)` until the slot is reused by a later push.
   */
  shift(): number {
    const seq = this.head++;
    if (this.dead[seq & this.mask] === 0) this.forget(seq);
    return seq;
  }

  key(seq: number): number {
    return this.keys[seq & this.mask]!;
  }

  startUs(seq: number): number {
    return this.startsUs[seq & this.mask]!;
  }

  flags(seq: number): number {
    return this.flagBytes[seq & this.mask]!;
  }

  /** Marks an entry taken over; it stays in place until its turn to expire. */
  kill(seq: number): void {
    const slot = seq & this.mask;
    if (this.dead[slot] === 0) {
      this.dead[slot] = 1;
      this.forget(seq);
    }
  }

  private forget(seq: number): void {
    this.live--;
    if (this.flagBytes[seq & this.mask]! & outgoingFlag) this.liveOutgoing--;
  }

  clear(): void {
    this.head = this.tail;
    this.live = 0;
    this.liveOutgoing = 0;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const mask = capacity - 1;
    const keys = new Int32Array(capacity);
    const startsUs = new Float64Array(capacity);
    const endsUs = new Float64Array(capacity);
    const flagBytes = new Uint8Array(capacity);
    const dead = new Uint8Array(capacity);
    for (let seq = this.head; seq < this.tail; seq++) {
      const from = seq & this.mask;
      const to = seq & mask;
      keys[to] = this.keys[from]!;
      startsUs[to] = this.startsUs[from]!;
      endsUs[to] = this.endsUs[from]!;
      flagBytes[to] = this.flagBytes[from]!;
      dead[to] = this.dead[from]!;
    }
    Object.assign(this, { keys, startsUs, endsUs, flagBytes, dead, mask });
  }
}
