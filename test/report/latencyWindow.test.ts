import { describe, expect, it } from 'vitest';
import { LatencyWindow } from '../../sim/report/latencyWindow.js';
import { SeriesRecorder } from '../../sim/report/seriesRecorder.js';

describe('LatencyWindow', () => {
  it('gives the interval mean, nearest-rank median and p99, then starts a fresh interval', () => {
    const window = new LatencyWindow();
    // 1..100 ms, in shuffled order: the median is 50 ms, the p99 99 ms, the mean 50.5 ms.
    for (let i = 0; i < 100; i++) window.record((((i * 37) % 100) + 1) * 1_000);
    expect(window.drain()).toEqual({ meanMs: 50.5, p50Ms: 50, p99Ms: 99 });
    expect(window.drain()).toEqual({ meanMs: 0, p50Ms: 0, p99Ms: 0 });
  });

  it('shows a slow tail the mean hides', () => {
    const window = new LatencyWindow();
    for (let i = 0; i < 98; i++) window.record(1_000);
    window.record(3_000_000);
    window.record(3_000_000);
    const interval = window.drain();
    expect(interval.p50Ms).toBe(1);
    expect(interval.p99Ms).toBe(3_000);
    expect(interval.meanMs).toBeCloseTo(60.98, 2);
  });
});

describe('SeriesRecorder.latency', () => {
  it('samples mean, p50 and p99 of the latencies that ended in each interval', () => {
    const recorder = new SeriesRecorder(1_000);
    const window = new LatencyWindow();
    recorder.latency('http.latencyMs', window);
    window.record(2_000);
    window.record(4_000);
    recorder.sample(1_000);
    recorder.sample(2_000);
    const { series } = recorder.result();
    expect(series['http.latencyMsMean']).toEqual([3, 0]);
    expect(series['http.latencyMsP50']).toEqual([2, 0]);
    expect(series['http.latencyMsP99']).toEqual([4, 0]);
  });
});
