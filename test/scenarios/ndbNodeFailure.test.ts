import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ndbNodeFailure } from '../../scenarios/ndb-node-failure.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { UsageError } from '../../sim/scenario/usageError.js';

/** 20 s of load at 100 transactions/s with the fault at 5 s: well under a second per run. */
const small = { durationMs: '20000', txnPerSec: '100', killAtMs: '5000', partitionAtMs: '5000', kill: '' };

function run(set: Record<string, string>, seed = 3) {
  return runScenario(ndbNodeFailure, linuxModern, { seed, set: { ...small, ...set } }).summary;
}

/** NDB's heartbeat rule: a fault at 5 000 ms is first missed at the 6 000 ms tick, and declared 4 ticks (6 s) later. */
const detectionMs = 6_000 + 4 * 1_500 - 5_000;

describe('ndb-node-failure: data nodes crash or are cut off under a transaction load', () => {
  it('kill 1: nodes 2,3,4 win without arbitration, detect it after 4 missed heartbeats, and lose no committed row', () => {
    const { metrics, passed } = run({ kill: '1' });
    expect(metrics['ndb.outcome']).toBe(1);
    expect(metrics['ndb.arbitration']).toBe(0);
    expect(metrics['ndb.failureDetectedMs']).toBe(detectionMs);
    expect(metrics['ndb.nodesStartedAtEnd']).toBe(3);
    // Transactions in flight on node 1 (as primary, or waiting on it as a replica) aborted with 4010 and were retried.
    expect(metrics['txn.abortedTemporary.4010']).toBeGreaterThan(0);
    expect(metrics['txn.retried']).toBe(metrics['txn.abortedTemporary']);
    expect(metrics['txn.committed']).toBe(metrics['txn.started']);
    expect(metrics['txn.failedAfterRetries']).toBe(0);
    expect(metrics['txn.lostCommitted']).toBe(0);
    expect(passed).toBe(true);
  });

  it('kill 1,2: node group 0 has no survivor, so nodes 3 and 4 shut down and later transactions fail after their retries', () => {
    const { metrics, passed } = run({ kill: '1,2' });
    expect(metrics['ndb.outcome']).toBe(0);
    expect(metrics['ndb.arbitration']).toBe(0);
    expect(metrics['ndb.nodesShutDown']).toBe(2);
    expect(metrics['ndb.node3.shutdownMs']).toBe(5_000 + detectionMs);
    expect(metrics['txn.failedAfterRetries']).toBeGreaterThan(0);
    expect(metrics['txn.abortedTemporary.4009']).toBeGreaterThan(0);
    expect(passed).toBe(true);
  });

  it('kill 1,3: nodes 2 and 4 are partitioning, ask the arbitrator, and carry on with its grant', () => {
    const { metrics, passed } = run({ kill: '1,3' });
    expect(metrics['ndb.outcome']).toBe(1);
    expect(metrics['ndb.arbitration']).toBe(1);
    expect(metrics['ndb.nodesStartedAtEnd']).toBe(2);
    expect(metrics['ndb.failureResolvedMs']).toBeGreaterThan(detectionMs);
    expect(metrics['ndb.failureResolvedMs']).toBeLessThan(detectionMs + 10);
    expect(metrics['txn.lostCommitted']).toBe(0);
    expect(passed).toBe(true);
  });

  for (const [side, survivors, losers] of [['a', [1, 3], [2, 4]], ['b', [2, 4], [1, 3]]] as const) {
    it(`a split 1,3|2,4 with the arbitrator on side ${side} keeps exactly ${survivors.join(',')}; the other side times out and shuts down`, () => {
      const partition = side === 'a' ? '1,3,mgm|2,4' : '1,3|2,4,mgm';
      const { metrics, passed } = run({ partition });
      expect(metrics['ndb.outcome']).toBe(1);
      expect(metrics['ndb.arbitration']).toBe(1);
      for (const id of survivors) expect(metrics[`ndb.node${id}.phaseAtEnd`]).toBe(5);
      // The cut-off side waits ArbitrationTimeout (3000 ms, MySQL Cluster manual) for an answer, then shuts down.
      for (const id of losers) expect(metrics[`ndb.node${id}.shutdownMs`]).toBe(5_000 + detectionMs + 3_000);
      expect(metrics['txn.lostCommitted']).toBe(0);
      expect(metrics['txn.replicaRowsMissing']).toBe(0);
      expect(passed).toBe(true);
    });
  }

  it('a split 1,3|2,4 with the arbitrator reachable from both keeps one whole side, the first to ask', () => {
    const outcomes = [3, 4, 5, 6].map((seed) => run({ partition: '1,3|2,4' }, seed));
    for (const { metrics, passed } of outcomes) {
      expect(metrics['ndb.outcome']).toBe(1);
      const started = [1, 2, 3, 4].filter((id) => metrics[`ndb.node${id}.phaseAtEnd`] === 5);
      expect([[1, 3], [2, 4]]).toContainEqual(started);
      expect(passed).toBe(true);
    }
  });

  it('the arbitrator cut off alone changes nothing by itself; a later kill 1,3 then times out and shuts the cluster down', () => {
    const quiet = run({ partition: 'mgm|1,2,3,4', partitionAtMs: '2000' });
    expect(quiet.metrics['ndb.outcome']).toBe(1);
    expect(quiet.metrics['ndb.failureDetectedMs']).toBeNull();
    expect(quiet.metrics['txn.abortedTemporary']).toBe(0);
    const { metrics, passed } = run({ partition: 'mgm|1,2,3,4', partitionAtMs: '2000', kill: '1,3' });
    expect(metrics['ndb.outcome']).toBe(0);
    expect(metrics['ndb.arbitration']).toBe(2);
    expect(metrics['ndb.node2.shutdownMs']).toBe(5_000 + detectionMs + 3_000);
    expect(quiet.passed && passed).toBe(true);
  });

  it('a one-way cut 1,3>2,4: 2 and 4 stop hearing 1 and 3, win the arbitration, and expel them', () => {
    const { metrics, passed } = run({ partition: '1,3>2,4' });
    expect(metrics['ndb.outcome']).toBe(1);
    expect(metrics['ndb.node1.phaseAtEnd']).toBe(1);
    expect(metrics['ndb.node2.phaseAtEnd']).toBe(5);
    expect(passed).toBe(true);
  });

  it('a killed node restarted copies the rows from its group peer and serves again', () => {
    const { metrics, passed } = run({ kill: '1', restart: '1', restartAtMs: '14000' });
    expect(metrics['ndb.outcome']).toBe(1);
    expect(metrics['ndb.nodesStartedAtEnd']).toBe(4);
    expect(metrics['ndb.node1.startedMs']).toBeGreaterThan(14_000);
    // Every committed row is on node 1 again, those from before the copy and those after.
    expect(metrics['txn.replicaRowsMissing']).toBe(0);
    expect(metrics['txn.committed']).toBe(metrics['txn.started']);
    expect(passed).toBe(true);
  });

  it('after a split heals, the nodes of the side that shut down are restarted and take all rows from their peers', () => {
    const { metrics, passed } = run({ partition: '1,3,mgm|2,4', healAtMs: '17000', restart: '2,4', restartAtMs: '18000' });
    expect(metrics['ndb.node2.shutdownMs']).toBe(5_000 + detectionMs + 3_000);
    expect(metrics['ndb.node2.startedMs']).toBeGreaterThan(18_000);
    expect(metrics['ndb.nodesStartedAtEnd']).toBe(4);
    expect(metrics['txn.replicaRowsMissing']).toBe(0);
    expect(passed).toBe(true);
  });

  it('without faults every transaction commits at the first attempt', () => {
    const { metrics, passed } = run({});
    expect(metrics['txn.committed']).toBe(metrics['txn.started']);
    expect(metrics['txn.abortedTemporary']).toBe(0);
    expect(metrics['ndb.failureDetectedMs']).toBeNull();
    expect(metrics['ndb.availability']).toBe(1);
    expect(passed).toBe(true);
  });

  it('pages through web app backends: a data node dying makes pages wait and retry, yet every browser gets its 200', () => {
    const { metrics, passed } = run({ kill: '1', frontend: 'http' });
    expect(metrics['http.ok']).toBe(metrics['txn.started']);
    expect(metrics['http.unavailable']).toBe(0);
    expect(metrics['txn.abortedTemporary.4010']).toBeGreaterThan(0);
    // The slowest pages waited for the failure to be detected (6 s here) before their retry committed.
    expect(metrics['http.latencyMs.max']).toBeGreaterThan(detectionMs - 1_500);
    expect(passed).toBe(true);
  });

  it('pages through web app backends: with a node group gone, browsers get 503 once the retries are used up', () => {
    const { metrics, passed } = run({ kill: '1,2', frontend: 'http' });
    expect(metrics['http.unavailable']).toBe(metrics['txn.failedAfterRetries']);
    expect(metrics['http.unavailable']).toBeGreaterThan(0);
    expect(metrics['http.ok']).toBe(metrics['txn.committed']);
    expect(passed).toBe(true);
  });

  it('rejects node ids the cluster lacks and malformed partitions as usage errors naming what is allowed', () => {
    expect(() => run({ kill: '9' })).toThrow(UsageError);
    expect(() => run({ kill: '9' })).toThrow(/from 1 to 4/);
    expect(() => run({ kill: '5', dataNodes: '6', replicas: '3' })).not.toThrow();
    expect(() => run({ partition: '1,3|2' })).toThrow(/on no side/);
    expect(() => run({ partition: '1,3' })).toThrow(UsageError);
    expect(() => run({ dataNodes: '5' })).toThrow(/multiple of replicas/);
  });
});
