import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { hashString } from './traceHash.js';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * The seed of a named stream: a hash of the root seed and the stream's stable name, so a
 * stream's values do not depend on which other streams exist or in what order they were
 * made (DESIGN.md, "Randomness").
 */
export function deriveSeed(rootSeed: number, name: string): number {
  return hashString(name, hashString(String(rootSeed)));
}

/** One seeded random stream (xoroshiro128+ from pure-rand). */
export class RandomStream {
  private generator: Generator;

  constructor(readonly name: string, private readonly seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** Starts the stream over: the next values are those it gave when it was made. */
  reset(): void {
    this.generator = xoroshiro128plus(this.seed);
  }

  /** Uniform in [0, 1), 53 bits. */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** An unsigned 32-bit value. */
  uint32(): number {
    return this.generator.next() >>> 0;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }

  /** Exponentially distributed with the given mean (any unit; the caller names it). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }
}
