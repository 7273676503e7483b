/**
 * A rolling 64-bit hash over every delivered event, kept as two 32-bit lanes of
 * MurmurHash3's word mixing (two seeds). Hand-written because it runs once per event:
 * node:crypto's incremental hashes cost about a microsecond per update and need the event
 * serialized to bytes first, which would dominate the kernel's own cost per event.
 * This is a fingerprint for "did two runs do the same thing", not a security hash.
 */

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/**
 * The word's own scramble in MurmurHash3's mixing: it does not depend on the hash state, so
 * a word folded into both lanes is scrambled once.
 */
function scramble(word: number): number {
  return Math.imul(rotl(Math.imul(word, 0xcc9e2d51), 15), 0x1b873593);
}

/** Folds a scrambled word into the state. */
function fold(h: number, scrambled: number): number {
  h = rotl(h ^ scrambled, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Mixes one 32-bit word. */
export function mixWord(h: number, word: number): number {
  return fold(h, scramble(word));
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const twoTo32 = 4_294_967_296;

/** A 32-bit hash of a string, for names that are hashed once and then reused. */
export function hashString(text: string, seed = 0x2f1a_93c5): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = mixWord(h, text.charCodeAt(i));
  return finalize(h ^ text.length);
}

/** Mixes a non-negative integer (up to 2^53) as two 32-bit words. */
export function mixNumber(h: number, value: number): number {
  return mixWord(mixWord(h, value >>> 0), Math.floor(value / twoTo32) | 0);
}

export class TraceHash {
  private laneA = 0x5bd1_e995 | 0;
  private laneB = 0x27d4_eb2f | 0;

  /**
   * Folds one delivered event: its time, its actor and type (pre-hashed names) and a key,
   * each number as two 32-bit words (as {@link mixNumber}). Lane A takes time, actor, type,
   * key; lane B type, actor, key, time. Each word is scrambled once for both lanes, and the
   * folds are written out here rather than through mixNumber: this runs once per event.
   */
  add(timeUs: number, actorHash: number, typeHash: number, key: number): void {
    // scramble() written out six times: V8 left it a call from here (perf, 1.5 % of a run).
    let timeLo = Math.imul(timeUs >>> 0, 0xcc9e2d51);
    timeLo = Math.imul((timeLo << 15) | (timeLo >>> 17), 0x1b873593);
    let timeHi = Math.imul(Math.floor(timeUs / twoTo32) | 0, 0xcc9e2d51);
    timeHi = Math.imul((timeHi << 15) | (timeHi >>> 17), 0x1b873593);
    let actor = Math.imul(actorHash, 0xcc9e2d51);
    actor = Math.imul((actor << 15) | (actor >>> 17), 0x1b873593);
    let type = Math.imul(typeHash, 0xcc9e2d51);
    type = Math.imul((type << 15) | (type >>> 17), 0x1b873593);
    let keyLo = Math.imul(key >>> 0, 0xcc9e2d51);
    keyLo = Math.imul((keyLo << 15) | (keyLo >>> 17), 0x1b873593);
    let keyHi = Math.imul(Math.floor(key / twoTo32) | 0, 0xcc9e2d51);
    keyHi = Math.imul((keyHi << 15) | (keyHi >>> 17), 0x1b873593);
    this.laneA = fold(fold(fold(fold(fold(fold(this.laneA, timeLo), timeHi), actor), type), keyLo), keyHi);
    this.laneB = fold(fold(fold(fold(fold(fold(this.laneB, type), actor), keyLo), keyHi), timeLo), timeHi);
  }

  /** 16 hex digits. */
  hex(): string {
    const a = finalize(this.laneA).toString(16).padStart(8, '0');
    const b = finalize(this.laneB).toString(16).padStart(8, '0');
    return a + b;
  }
}
