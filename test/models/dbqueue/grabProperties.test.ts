import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkGrabAtomicity, formatViolation, type GrabViolation } from '../../../sim/check/grabAtomicity.js';
import { runDbQueue } from '../../../sim/topology/runDbQueue.js';
import { dbQueueScheduleArbitrary, dbQueueScheduleOptions, type DbQueueSchedule } from '../../../sim/check/grab/dbQueueSchedule.js';

const numRuns = 100;

/** The violations of one schedule, with the report text of the first for a failure message. */
function violationsOf(schedule: DbQueueSchedule, kind: 'polling' | 'schwartz' | 'naive', faults: boolean): { violations: GrabViolation[]; report: string } {
  const result = runDbQueue(dbQueueScheduleOptions(schedule, kind));
  expect(result.stopReason).toBe('completed');
  const violations = checkGrabAtomicity(result.history, { mode: 'requeue', faults, drained: true });
  const first = violations[0];
  return { violations, report: first ? formatViolation(first, result.history) : '' };
}

/** The naive grab's claim, false by design: the bug needs no crash, so none are generated. */
const noDoubleHoldWithNaiveGrab = fc.property(dbQueueScheduleArbitrary({ crashes: false }), (schedule) => {
  const { violations } = violationsOf(schedule, 'naive', false);
  return !violations.some((violation) => violation.rule === 'doubleHold');
});

describe('database job queues: grab atomicity properties', () => {
  it('schwartz grab never gives one job to two live workers for any job stream, worker count and crash schedule (job time below the lease)', () => {
    fc.assert(
      fc.property(dbQueueScheduleArbitrary({ crashes: true }), (schedule) => {
        const { violations, report } = violationsOf(schedule, 'schwartz', true);
        // Drained: every job, a crashed worker's included, is completed once its lease runs out.
        expect(violations, report).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('polling workers complete every job exactly once without faults', () => {
    fc.assert(
      fc.property(dbQueueScheduleArbitrary({ crashes: false }), (schedule) => {
        const { violations, report } = violationsOf(schedule, 'polling', false);
        expect(violations, report).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('polling workers lose no job when workers crash mid-job: the lock goes with the connection', () => {
    fc.assert(
      fc.property(dbQueueScheduleArbitrary({ crashes: true }), (schedule) => {
        const { violations, report } = violationsOf(schedule, 'polling', true);
        expect(violations, report).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('naive grab gives some job to two workers (fast-check finds a counterexample from any seed)', () => {
    const details = fc.check(noDoubleHoldWithNaiveGrab, { numRuns });
    expect(details.failed, 'fast-check found no double hold in the naive grab').toBe(true);
  });

  it('naive grab: the counterexample shrinks to two workers and one job', () => {
    // A fixed seed makes the printed example stable; over seeds 1–100, every check failed
    // and 99 shrank to exactly this schedule (the other stopped at 8 jobs, a local minimum).
    const details = fc.check(noDoubleHoldWithNaiveGrab, { numRuns, seed: 42 });
    expect(details.failed).toBe(true);
    const [schedule] = details.counterexample as [DbQueueSchedule];
    const result = runDbQueue(dbQueueScheduleOptions(schedule, 'naive'));
    const [violation] = checkGrabAtomicity(result.history, { mode: 'requeue', faults: true }).filter((v) => v.rule === 'doubleHold');
    console.log([
      `naive grab: counterexample after ${details.numShrinks} shrinks (replay: seed ${details.seed}, path "${details.counterexamplePath}")`,
      `  ${JSON.stringify(schedule)}`,
      formatViolation(violation as GrabViolation, result.history),
    ].join('\n'));
    expect(schedule).toEqual({ seed: 0, workers: 2, workerStartMs: [], submitAtMs: [0], crashes: [] });
    expect(violation).toMatchObject({ job: 'j1', text: 'job j1 held by live workers w1#1 and w2#1 at once' });
  });
});

describe('database job queues: determinism', () => {
  it('gives the same history and trace hash for the same seed, and another for another seed', () => {
    const options = { workerKind: 'schwartz', workers: 4, durationMs: 5_000, jobsPerSec: 80, pollIntervalMs: 200, crashes: [{ workerIndex: 1, atMs: 2_000 }] } as const;
    const first = runDbQueue({ ...options, seed: 7 });
    const again = runDbQueue({ ...options, seed: 7 });
    const other = runDbQueue({ ...options, seed: 8 });
    expect(first.history.length).toBeGreaterThan(100);
    expect(again.history).toEqual(first.history);
    expect(again.traceHash).toBe(first.traceHash);
    expect(other.traceHash).not.toBe(first.traceHash);
  });
});
