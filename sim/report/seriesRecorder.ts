import type { LatencyWindow } from './latencyWindow.js';
import type { TimeSeries } from './runSummary.js';

interface Column {
  readonly read: () => number;
  /** Rates report the change of a running total per second of simulated time. */
  readonly rate: boolean;
  previous: number;
  readonly values: number[];
}

/**
 * Samples gauges and rates at a fixed simulated interval into a {@link TimeSeries}. A
 * gauge is read as it stands at the sample; a rate is the increase of a running total over
 * the interval, per second.
 */
export class SeriesRecorder {
  private readonly columns = new Map<string, Column>();
  private readonly tMs: number[] = [];

  constructor(readonly intervalMs: number) {}

  gauge(name: string, read: () => number): void {
    this.add(name, read, false);
  }

  perSecond(name: string, readTotal: () => number): void {
    this.add(name, readTotal, true);
  }

  /**
   * Three series of one latency window: `<prefix>Mean`, `<prefix>P50`, `<prefix>P99`, each
   * sample the latencies that ended since the previous one (0 when none did).
   */
  latency(prefix: string, window: LatencyWindow): void {
    let interval = window.drain();
    // Columns are read in the order they were added: the first drains, the others reuse it.
    this.gauge(`${prefix}Mean`, () => (interval = window.drain()).meanMs);
    this.gauge(`${prefix}P50`, () => interval.p50Ms);
    this.gauge(`${prefix}P99`, () => interval.p99Ms);
  }

  sample(nowMs: number): void {
    const elapsedSec = (nowMs - (this.tMs.at(-1) ?? 0)) / 1_000;
    this.tMs.push(nowMs);
    for (const column of this.columns.values()) {
      const value = column.read();
      if (!column.rate) {
        column.values.push(value);
        continue;
      }
      column.values.push(elapsedSec > 0 ? (value - column.previous) / elapsedSec : 0);
      column.previous = value;
    }
  }

  /** Values of one column so far (for findings and expectations computed from the series). */
  values(name: string): readonly number[] {
    const column = this.columns.get(name);
    if (!column) throw new Error(`no series "${name}" (series: ${[...this.columns.keys()].join(', ')})`);
    return column.values;
  }

  result(): TimeSeries {
    const series: Record<string, number[]> = {};
    for (const [name, column] of this.columns) series[name] = [...column.values];
    return { intervalMs: this.intervalMs, tMs: [...this.tMs], series };
  }

  private add(name: string, read: () => number, rate: boolean): void {
    if (this.columns.has(name)) throw new Error(`series "${name}" is defined twice`);
    if (this.tMs.length > 0) throw new Error(`series "${name}" added after sampling began`);
    this.columns.set(name, { read, rate, previous: 0, values: [] });
  }
}
