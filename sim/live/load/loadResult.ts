import * as hdr from 'hdr-histogram-js';

/** Latency percentiles of a load run, in ms (from an HDR histogram recorded in µs, 3 significant digits). */
export interface LatencySummaryMs {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/**
 * What one load run measured, the same shape for the Gearman driver and for autocannon over
 * HTTP, so perf reports treat them alike (DESIGN.md: results are data).
 */
export interface LoadResult {
  readonly tool: 'gearman' | 'http';
  readonly target: string;
  /** Every setting of the run, defaults included. */
  readonly settings: Readonly<Record<string, number | string | boolean>>;
  /** Wall time of the measured window. */
  readonly durationMs: number;
  /** Jobs (or HTTP responses) completed inside the window. */
  readonly completed: number;
  /** Completed per second of the window. */
  readonly ratePerSec: number;
  /** Replies that were errors (Gearman WORK_FAIL or ERROR, HTTP non-2xx or socket errors). */
  readonly errors: number;
  /** HTTP only: the errors by kind (ECONNREFUSED, EADDRNOTAVAIL, timeout, status 5xx …; requestErrorKind.ts). */
  readonly errorsByKind?: Readonly<Record<string, number>>;
  /** Submit (or request) to completion. */
  readonly latencyMs: LatencySummaryMs;
}

/** A latency histogram in µs as the load drivers keep it. */
export function createLatencyHistogram(): hdr.Histogram {
  return hdr.build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000 });
}

export function summarizeLatencyUs(histogram: hdr.Histogram): LatencySummaryMs {
  if (histogram.totalCount === 0) return { p50: null, p90: null, p99: null, p999: null, max: null, mean: null };
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}
