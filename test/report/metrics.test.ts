import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../sim/report/metrics.js';

describe('Metrics', () => {
  it('a recorder kept for a histogram records into the same histogram as recordUs by name', () => {
    const metrics = new Metrics();
    const recorder = metrics.recorderUs('requests.latency');
    recorder.recordUs(1_000);
    recorder.recordUs(3_000);
    metrics.recordUs('requests.latency', 2_000);
    const flat = metrics.flatten();
    expect(flat['requests.latencyMs.p50']).toBe(2);
    expect(flat['requests.latencyMs.max']).toBe(3);
    expect(flat['requests.latencyMs.mean']).toBe(2);
  });

  it('a recorder rounds to whole microseconds and records at least 1 µs', () => {
    const metrics = new Metrics();
    const recorder = metrics.recorderUs('rpc.latency');
    recorder.recordUs(0.2);
    expect(metrics.flatten()['rpc.latencyMs.max']).toBe(0.001);
  });

  it('a recorder that never records leaves no histogram in the summary', () => {
    const metrics = new Metrics();
    metrics.recorderUs('jobs.latency');
    expect(Object.keys(metrics.flatten()).filter((key) => key.startsWith('jobs.latency'))).toEqual([]);
  });

  it('a recorder gives the histogram recordUs gives, for samples on both sides of its exact range', () => {
    const sample = fc.oneof(fc.double({ min: 0, max: 4_000, noNaN: true }), fc.integer({ min: 1, max: 10_000_000 }));
    fc.assert(fc.property(fc.array(sample, { minLength: 1, maxLength: 200 }), (samples) => {
      const byName = new Metrics();
      const byRecorder = new Metrics();
      const recorder = byRecorder.recorderUs('requests.latency');
      for (const valueUs of samples) {
        byName.recordUs('requests.latency', valueUs);
        recorder.recordUs(valueUs);
      }
      expect(byRecorder.flatten()).toEqual(byName.flatten());
    }));
  });

  it('a recorder read twice counts each sample once', () => {
    const metrics = new Metrics();
    const recorder = metrics.recorderUs('requests.latency');
    recorder.recordUs(100);
    metrics.flatten();
    recorder.recordUs(300);
    expect(metrics.flatten()['requests.latencyMs.mean']).toBe(0.2);
  });
});
