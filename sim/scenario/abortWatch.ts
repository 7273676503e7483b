import type { Kernel } from '../kernel/kernel.js';
import type { Metrics } from '../report/metrics.js';
import type { Annotation, RunAbort } from '../report/runSummary.js';
import type { SeriesRecorder } from '../report/seriesRecorder.js';
import { crosses, runningValue, type Threshold } from './threshold.js';

/**
 * k6's abortOnFail in simulated time: after every sample, each threshold marked to abort is
 * judged on the data so far (running counts, histograms, the series up to now) once its
 * `delayAbortEval` has passed; the first one crossed stops the kernel after that event,
 * and is annotated "aborted at 23.4 s: …". Deterministic: it reads only simulated data.
 */
export class AbortWatch {
  /** The threshold that stopped the run, when and at what value; null while none has. */
  aborted: RunAbort | null = null;
  private readonly watched: readonly Threshold[];

  constructor(
    thresholds: readonly Threshold[], private readonly kernel: Kernel, private readonly metrics: Metrics,
    private readonly series: SeriesRecorder, private readonly annotations: Annotation[],
  ) {
    this.watched = thresholds.filter((threshold) => threshold.abort !== null);
  }

  /** Judges the thresholds at simulated time `atMs` (just after a sample). */
  check(atMs: number): void {
    if (this.aborted || this.watched.length === 0) return;
    const due = this.watched.filter((threshold) => atMs >= threshold.abort!.delayAbortEvalMs);
    if (due.length === 0) return;
    const flat = this.metrics.flatten();
    const series = this.series.result();
    for (const threshold of due) {
      const value = runningValue(threshold, flat, series);
      if (!crosses(threshold, value)) continue;
      this.aborted = { atMs, threshold: threshold.text, value: value! };
      this.annotations.push({ atMs, kind: 'abort', label: `aborted at ${(atMs / 1_000).toFixed(1)} s: ${threshold.text} (was ${round(value!)})` });
      this.kernel.stop();
      return;
    }
  }
}

function round(value: number): number {
  return Math.round(value * 1_000) / 1_000;
}
