import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grabScheduleArbitrary } from '../../../sim/check/grab/grabArbitrary.js';
import { HubNetworks } from '../../../sim/check/grab/hubNetworks.js';
import { runHubSchedule, type HubRunResult } from '../../../sim/check/grab/runHubSchedule.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import { reportingSeed, testSeed } from './testSeed.js';

const seed = testSeed();

/** Everything a run shows: what the checker reads and what proves the run's identity. */
function outcomeOf(run: HubRunResult): unknown {
  return { traceHash: run.traceHash, events: run.events, history: run.history, done: run.clientDone, lost: run.clientLost };
}

describe('grab runs on networks reset between runs', () => {
  it.each(['requeue', 'fail'] as const)(
    'give each generated case the run a fresh build gives it, whatever ran on the network before (mode %s)',
    (mode) => reportingSeed(seed, 'test/check/grab/hubNetworks.test.ts', () => {
      // Small topologies so that most cases land on a network an earlier case left behind
      // mid-fault (crashed workers, partitions, TIME_WAIT entries, connections open).
      const cases = fc.sample(grabScheduleArbitrary({ hubsMax: 2, workersMax: 2, clientsMax: 2 }), { numRuns: 80, seed });
      const networks = new HubNetworks();
      for (const [index, schedule] of cases.entries()) {
        const options = { seed: 1, mode, jobRetries: 0 };
        expect(outcomeOf(runHubSchedule(schedule, options, networks)), `case ${index}`).toEqual(outcomeOf(runHubSchedule(schedule, options)));
      }
    }),
  );

  it('reuses one network per topology, and gives a run that asks while it is taken a fresh one', () => {
    const networks = new HubNetworks();
    const shape = { seed: 1, hubs: 1, workers: 2, clients: 1 };
    const first = networks.take(shape, null);
    const meanwhile = networks.take(shape, null);
    expect(meanwhile).not.toBe(first);
    first.kernel.at(5_000, first.kernel.name('a'), first.kernel.name('e'), 0, () => {});
    first.kernel.at(50_000, first.kernel.name('a'), first.kernel.name('e'), 0, () => {});
    first.kernel.run({ durationUs: 10_000 });
    networks.release(first);
    const again = networks.take(shape, null);
    expect(again).toBe(first);
    expect([again.kernel.nowUs, again.kernel.pending]).toEqual([0, 0]);
    expect(networks.take({ ...shape, workers: 3 }, null)).not.toBe(first);
  });

  it('builds a traced run its own network, since its kernel carries the log', () => {
    const networks = new HubNetworks();
    const shape = { seed: 1, hubs: 1, workers: 1, clients: 1 };
    networks.release(networks.take(shape, null));
    const traceLog = new TraceLog();
    const traced = networks.take(shape, traceLog);
    expect(traced.kernel.traceLog).toBe(traceLog);
    expect(networks.take(shape, null).kernel.traceLog).toBeNull();
  });
});
