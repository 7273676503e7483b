import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';
import { arrivalSchedule, startArrivals } from '../../sim/scenario/arrivalSchedule.js';

/** A schedule of fixed times (µs), null after the last, that notes every tag it is asked for. */
function fixedSchedule(timesUs: readonly number[]): { schedule: (tag: number) => number | null; asked: number[] } {
  const asked: number[] = [];
  return { asked, schedule: (tag) => (asked.push(tag), timesUs[tag] ?? null) };
}

describe('startArrivals', () => {
  it('starts each request at the time the schedule gives, in tag order, and stops at its first null', () => {
    const kernel = new Kernel(1);
    const { schedule, asked } = fixedSchedule([0, 250, 250, 1_000]);
    const arrived: [number, number][] = [];
    startArrivals(kernel, schedule, 'request', (tag) => arrived.push([tag, kernel.nowUs]));
    kernel.run({ durationUs: 10_000 });
    expect(arrived).toEqual([[0, 0], [1, 250], [2, 250], [3, 1_000]]);
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    expect(kernel.eventsDelivered).toBe(4);
    expect(kernel.pending).toBe(0);
  });

  it('schedules the next arrival only after a request has started, so what the request schedules for the same time comes first', () => {
    const kernel = new Kernel(1);
    const order: string[] = [];
    const follow = kernel.name('follow');
    startArrivals(kernel, fixedSchedule([100, 200]).schedule, 'request', (tag) => {
      order.push(`arrive ${tag}`);
      kernel.at(200, follow, follow, tag, () => order.push(`follow ${tag}`));
    });
    kernel.run({ durationUs: 1_000 });
    expect(order).toEqual(['arrive 0', 'follow 0', 'arrive 1', 'follow 1']);
  });

  it('traces each arrival as loadgen <type> #tag: the same events whatever the schedule is read by', () => {
    const hashOf = (start: (kernel: Kernel) => void): string => {
      const kernel = new Kernel(7);
      start(kernel);
      kernel.run({ durationUs: 2_000_000 });
      expect(kernel.eventsDelivered).toBeGreaterThan(20);
      return kernel.traceHashHex();
    };
    const byArrivals = hashOf((kernel) => startArrivals(kernel, arrivalSchedule(kernel, 'ramp 10/s to 100/s over 1s', 0, 1_000), 'submit', () => {}));
    const byHand = hashOf((kernel) => {
      const schedule = arrivalSchedule(kernel, 'ramp 10/s to 100/s over 1s', 0, 1_000);
      const loadgen = kernel.name('loadgen');
      const submit = kernel.name('submit');
      for (let tag = 0, atUs = schedule(0); atUs !== null; atUs = schedule(++tag)) kernel.at(atUs, loadgen, submit, tag, () => {});
    });
    expect(byArrivals).toBe(byHand);
  });
});
