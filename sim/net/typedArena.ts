/**
 * Zeroed typed arrays carved from shared 1 MiB buffers. Each `new Uint32Array(n)` past
 * 64 bytes gets its own off-heap backing store, which V8 counts as external memory and
 * answers with extra collections: a grab property run builds a dozen hosts whose port
 * bitsets and port-array chunks are a few hundred such arrays, and collection was a fifth
 * of the run (cpu profile). Views on one buffer cost an on-heap object each.
 *
 * A bump allocator, never freeing: a buffer is collected once every view on it is gone,
 * so it suits arrays that live as long as their host (a run), not short-lived scratch.
 */
const arenaBytes = 1 << 20;

let buffer = new ArrayBuffer(arenaBytes);
let usedBytes = 0;

/** `bytes` (a multiple of 8, at most 1 MiB) of fresh zeroes, 8-byte aligned. */
function take(bytes: number): { readonly buffer: ArrayBuffer; readonly offset: number } {
  if (usedBytes + bytes > arenaBytes) {
    buffer = new ArrayBuffer(arenaBytes);
    usedBytes = 0;
  }
  const offset = usedBytes;
  usedBytes += bytes;
  return { buffer, offset };
}

export function arenaUint32Array(length: number): Uint32Array {
  const { buffer: from, offset } = take(Math.ceil((length * 4) / 8) * 8);
  return new Uint32Array(from, offset, length);
}

export function arenaInt32Array(length: number): Int32Array {
  const { buffer: from, offset } = take(Math.ceil((length * 4) / 8) * 8);
  return new Int32Array(from, offset, length);
}

export function arenaFloat64Array(length: number): Float64Array {
  const { buffer: from, offset } = take(length * 8);
  return new Float64Array(from, offset, length);
}
