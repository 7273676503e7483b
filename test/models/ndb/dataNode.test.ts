import { describe, expect, it } from 'vitest';
import { DataNodeState } from '../../../sim/models/ndb/dataNodeState.js';
import type { NdbMessage } from '../../../sim/models/ndb/ndbMessage.js';
import { ndbDefaults } from '../../../sim/models/ndb/ndbSettings.js';

const hb = (node: number): NdbMessage => ({ kind: 'hb', from: `ndbd${node}`, node, phase: 'started', view: [1, 2, 3, 4] });

/** Node 1 of a started 4-node cluster that hears only node 3: nodes 2 and 4 fail at the `missedHeartbeatsMax`-th silent tick (the first tick counts what came before it). */
function splitFromTwoAndFour(): DataNodeState {
  const node = new DataNodeState({ id: 1, settings: ndbDefaults, apiNodes: [], initialStart: true, firstTickMs: 1_500 });
  for (let tick = 0; tick <= ndbDefaults.missedHeartbeatsMax; tick++) {
    node.handle({ type: 'tcp.message', connId: 9, message: hb(3) });
    node.handle({ type: 'hb.tick' });
  }
  return node;
}

function phases(node: DataNodeState): string[] {
  return node.out.drain().flatMap((effect) => (effect.type === 'ndb.phase' ? [`${effect.phase}: ${effect.reason}`] : []));
}

describe('data node: phases decided by its lifecycle, timers as contract effects', () => {
  it('an initial start is started at once and listens with the settings backlog', () => {
    const node = new DataNodeState({ id: 1, settings: ndbDefaults, apiNodes: [], initialStart: true, firstTickMs: 1_500 });
    const effects = node.out.drain();
    expect(node.phase).toBe('started');
    expect(effects).toContainEqual({ type: 'tcp.listen', port: 2_202, backlog: ndbDefaults.listenBacklog });
    expect(effects).toContainEqual({ type: 'timer.start', timerId: 'hb', delayMs: 1_500, event: { type: 'hb.tick' } });
  });

  it('a split {1,3}|{2,4} makes node 1 ask the arbitrator and start ArbitrationTimeout', () => {
    const node = splitFromTwoAndFour();
    expect(node.phase).toBe('arbitrating');
    const effects = node.out.drain();
    expect(effects).toContainEqual({ type: 'timer.start', timerId: 'arbitration', delayMs: ndbDefaults.arbitrationTimeoutMs, event: { type: 'arbit.timeout' } });
  });

  it('no answer within ArbitrationTimeout shuts the node down, and a late grant changes nothing', () => {
    const node = splitFromTwoAndFour();
    node.out.drain();
    node.handle({ type: 'arbit.timeout' });
    expect(phases(node)).toEqual(['shutdown: no arbitration answer within ArbitrationTimeout']);
    node.handle({ type: 'tcp.message', connId: 5, message: { kind: 'arbitReply', from: 'mgm', granted: true } });
    expect(node.phase).toBe('shutdown');
  });

  it('a grant carries on and cancels the timeout', () => {
    const node = splitFromTwoAndFour();
    node.out.drain();
    node.handle({ type: 'tcp.message', connId: 5, message: { kind: 'arbitReply', from: 'mgm', granted: true } });
    expect(node.phase).toBe('started');
    expect(node.out.drain().slice(0, 2)).toEqual([
      { type: 'timer.cancel', timerId: 'arbitration' },
      { type: 'ndb.phase', node: 1, phase: 'started', reason: 'arbitration granted' },
    ]);
  });
});
