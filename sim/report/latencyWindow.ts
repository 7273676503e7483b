/** What a latency chart draws for one sample interval, in ms (0 when nothing ended in it). */
export interface IntervalLatency {
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * The latencies of one sample interval, for per-second percentiles beside the mean (a
 * mean per second hides the slow tail a p99 shows, as wrk2 and k6 report it). Kept exactly
 * and sorted when the interval closes: an interval holds at most a few thousand samples,
 * and nearest-rank percentiles of the exact values need no histogram's bucket error.
 */
export class LatencyWindow {
  private valuesUs = new Float64Array(256);
  private count = 0;

  record(latencyUs: number): void {
    if (this.count === this.valuesUs.length) {
      const grown = new Float64Array(this.valuesUs.length * 2);
      grown.set(this.valuesUs);
      this.valuesUs = grown;
    }
    this.valuesUs[this.count++] = latencyUs;
  }

  /** The interval's mean, median and 99th percentile (nearest rank), and a fresh interval. */
  drain(): IntervalLatency {
    const count = this.count;
    this.count = 0;
    if (count === 0) return { meanMs: 0, p50Ms: 0, p99Ms: 0 };
    const sorted = this.valuesUs.subarray(0, count).sort();
    let sumUs = 0;
    for (const value of sorted) sumUs += value;
    const rank = (percentile: number): number => sorted[Math.max(0, Math.ceil((percentile / 100) * count) - 1)] as number;
    return { meanMs: roundMs(sumUs / count), p50Ms: roundMs(rank(50)), p99Ms: roundMs(rank(99)) };
  }
}

/** µs → ms with three decimals: whole microseconds, as the simulation measures them. */
function roundMs(valueUs: number): number {
  return Math.round(valueUs) / 1_000;
}
