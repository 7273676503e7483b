import { describe, expect, it } from 'vitest';
import { checkGrabAtomicity } from '../../sim/check/grabAtomicity.js';
import type { GrabEvent } from '../../sim/contract/grabHistory.js';
import { dbQueueDefaults, type DbQueueOptions } from '../../sim/models/dbqueue/index.js';
import { runDbQueue } from '../../sim/topology/runDbQueue.js';

/** One job, two workers, short polls: the smallest stage for a crash or a lease story. */
const oneJob = {
  seed: 1, workers: 2, durationMs: 3_000, submitAtMs: [0], jobMs: 100, jobTime: 'fixed', pollIntervalMs: 50, grabForMs: 1_000,
} as const satisfies Partial<DbQueueOptions>;

function assignments(history: readonly GrabEvent[]): { worker: string; atMs: number }[] {
  return history.flatMap((event) => (event.kind === 'assigned' ? [{ worker: event.worker, atMs: event.atUs / 1_000 }] : []));
}

describe('runDbQueue: worker crashes', () => {
  it('TheSchwartz: a crashed worker\'s job reappears when its lease runs out and is completed once', () => {
    const result = runDbQueue({ ...oneJob, workerKind: 'schwartz', crashes: [{ workerIndex: 0, atMs: 60 }] });
    const [first, second] = assignments(result.history);
    expect(first?.worker).toBe('w1#1');
    expect(result.history).toContainEqual({ kind: 'workerLost', atUs: 60_000, worker: 'w1#1' });
    expect(second?.atMs).toBeGreaterThanOrEqual((first?.atMs ?? 0) + oneJob.grabForMs);
    expect(result.metrics.jobsCompleted).toBe(1);
    expect(checkGrabAtomicity(result.history, { mode: 'requeue', faults: true, drained: true })).toEqual([]);
  });

  it('polling: a crashed worker\'s lock goes with its connection, so another worker takes the job at once', () => {
    const result = runDbQueue({ ...oneJob, workerKind: 'polling', crashes: [{ workerIndex: 0, atMs: 60 }] });
    const [first, second] = assignments(result.history);
    expect(first?.worker).toBe('w1#1');
    expect(second?.worker).toBe('w2#1');
    expect(second?.atMs).toBeLessThan(60 + 5);
    expect(checkGrabAtomicity(result.history, { mode: 'requeue', faults: true, drained: true })).toEqual([]);
  });

  it('restarts a crashed worker after restartDelayMs as a new incarnation, and ignores a crash of a worker that is down', () => {
    const result = runDbQueue({
      ...oneJob, workerKind: 'schwartz', workers: 1, restartDelayMs: 200,
      crashes: [{ workerIndex: 0, atMs: 10 }, { workerIndex: 0, atMs: 100 }, { workerIndex: 0, atMs: 500 }],
    });
    const lost = result.history.filter((event) => event.kind === 'workerLost').map((event) => [event.worker, event.atUs / 1_000]);
    expect(lost).toEqual([['w1#1', 10], ['w1#2', 500]]);
    expect(result.metrics.workersLost).toBe(2);
  });
});

describe('runDbQueue: TheSchwartz lease', () => {
  it('hands a job that outlives its lease to a second live worker, a double hold the checker reports', () => {
    const result = runDbQueue({ ...oneJob, workerKind: 'schwartz', jobMs: 400, grabForMs: 100, workerStartMs: [0, 20] });
    const violations = checkGrabAtomicity(result.history, { mode: 'requeue', faults: false });
    expect(violations.map((violation) => violation.rule)).toContain('doubleHold');
  });
});

describe('runDbQueue: the cost of polling', () => {
  it('polling spends more queries and lock conflicts per job than TheSchwartz on the same job stream', () => {
    const load = { seed: 3, workers: 5, durationMs: 20_000, jobsPerSec: 60, pollIntervalMs: 1_000 } as const;
    const polling = runDbQueue({ ...load, workerKind: 'polling' }).metrics;
    const schwartz = runDbQueue({ ...load, workerKind: 'schwartz' }).metrics;
    expect(polling.jobsSubmitted).toBe(schwartz.jobsSubmitted);
    expect(polling.queriesPerJob).toBeGreaterThan(2 * (schwartz.queriesPerJob ?? 0));
    expect(polling.lockConflictsPerJob).toBeGreaterThan(1);
    expect(schwartz.lockConflictsPerJob).toBeLessThan(0.1);
  });

  it('reports latency percentiles and throughput from the history', () => {
    const { metrics } = runDbQueue({ seed: 1, workerKind: 'schwartz', workers: 2, durationMs: 1_000, jobsPerSec: 10, arrivals: 'fixed', jobMs: 10, jobTime: 'fixed', pollIntervalMs: 20 });
    expect(metrics.jobsSubmitted).toBe(9); // at 100, 200, … 900 ms
    expect(metrics.jobsCompleted).toBe(9);
    expect(metrics.jobsPerSec).toBe(9);
    expect(metrics.latencyUs.count).toBe(9);
    expect(metrics.latencyUs.p50).toBeGreaterThanOrEqual(10_000);
    expect(metrics.latencyUs.p99).toBeLessThanOrEqual(metrics.latencyUs.max ?? 0);
  });
});

describe('runDbQueue: settings', () => {
  it('reports every value it used, defaults included', () => {
    const { settings } = runDbQueue({ seed: 5, workerKind: 'naive', durationMs: 10 });
    expect(settings).toMatchObject({ ...dbQueueDefaults, seed: 5, workerKind: 'naive', durationMs: 10, submitAtMs: null, crashes: [] });
    expect(settings.grabForMs).toBe(3_600_000);
    expect(settings.findLimit).toBe(50);
  });

  it('names the option and what is allowed when one is bad', () => {
    expect(() => runDbQueue({ seed: 1, workerKind: 'polling', durationMs: 10, workers: 0 })).toThrow('runDbQueue: workers should be an integer from 1 to 1000, got 0');
    expect(() => runDbQueue({ seed: 1, workerKind: 'gearman' as never, durationMs: 10 })).toThrow(/workerKind should be one of polling, schwartz, naive/);
    expect(() => runDbQueue({ seed: 1, workerKind: 'polling', durationMs: 10, crashes: [{ workerIndex: 9, atMs: 1 }] })).toThrow(/crashes\[\]\.workerIndex/);
    expect(() => runDbQueue({ seed: 1, workerKind: 'polling', durationMs: 10, jobMs: Number.NaN })).toThrow(/jobMs should be a number/);
  });
});
