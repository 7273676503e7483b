import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ndbNodeFailure, scheduleOf } from '../../scenarios/ndb-node-failure.js';
import { predictNdbOutcome } from '../../sim/check/ndbOutcome.js';
import { resolveParams } from '../../sim/scenario/resolveParams.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

/**
 * Issue 5 item 4: random fault schedules over the cluster (kills, with or without the
 * arbitrator; restarts of dead or running nodes; a partition, two-way or one-way, with the
 * arbitrator on either side, both, or cut off alone; in any order), run on the simulator and judged by the pure rule of
 * sim/check/ndbOutcome.ts. Faults are 13 s apart, longer than detection (at most 5
 * heartbeat intervals, 7.5 s) plus ArbitrationTimeout (3 s), so the cluster settles between
 * them as the rule assumes (MySQL Cluster manual).
 */
const layouts = [
  { dataNodes: 4, replicas: 2 }, { dataNodes: 2, replicas: 2 }, { dataNodes: 6, replicas: 2 },
  { dataNodes: 6, replicas: 3 }, { dataNodes: 4, replicas: 1 },
] as const;
const settleMs = 13_000;
const healAfterMs = 11_000;
// NDB_PROPERTY_RUNS and NDB_PROPERTY_SEED widen the search by hand (e.g. 150 runs, any seed).

const scheduleArbitrary = fc.constantFrom(...layouts).chain(({ dataNodes, replicas }) => {
  const ids = Array.from({ length: dataNodes }, (_, index) => index + 1);
  const subset = fc.subarray(ids);
  return fc.record({
    dataNodes: fc.constant(dataNodes),
    replicas: fc.constant(replicas),
    kill: subset,
    // The arbitrator dies in one schedule of four.
    killArbitrator: fc.constantFrom(false, false, false, true),
    killAtMs: fc.integer({ min: 1_000, max: 4_000 }),
    restart: fc.option(subset, { nil: null }),
    partition: fc.option(fc.record({
      sideOf: fc.array(fc.boolean(), { minLength: dataNodes, maxLength: dataNodes }),
      arbitrator: fc.constantFrom('', ',mgm|', '|mgm,'),
      oneWay: fc.boolean(),
      // Heals once the split was judged (detection plus ArbitrationTimeout), before the next fault.
      heals: fc.boolean(),
    }), { nil: null }),
    offsetMs: fc.integer({ min: 0, max: 1_499 }),
    // The order of kill (k), restart (r) and partition (p), each after the cluster settled.
    order: fc.constantFrom('krp', 'kpr', 'pkr', 'prk', 'rkp'),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
});

type Schedule = typeof scheduleArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The schedule as `--set` values of the scenario. */
function setOf(schedule: Schedule): Record<string, string> {
  const slotMs = (fault: 'k' | 'r' | 'p'): number => schedule.killAtMs + schedule.order.indexOf(fault) * (settleMs + schedule.offsetMs);
  const [killAtMs, restartAtMs, partitionAtMs] = [slotMs('k'), slotMs('r'), slotMs('p')];
  const endMs = slotMs(schedule.order[2] as 'k' | 'r' | 'p') + settleMs;
  const set: Record<string, string> = {
    dataNodes: String(schedule.dataNodes), replicas: String(schedule.replicas), txnPerSec: '50',
    kill: [...schedule.kill, ...(schedule.killArbitrator ? ['mgm'] : [])].join(','), killAtMs: String(killAtMs),
    restart: (schedule.restart ?? []).join(','), restartAtMs: String(restartAtMs),
    partition: '', partitionAtMs: String(partitionAtMs), durationMs: String(endMs),
  };
  const partition = schedule.partition;
  if (partition) {
    const ids = Array.from({ length: schedule.dataNodes }, (_, index) => index + 1);
    const sideA = ids.filter((id) => partition.sideOf[id - 1]);
    const sideB = ids.filter((id) => !partition.sideOf[id - 1]);
    const [withA, withB] = partition.arbitrator === ',mgm|' ? [',mgm', ''] : partition.arbitrator === '|mgm,' ? ['', ',mgm'] : ['', ''];
    // With every data node on one side, the cut isolates the arbitrator (when it sits on the other).
    if ((sideA.length > 0 || withA !== '') && (sideB.length > 0 || withB !== '')) {
      const cut = partition.oneWay ? '>' : '|';
      set.partition = `${sideA.join(',')}${withA}${cut}${sideB.join(',')}${withB}`.replace(/^,|,(?=[|>])|(?<=[|>]),|,$/g, '');
      if (partition.heals) set.healAtMs = String(partitionAtMs + healAfterMs);
    }
  }
  return set;
}

describe('ndb-node-failure under random fault schedules', () => {
  it('the cluster ends as NDB\'s survivor rule predicts, and no committed transaction is lost while every node group keeps a live replica', () => {
    fc.assert(
      fc.property(scheduleArbitrary, (schedule) => {
        const set = setOf(schedule);
        const summary = runScenario(ndbNodeFailure, linuxModern, { seed: schedule.seed, set }).summary;
        const values = resolveParams(ndbNodeFailure, linuxModern, set);
        const outcome = predictNdbOutcome(scheduleOf(values as never), schedule.dataNodes, schedule.replicas);
        const metrics = summary.metrics;
        const started = Array.from({ length: schedule.dataNodes }, (_, index) => index + 1)
          .filter((id) => metrics[`ndb.node${id}.phaseAtEnd`] === 5);
        const context = `${summary.replay}: predicted ${JSON.stringify(outcome)}, started ${started.join(',')}`;
        // Null: a split's race decided, and a later fault made the winner matter; then either way may hold.
        if (outcome.running !== null) expect(metrics['ndb.outcome'], context).toBe(outcome.running ? 1 : 0);
        expect(metrics['ndb.arbitration'], context).toBe(outcome.arbitration);
        if (outcome.running && outcome.survivors) expect(started, context).toEqual(outcome.survivors);
        if (outcome.running !== false && !outcome.survivors && metrics['ndb.outcome'] === 1) expect(outcome.candidates, context).toContainEqual(started);
        if (metrics['ndb.outcome'] === 1) {
          expect(metrics['txn.lostCommitted'], context).toBe(0);
          expect(metrics['txn.replicaRowsMissing'], context).toBe(0);
        }
        expect(summary.invariants.every((invariant) => invariant.violations === 0), context).toBe(true);
        // And every expectation the scenario derives from the rule (detection time included) holds.
        const failed = summary.expectations.filter((expectation) => !expectation.passed).map((expectation) => `${expectation.name}: ${expectation.value}`);
        expect(failed, context).toEqual([]);
      }),
      { numRuns: Number(process.env.NDB_PROPERTY_RUNS ?? 20), seed: Number(process.env.NDB_PROPERTY_SEED ?? 5_005), endOnFailure: true },
    );
  });
});
