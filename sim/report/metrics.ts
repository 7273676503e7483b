import { createRequire } from 'node:module';
import type * as hdr from 'hdr-histogram-js';
import { HistogramRecorder, type HistogramStore } from './histogramRecorder.js';

/**
 * The two classes of hdr-histogram-js the metrics use, each from its own file: the package's
 * index also loads its WebAssembly build (inflated with pako at load), its log reader and
 * writer and its encoders, a fifth of a sweep worker's start before its first seed
 * (profiled). A 32-bit histogram that resizes itself is what `hdr.build` gives for the
 * settings below (HistogramBuilder.js: `bitBucketSize` 32, `autoResize`, JavaScript).
 * Loaded with `require`, as the CommonJS files they are, so every loader (Node, the bundle,
 * tsx) hands over the same classes.
 */
const requireCjs = createRequire(import.meta.url);
const Int32Histogram = (requireCjs('hdr-histogram-js/dist/Int32Histogram.js') as { default: new (lowest: number, highest: number, digits: number) => hdr.Histogram }).default;
const JsHistogram = (requireCjs('hdr-histogram-js/dist/JsHistogram.js') as { default: typeof hdr.JsHistogram }).default;

/** Percentiles every latency histogram reports, as metric name suffixes. */
const percentiles = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p999', 99.9],
] as const;

/**
 * Samples below this many µs sit in HDR's first bucket, one value per slot (3 significant
 * digits from a lowest value of 1: 2 048 sub-buckets), so a count per value is exact.
 */
const exactBelowUs = 2_048;

/**
 * A run's metrics as they accumulate: single values, "first time something
 * happened", and latency histograms (HDR, 3 significant digits, recorded in µs and
 * reported in ms). `flatten()` gives the dotted-name object of summary.json.
 */
export class Metrics implements HistogramStore {
  private readonly values = new Map<string, number | null>();
  private readonly histograms = new Map<string, hdr.Histogram>();
  private readonly exactCounts = new Map<string, Float64Array>();
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
    this.histogramOf(name).recordValue(Math.max(1, Math.round(valueUs)));
  }

  /** {@link recordUs} for one histogram, looked up once (HistogramRecorder). */
  recorderUs(name: string): HistogramRecorder {
    return new HistogramRecorder(this, name, exactBelowUs);
  }

  /**
   * Counts of the samples under {@link exactBelowUs} of histogram `name`, by value, folded
   * into the histogram when it is read. Below 2 048 µs, HDR's first bucket holds each
   * integer value exactly, so counting them here and adding them with their counts later
   * gives the same histogram as recording each (counts, total, min and max alike) without
   * HDR's `log2` and `pow` per sample: most latency samples of a run land here.
   */
  exactCountsOf(name: string): Float64Array {
    this.histogramOf(name);
    let counts = this.exactCounts.get(name);
    if (!counts) {
      counts = new Float64Array(exactBelowUs);
      this.exactCounts.set(name, counts);
    }
    return counts;
  }

  /** Adds the exact counts gathered since the last read to their histograms. */
  private foldExactCounts(): void {
    for (const [name, counts] of this.exactCounts) {
      const histogram = this.histogramOf(name);
      for (let value = 1; value < exactBelowUs; value++) {
        const count = counts[value] as number;
        if (count === 0) continue;
        histogram.recordValueWithCount(value, count);
        counts[value] = 0;
      }
    }
  }

  /** Histogram `name`, made on first use. */
  histogramOf(name: string): hdr.Histogram {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      // hdr.build({ numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1 }), without loading the package's index.
      histogram = new Int32Histogram(1, 2, 3);
      histogram.autoResize = true;
      this.histograms.set(name, histogram);
    }
    return histogram;
  }

  flatten(): Record<string, number | null> {
    this.foldExactCounts();
    const flat: Record<string, number | null> = {};
    for (const [name, read] of this.live) flat[name] = read();
    for (const [name, value] of this.values) flat[name] = value;
    for (const [name, histogram] of this.histograms) {
      const empty = histogram.totalCount === 0;
      for (const [suffix, percentile] of percentiles) {
        flat[`${name}Ms.${suffix}`] = empty ? null : histogram.getValueAtPercentile(percentile) / 1_000;
      }
      flat[`${name}Ms.max`] = empty ? null : histogram.maxValue / 1_000;
      flat[`${name}Ms.mean`] = empty ? null : Math.round(meanOf(histogram)) / 1_000;
    }
    return Object.fromEntries(Object.entries(flat).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/**
 * The histogram's mean, as hdr-histogram-js's `mean` computes it: each non-empty bucket's
 * median-equivalent value times its count, summed in bucket order, over the total count.
 * Its `mean` walks every sub-bucket with an iterator that also works out percentiles and
 * value ranges at each step, which was most of a worker-crash seed's histogram time (about
 * 2.5 % of the seed); this visits the same buckets in the same order, so the same sum.
 */
export function meanOf(histogram: hdr.Histogram): number {
  if (!(histogram instanceof JsHistogram)) return histogram.mean;
  const total = histogram.totalCount;
  if (total === 0) return 0;
  let sum = 0;
  for (let index = 0, seen = 0; seen < total && index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count === 0) continue;
    seen += count;
    sum += histogram.medianEquivalentValue(histogram.highestEquivalentValue(histogram.valueFromIndex(index))) * count;
  }
  return sum / total;
}
