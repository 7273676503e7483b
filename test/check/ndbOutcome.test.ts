import { describe, expect, it } from 'vitest';
import { parseNodeList, parsePartitionSides, type NdbFaults, type NdbPartition } from '../../sim/check/ndbFaults.js';
import { classifySurvivors, predictNdbOutcome } from '../../sim/check/ndbOutcome.js';
import { survivorVerdict } from '../../sim/models/ndb/survivorVerdict.js';

const none: NdbFaults = { killAtMs: 10_000, kill: [], killArbitrator: false, partition: null, restartAtMs: 30_000, restart: [] };

function split(text: string, atMs = 10_000): NdbPartition {
  return { ...parsePartitionSides(text, 4), atMs, healAtMs: null };
}

describe('NDB survivor rule: the examples it gives for 4 nodes, 2 replicas', () => {
  const cases: [number[], 'win' | 'lose' | 'partitioning'][] = [
    [[1, 3, 4], 'win'], [[2, 4], 'partitioning'], [[1, 3], 'partitioning'], [[3, 4], 'lose'], [[1, 2, 3, 4], 'win'], [[1, 2], 'lose'],
  ];
  for (const [survivors, verdict] of cases) {
    it(`{${survivors.join(',')}} is ${verdict} in the checker's rule and in the model's`, () => {
      expect(classifySurvivors(new Set(survivors), 4, 2)).toBe(verdict);
      expect(survivorVerdict(new Set(survivors), 4, 2)).toBe(verdict);
    });
  }

  it('checks lose before win: a complete group does not save a cluster with an empty one', () => {
    expect(classifySurvivors(new Set([1, 2, 3]), 6, 3)).toBe('lose');
    expect(classifySurvivors(new Set([1, 2, 3, 4]), 6, 3)).toBe('win');
    expect(classifySurvivors(new Set([1, 2, 4, 5]), 6, 3)).toBe('partitioning');
  });
});

describe('predicted outcome of a fault schedule', () => {
  it('kill 1 keeps the cluster running without arbitration', () => {
    expect(predictNdbOutcome({ ...none, kill: [1] }, 4, 2)).toMatchObject({ running: true, arbitration: 0, survivors: [2, 3, 4] });
  });

  it('kill 1,2 shuts the cluster down: node group 0 has no survivor', () => {
    expect(predictNdbOutcome({ ...none, kill: [1, 2] }, 4, 2)).toMatchObject({ running: false, arbitration: 0, survivors: [] });
  });

  it('kill 1,3 asks the arbitrator, which grants: 2 and 4 carry on', () => {
    expect(predictNdbOutcome({ ...none, kill: [1, 3] }, 4, 2)).toMatchObject({ running: true, arbitration: 1, survivors: [2, 4] });
  });

  it('kill 1,3 with the arbitrator dead too: no answer, the cluster shuts down', () => {
    expect(predictNdbOutcome({ ...none, kill: [1, 3], killArbitrator: true }, 4, 2)).toMatchObject({ running: false, arbitration: 2 });
  });

  it('a split 1,3|2,4 with the arbitrator on one side keeps exactly that side', () => {
    expect(predictNdbOutcome({ ...none, partition: split('1,3,mgm|2,4') }, 4, 2)).toMatchObject({ running: true, arbitration: 1, survivors: [1, 3] });
    expect(predictNdbOutcome({ ...none, partition: split('1,3|2,4,mgm') }, 4, 2)).toMatchObject({ running: true, arbitration: 1, survivors: [2, 4] });
  });

  it('a split 1,3|2,4 with the arbitrator reachable from both leaves the survivor to the race', () => {
    const outcome = predictNdbOutcome({ ...none, partition: split('1,3|2,4') }, 4, 2);
    expect(outcome).toMatchObject({ running: true, arbitration: 1, survivors: null });
    expect(outcome.candidates).toEqual([[1, 3], [2, 4]]);
  });

  it('after a raced split, a later fault is judged for each side that may have won', () => {
    // Restarting 1 and 3 kills all of {1,3} (the cluster dies if that side had won) but only
    // restarts nobody on {2,4}: which way it ends depends on the race.
    const outcome = predictNdbOutcome({ ...none, partition: split('1,3|2,4'), restart: [1, 3] }, 4, 2);
    expect(outcome.running).toBeNull();
    expect(outcome.candidates).toEqual([[2, 4]]);
    // Killing one node of each side later leaves a single node of one group either way: shut down.
    const later = predictNdbOutcome({ ...none, killAtMs: 30_000, kill: [1, 2], partition: split('1,3|2,4') }, 4, 2);
    expect(later).toMatchObject({ running: false, survivors: [] });
  });

  it('a split 1,2|3,4 loses on both sides: each lacks a whole node group', () => {
    expect(predictNdbOutcome({ ...none, partition: split('1,2|3,4') }, 4, 2)).toMatchObject({ running: false, arbitration: 0 });
  });

  it('a one-way cut 1,3>2,4 keeps the side that stopped hearing the other', () => {
    expect(predictNdbOutcome({ ...none, partition: split('1,3>2,4') }, 4, 2)).toMatchObject({ running: true, survivors: [2, 4], arbitration: 1 });
    expect(predictNdbOutcome({ ...none, partition: split('1,3,mgm>2,4') }, 4, 2)).toMatchObject({ running: false, arbitration: 2 });
  });

  it('a killed node restarted while its group lives rejoins; after a shutdown it cannot', () => {
    expect(predictNdbOutcome({ ...none, kill: [1], restart: [1] }, 4, 2)).toMatchObject({ running: true, survivors: [1, 2, 3, 4] });
    expect(predictNdbOutcome({ ...none, kill: [1, 2], restart: [1] }, 4, 2)).toMatchObject({ running: false });
  });

  it('a node restarted behind a standing cut rejoins only if its own side still has a node of its group', () => {
    const cutLater = { ...none, kill: [4], restartAtMs: 40_000, restart: [4] };
    expect(predictNdbOutcome({ ...cutLater, partition: split('1,3,mgm|2,4', 20_000) }, 4, 2)).toMatchObject({ running: true, survivors: [1, 3] });
    expect(predictNdbOutcome({ ...cutLater, partition: split('1,4|2,3,mgm', 20_000) }, 4, 2)).toMatchObject({ running: true, survivors: [2, 3] });
    expect(predictNdbOutcome({ ...cutLater, partition: split('1,3,4,mgm|2', 20_000) }, 4, 2)).toMatchObject({ running: true, survivors: [1, 3, 4] });
    expect(predictNdbOutcome({ ...cutLater, partition: split('1,2,3,mgm|4', 20_000) }, 4, 2)).toMatchObject({ running: true, survivors: [1, 2, 3] });
  });

  it('restarting two running nodes of one group at once is a failure of that group', () => {
    expect(predictNdbOutcome({ ...none, restart: [1, 2] }, 4, 2)).toMatchObject({ running: false });
    expect(predictNdbOutcome({ ...none, restart: [1, 3] }, 4, 2)).toMatchObject({ running: true, arbitration: 1, survivors: [1, 2, 3, 4] });
  });
});

describe('fault list syntax', () => {
  it('reads node lists and the arbitrator, and names the valid ids on an unknown one', () => {
    expect(parseNodeList('1, 3', 4, 'kill', true)).toEqual({ ids: [1, 3], arbitrator: false });
    expect(parseNodeList('mgm', 4, 'kill', true)).toEqual({ ids: [], arbitrator: true });
    expect(() => parseNodeList('9', 4, 'kill', true)).toThrow(/from 1 to 4/);
    expect(() => parseNodeList('1,1', 4, 'kill', true)).toThrow(/twice/);
    expect(() => parseNodeList('mgm', 4, 'restart', false)).toThrow(/not a node/);
  });

  it('reads both partition forms and rejects sides that overlap or leave a node out', () => {
    expect(parsePartitionSides('1,3,mgm|2,4', 4)).toEqual({ sideA: [1, 3], sideB: [2, 4], arbitrator: 'a', oneWay: false });
    expect(parsePartitionSides('1,3>2,4', 4)).toMatchObject({ arbitrator: 'both', oneWay: true });
    expect(() => parsePartitionSides('1,3|2', 4)).toThrow(/on no side/);
    expect(() => parsePartitionSides('1,3|3,2,4', 4)).toThrow(/both sides/);
    expect(() => parsePartitionSides('1,3', 4)).toThrow(/split by \|/);
  });
});
