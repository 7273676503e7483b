import type * as hdr from 'hdr-histogram-js';

/** Where a {@link HistogramRecorder} finds its histogram and its exact counts, made on first use (Metrics). */
export interface HistogramStore {
  histogramOf(name: string): hdr.Histogram;
  exactCountsOf(name: string): Float64Array;
}

/**
 * Records samples (µs) into one histogram, looked up once: a caller recording per request
 * keeps one rather than building the name and looking it up for every sample. The histogram
 * is made on the first sample, so a run that records none reports none.
 *
 * An object with a method rather than a closure: a sweep worker makes a recorder per run,
 * and a call site compiled for one run's closure was thrown away at the next run's ("wrong
 * call target" in `--trace-deopt`, docs/sweeps.md); a method is the same function every run.
 */
export class HistogramRecorder {
  private counts: Float64Array | null = null;
  private histogram: hdr.Histogram | null = null;

  /** @param exactBelowUs samples under it are counted per integer value and folded into the histogram when read. */
  constructor(private readonly store: HistogramStore, private readonly name: string, private readonly exactBelowUs: number) {}

  recordUs(valueUs: number): void {
    const value = Math.max(1, Math.round(valueUs));
    if (value < this.exactBelowUs) {
      const counts = (this.counts ??= this.store.exactCountsOf(this.name));
      counts[value] = (counts[value] as number) + 1;
    } else (this.histogram ??= this.store.histogramOf(this.name)).recordValue(value);
  }
}
