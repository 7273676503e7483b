/**
 * One bit per local port (65 536 bits in 2 048 words). Port p sits at bit p & 31 of word
 * p >> 5, so even ports are the even bit positions: a parity mask selects one class and a
 * word answers 16 ports of it at once. Hand-written: the search needs "first clear bit of
 * (a | b) under a mask", which no bitset package on npm offers without a per-bit callback.
 */

import { arenaUint32Array } from './typedArena.js';

export const parityMaskEven = 0x55555555;
export const parityMaskOdd = 0xaaaaaaaa | 0;

const words = 2048;

/** Lowest set bit's index of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Mask of bits lo..hi (inclusive) of a word. */
function spanMask(lo: number, hi: number): number {
  const upper = hi === 31 ? -1 : (1 << (hi + 1)) - 1;
  return upper & ~((1 << lo) - 1);
}

/** Read in place of a set that has no bits yet; never written. */
const noBits = new Uint32Array(words);

export class PortBitset {
  /** Made on the first set: most simulated hosts never set a bit in most of their sets. */
  private bits: Uint32Array = noBits;
  /** Bits set. */
  count = 0;
  /** Bits set at even ports (the rest are odd). */
  countEven = 0;

  has(port: number): boolean {
    return ((this.bits[port >> 5]! >>> (port & 31)) & 1) === 1;
  }

  set(port: number): void {
    if (this.bits === noBits) this.bits = arenaUint32Array(words);
    const bit = 1 << (port & 31);
    const word = this.bits[port >> 5]!;
    if ((word & bit) !== 0) return;
    this.bits[port >> 5] = word | bit;
    this.count++;
    if ((port & 1) === 0) this.countEven++;
  }

  clear(port: number): void {
    const bit = 1 << (port & 31);
    const word = this.bits[port >> 5]!;
    if ((word & bit) === 0) return;
    this.bits[port >> 5] = word & ~bit;
    this.count--;
    if ((port & 1) === 0) this.countEven--;
  }

  clearAll(): void {
    // `count` is exact (set and clear move it only when a bit flips): none set, nothing to zero.
    if (this.count !== 0) this.bits.fill(0);
    this.count = 0;
    this.countEven = 0;
  }

  /**
   * The first port p in [from, to] under `parityMask` that is clear in both this set and
   * `other`, or, when `canTake` is given, set only here and accepted by `canTake(p)`.
   * Ports are visited in increasing order, as a sequential walk would. -1 when none.
   */
  findFree(other: PortBitset, from: number, to: number, parityMask: number, canTake?: (port: number) => boolean): number {
    if (from > to) return -1;
    const mine = this.bits;
    const theirs = other.bits;
    const lastWord = to >> 5;
    for (let w = from >> 5; w <= lastWord; w++) {
      const lo = w === from >> 5 ? from & 31 : 0;
      const hi = w === lastWord ? to & 31 : 31;
      const mask = parityMask & spanMask(lo, hi);
      const blocked = mine[w]! | theirs[w]!;
      const free = ~blocked & mask;
      if (canTake) {
        const limit = free !== 0 ? lowestBit(free) : 32;
        let candidates = mine[w]! & ~theirs[w]! & mask;
        while (candidates !== 0) {
          const bit = lowestBit(candidates);
          if (bit >= limit) break;
          if (canTake(w * 32 + bit)) return w * 32 + bit;
          candidates &= candidates - 1;
        }
      }
      if (free !== 0) return w * 32 + lowestBit(free);
    }
    return -1;
  }

  /** The first clear port under `parityMask` from `start` up to `high`, then from `low`. */
  findClearCyclic(start: number, low: number, high: number, parityMask: number): number {
    const first = this.findFree(emptyBitset, start, high, parityMask);
    return first >= 0 ? first : this.findFree(emptyBitset, low, start - 1, parityMask);
  }
}

const emptyBitset = new PortBitset();
