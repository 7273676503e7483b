import { RandomStream } from '../../sim/kernel/randomStream.js';

/** A seeded stream of floats in [0, 1) for a machine's `random` input, from the kernel's own generator. */
export function seededRandom(seed: number): () => number {
  const stream = new RandomStream('test', seed);
  return () => stream.float();
}
