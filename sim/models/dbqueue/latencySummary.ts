/** Nearest-rank percentiles of a set of latencies, in µs; null when there is no sample. */
export interface LatencySummaryUs {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Summarizes `samplesUs` (any order; the array is not changed). */
export function summarizeLatency(samplesUs: readonly number[]): LatencySummaryUs {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const rank = (percentile: number): number | null =>
    sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] as number);
  return { count: sorted.length, p50: rank(50), p99: rank(99), max: sorted.at(-1) ?? null };
}
