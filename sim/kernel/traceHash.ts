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

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = rotl(k, 15);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
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

  /** Folds one delivered event: its time, its actor and type (pre-hashed names) and a key. */
  add(timeUs: number, actorHash: number, typeHash: number, key: number): void {
    let a = mixNumber(this.laneA, timeUs);
    a = mixWord(mixWord(a, actorHash), typeHash);
    this.laneA = mixNumber(a, key);
    let b = mixWord(this.laneB, typeHash);
    b = mixNumber(mixWord(b, actorHash), key);
    this.laneB = mixNumber(b, timeUs);
  }

  /** 16 hex digits. */
  hex(): string {
    const a = finalize(this.laneA).toString(16).padStart(8, '0');
    const b = finalize(this.laneB).toString(16).padStart(8, '0');
    return a + b;
  }
}
