import { describe, expect, it } from 'vitest';
import { differsBeyondNoise, distributionOf } from '../../sim/sweep/distribution.js';

describe('a metric distribution across seeds', () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);

  it('has exact nearest-rank percentiles, whatever the order of the runs', () => {
    const d = distributionOf([...values].reverse())!;
    expect([d.min, d.p50, d.p90, d.p99, d.max]).toEqual([1, 50, 90, 99, 100]);
    expect(distributionOf(values)).toEqual(d);
  });

  it('counts runs without a value apart and puts every value in a histogram bin', () => {
    const d = distributionOf([3, null, 3, 5])!;
    expect(d.count).toBe(3);
    expect(d.missing).toBe(1);
    expect(d.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('is null when no run has a value', () => {
    expect(distributionOf([null, null])).toBeNull();
  });

  it('tells shifted samples from noise (two-sample Kolmogorov-Smirnov)', () => {
    expect(differsBeyondNoise(values, values.map((v) => v + 50)).differs).toBe(true);
    expect(differsBeyondNoise(values, values.map((v) => v + 1)).differs).toBe(false);
  });
});
