import { describe, expect, it } from 'vitest';
import { naiveGrabModel, schwartzGrabModel } from '../../sim/check/grab/dbQueueGrabModels.js';
import { formatDbQueueSchedule } from '../../sim/check/grab/dbQueueSchedule.js';
import { checkGrab } from '../../sim/check/grab/checkGrab.js';

describe('database queues as grab models', () => {
  it('TheSchwartz passes the grab check with crashes', () => {
    expect(checkGrab(schwartzGrabModel, { runs: 50, seed: 1, mode: 'requeue' })).toMatchObject({ passed: true, runs: 50 });
  });

  it('the naive grab fails it with a double hold, a replay token and the shrunk schedule', () => {
    const outcome = checkGrab(naiveGrabModel, { runs: 100, seed: 42, mode: 'requeue' });
    expect(outcome.passed).toBe(false);
    expect(outcome.counterexample?.tokenText).toMatch(/^grab1\.naive\.requeue\.42\.\d+(:\d+)*$/);
    expect(outcome.counterexample?.schedule).toBe('2 worker(s) starting at 0, 0 ms, seed 0, run 15000 ms\n0 ms  a job is submitted');
    expect(outcome.counterexample?.violations[0]).toMatch(/^doubleHold: job j1 held by live workers w1#1 and w2#1 at once/);
  });

  it('prints a schedule one event a line in time order', () => {
    expect(formatDbQueueSchedule({
      seed: 3, workers: 2, workerStartMs: [5], submitAtMs: [40, 10], crashes: [{ workerIndex: 1, atMs: 20 }],
    })).toBe([
      '2 worker(s) starting at 5, 0 ms, seed 3, run 15000 ms',
      '10 ms  a job is submitted',
      '20 ms  worker w2 crashes',
      '40 ms  a job is submitted',
    ].join('\n'));
  });

  it('runs the same case to the same trace hash', () => {
    const schedule = { seed: 9, workers: 3, workerStartMs: [0, 7], submitAtMs: [1, 2, 3, 50], crashes: [{ workerIndex: 2, atMs: 30 }] };
    const first = schwartzGrabModel.run(schedule, 'requeue');
    expect(schwartzGrabModel.run(schedule, 'requeue').traceHash).toBe(first.traceHash);
    expect(first.simulatedMs).toBe(15_000);
  });
});
