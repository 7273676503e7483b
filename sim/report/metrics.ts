import * as hdr from 'hdr-histogram-js';

/** Percentiles every latency histogram reports, as metric name suffixes. */
const percentiles = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p999', 99.9],
] as const;

/**
 * A run's metrics as they accumulate: single values, "first time something
 * happened", and latency histograms (HDR, 3 significant digits, recorded in µs and
 * reported in ms). `flatten()` gives the dotted-name object of summary.json.
 */
export class Metrics {
  private readonly values = new Map<string, number | null>();
  private readonly histograms = new Map<string, hdr.Histogram>();
  private readonly live = new Map<string, () => number | null>();

  set(name: string, value: number | null): void {
    this.values.set(name, value);
  }

  /** The value set for `name`, null when declared but unset, undefined when never named. */
  get(name: string): number | null | undefined {
    return this.values.get(name);
  }

  /** Sets `name` only the first time; later calls keep the first value. */
  first(name: string, value: number): void {
    if (this.values.get(name) == null) this.values.set(name, value);
  }

  /** Declares a value that may never be set, so it appears as null rather than missing. */
  declare(name: string): void {
    if (!this.values.has(name)) this.values.set(name, null);
  }

  /**
   * A value read when the metrics are flattened until one is `set` for the name: a count
   * that thresholds with abortOnFail can watch during the run (the final value is set at the end).
   */
  running(name: string, read: () => number | null): void {
    this.live.set(name, read);
  }

  /** Records one latency sample (µs) into histogram `name` (reported as `<name>Ms.pXX`). */
  recordUs(name: string, valueUs: number): void {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      histogram = hdr.build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1 });
      this.histograms.set(name, histogram);
    }
    histogram.recordValue(Math.max(1, Math.round(valueUs)));
  }

  flatten(): Record<string, number | null> {
    const flat: Record<string, number | null> = {};
    for (const [name, read] of this.live) flat[name] = read();
    for (const [name, value] of this.values) flat[name] = value;
    for (const [name, histogram] of this.histograms) {
      const empty = histogram.totalCount === 0;
      for (const [suffix, percentile] of percentiles) {
        flat[`${name}Ms.${suffix}`] = empty ? null : histogram.getValueAtPercentile(percentile) / 1_000;
      }
      flat[`${name}Ms.max`] = empty ? null : histogram.maxValue / 1_000;
      flat[`${name}Ms.mean`] = empty ? null : Math.round(histogram.mean) / 1_000;
    }
    return Object.fromEntries(Object.entries(flat).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
