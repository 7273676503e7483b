import { describe, expect, it } from 'vitest';
import { SeriesRecorder } from '../../sim/report/seriesRecorder.js';

describe('series recorder', () => {
  it('samples gauges as they stand and rates as increase per second over the interval', () => {
    const recorder = new SeriesRecorder(500);
    let gauge = 3;
    let total = 0;
    recorder.gauge('g', () => gauge);
    recorder.perSecond('r', () => total);
    total = 10;
    recorder.sample(500);
    gauge = 7;
    total = 15;
    recorder.sample(1_000);
    expect(recorder.result()).toEqual({ intervalMs: 500, tMs: [500, 1_000], series: { g: [3, 7], r: [20, 10] } });
  });

  it('refuses a series defined twice or after sampling began, and names unknown ones', () => {
    const recorder = new SeriesRecorder(1_000);
    recorder.gauge('a', () => 1);
    expect(() => recorder.gauge('a', () => 2)).toThrow(/defined twice/);
    recorder.sample(1_000);
    expect(() => recorder.gauge('b', () => 2)).toThrow(/after sampling began/);
    expect(() => recorder.values('zzz')).toThrow(/no series "zzz".*a/);
  });
});
