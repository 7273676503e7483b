import { arenaInt32Array } from './typedArena.js';

const chunkBits = 8;
const chunkSize = 1 << chunkBits;
const chunkMask = chunkSize - 1;

/**
 * 65 536 integers indexed by port (or by the varying port of a 4-tuple), all 0 at first,
 * stored as 256 chunks of 256 made on first write. A simulated host that touches a handful
 * of ports then costs a few KiB instead of 256 KiB per array, which matters when a property
 * test builds thousands of small networks, while a read stays two array loads on the hot
 * path of a port-exhaustion run (a Map here cost 40 % of that run's speed).
 */
/**
 * Read in place of an array that was never written, shared by all of them: a property run
 * builds dozens of hosts with several port arrays each, and most are never written, so
 * making 256 slots for each was a tenth of a grab run. Never written itself.
 */
// Made with Array.from, not new Array(n): V8 keeps it a packed array, whose reads are cheaper than a holey one's.
const noChunks: readonly (Int32Array | undefined)[] = Array.from({ length: chunkSize }, () => undefined);

export class PortArray {
  private chunks = noChunks as (Int32Array | undefined)[];
  /** The chunks made, so `clear` zeroes those without visiting 256 slots. */
  private readonly made: Int32Array[] = [];

  get(index: number): number {
    const chunk = this.chunks[index >> chunkBits];
    return chunk === undefined ? 0 : chunk[index & chunkMask]!;
  }

  set(index: number, value: number): void {
    let chunk = this.chunks[index >> chunkBits];
    if (chunk === undefined) {
      if (value === 0) return;
      chunk = this.newChunk(index);
    }
    chunk[index & chunkMask] = value;
  }

  /** Adds `delta` and returns the new value. */
  add(index: number, delta: number): number {
    let chunk = this.chunks[index >> chunkBits];
    if (chunk === undefined) {
      if (delta === 0) return 0;
      chunk = this.newChunk(index);
    }
    return (chunk[index & chunkMask]! += delta);
  }

  private newChunk(index: number): Int32Array {
    if (this.chunks === noChunks) this.chunks = noChunks.slice();
    const chunk = arenaInt32Array(chunkSize);
    this.chunks[index >> chunkBits] = chunk;
    this.made.push(chunk);
    return chunk;
  }

  clear(): void {
    for (const chunk of this.made) chunk.fill(0);
  }
}
