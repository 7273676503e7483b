import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';
import { TraceLog } from '../../sim/kernel/traceLog.js';

describe('kernel run loop', () => {
  it('runs events at their times and ties in the order they were scheduled', () => {
    const kernel = new Kernel(1);
    const seen: string[] = [];
    const actor = kernel.name('a');
    const type = kernel.name('e');
    kernel.at(500, actor, type, 1, () => seen.push(`b@${kernel.nowUs}`));
    kernel.at(100, actor, type, 2, () => {
      seen.push(`a@${kernel.nowUs}`);
      kernel.after(400, actor, type, 3, () => seen.push(`c@${kernel.nowUs}`));
    });
    kernel.at(500, actor, type, 4, () => seen.push(`d@${kernel.nowUs}`));
    const outcome = kernel.run({ durationUs: 1_000 });
    expect(seen).toEqual(['a@100', 'b@500', 'd@500', 'c@500']);
    expect(outcome).toMatchObject({ stopReason: 'completed', events: 4, simulatedUs: 1_000 });
  });

  it('calls a shared handler with each event\'s own arguments, ordered with closures by time then scheduling', () => {
    const kernel = new Kernel(1);
    const seen: string[] = [];
    const actor = kernel.name('a');
    const type = kernel.name('e');
    const record = (list: string[], label: string): void => void list.push(`${label}@${kernel.nowUs}`);
    kernel.call(300, actor, type, 1, record, seen, 'x');
    kernel.at(300, actor, type, 2, () => seen.push(`closure@${kernel.nowUs}`));
    kernel.call(200, actor, type, 3, record, seen, 'y');
    kernel.run({ durationUs: 1_000 });
    expect(seen).toEqual(['y@200', 'x@300', 'closure@300']);
  });

  it('stops at the duration and leaves later events queued', () => {
    const kernel = new Kernel(1);
    kernel.at(2_000, kernel.name('a'), kernel.name('late'), 0, () => {
      throw new Error('must not run');
    });
    expect(kernel.run({ durationUs: 1_999 }).stopReason).toBe('completed');
    expect(kernel.pending).toBe(1);
    expect(kernel.nowUs).toBe(1_999);
  });

  it('stops after eventsMax events and says so', () => {
    const kernel = new Kernel(1);
    const tick = (): void => void kernel.after(10, kernel.name('a'), kernel.name('tick'), 0, tick);
    tick();
    const outcome = kernel.run({ durationUs: 1e12, eventsMax: 1_000 });
    expect(outcome.stopReason).toBe('eventsMax');
    expect(outcome.events).toBe(1_000);
  });

  it('stops at the wall-time limit and says so', () => {
    const kernel = new Kernel(1);
    const spin = (): void => {
      // The kernel reads the wall clock every 4096 events; 5 µs each makes that >20 ms.
      const until = performance.now() + 0.005;
      while (performance.now() < until);
      kernel.after(1, kernel.name('a'), kernel.name('spin'), 0, spin);
    };
    spin();
    const outcome = kernel.run({ durationUs: 1e12, wallMsMax: 1 });
    expect(outcome.stopReason).toBe('wallTimeLimit');
    expect(outcome.events).toBeLessThanOrEqual(2 * 4096);
  });

  it('skips cancelled events without tracing them', () => {
    const kernel = new Kernel(1);
    const ran: number[] = [];
    const event = kernel.at(10, kernel.name('a'), kernel.name('e'), 1, () => ran.push(1));
    kernel.at(20, kernel.name('a'), kernel.name('e'), 2, () => ran.push(2));
    kernel.cancel(event);
    expect(kernel.run({ durationUs: 100 }).events).toBe(1);
    expect(ran).toEqual([2]);
  });

  it('refuses to schedule in the past or at a fractional microsecond', () => {
    const kernel = new Kernel(1);
    kernel.at(50, kernel.name('a'), kernel.name('e'), 0, () => {
      expect(() => kernel.at(49, kernel.name('a'), kernel.name('past'), 0, () => {})).toThrow(/cannot schedule/);
    });
    kernel.run({ durationUs: 100 });
    expect(() => kernel.at(150.5, kernel.name('a'), kernel.name('e'), 0, () => {})).toThrow(/cannot schedule/);
  });

  it('lists the last events for invariant violations, oldest first', () => {
    const kernel = new Kernel(1);
    for (let i = 1; i <= 20; i++) kernel.at(i * 1_000, kernel.name('a'), kernel.name(`e${i}`), i, () => {});
    kernel.run({ durationUs: 1e6 });
    const recent = kernel.recentEvents();
    expect(recent).toHaveLength(16);
    expect(recent[0]).toBe('5.000ms a e5 #5');
    expect(recent.at(-1)).toBe('20.000ms a e20 #20');
  });

  it('after a reset runs as a kernel just made with the same seed: clock, queue, trace hash and streams start over', () => {
    const schedule = (kernel: Kernel): void => {
      const stream = kernel.stream('work');
      for (let i = 1; i <= 5; i++) kernel.at(i * 1_000 + stream.int(0, 500), kernel.name('a'), kernel.name('e'), i, () => {});
    };
    const fresh = new Kernel(7);
    schedule(fresh);
    fresh.run({ durationUs: 3_000 });
    const reused = new Kernel(7);
    schedule(reused);
    reused.run({ durationUs: 2_500 }); // stopped with events still queued
    reused.reset();
    expect([reused.nowUs, reused.eventsDelivered, reused.pending, reused.recentEvents()]).toEqual([0, 0, 0, []]);
    expect(reused.traceHashHex()).toBe(new Kernel(7).traceHashHex());
    schedule(reused);
    reused.run({ durationUs: 3_000 });
    expect(reused.traceHashHex()).toBe(fresh.traceHashHex());
    expect(reused.stream('work').uint32()).toBe(fresh.stream('work').uint32());
  });

  it('refuses to reset a traced kernel, whose log is the record of one run', () => {
    expect(() => new Kernel(1, new TraceLog()).reset()).toThrow(/traced kernel/);
  });
});
