import { describe, expect, it } from 'vitest';
import { processCpuMs, processCpuTimesMs } from '../../../sim/live/perf/processCpu.js';

describe('a process\'s CPU time from /proc', () => {
  it('splits into user and system time that add up to the total, and user time grows while the process computes', () => {
    const before = processCpuTimesMs(process.pid);
    let sink = 0;
    const untilMs = performance.now() + 60;
    while (performance.now() < untilMs) sink += Math.sqrt(sink + 1);
    const after = processCpuTimesMs(process.pid);
    const totalMs = processCpuMs(process.pid);
    expect(sink).toBeGreaterThan(0);
    expect(after?.userMs).toBeGreaterThan(before?.userMs ?? Infinity);
    expect(after?.systemMs).toBeGreaterThanOrEqual(before?.systemMs ?? Infinity);
    expect(totalMs).toBeGreaterThanOrEqual((after?.userMs ?? 0) + (after?.systemMs ?? 0));
  });

  it('is null for a process that does not exist', () => {
    expect(processCpuTimesMs(2 ** 22 + 1)).toBeNull();
    expect(processCpuMs(2 ** 22 + 1)).toBeNull();
  });
});
