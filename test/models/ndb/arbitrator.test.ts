import { describe, expect, it } from 'vitest';
import { ArbitratorState } from '../../../sim/models/ndb/arbitrator.js';
import type { NdbMessage } from '../../../sim/models/ndb/ndbMessage.js';

function request(node: number, survivors: number[]): NdbMessage {
  return { kind: 'arbitReq', from: `ndbd${node}`, node, survivors };
}

/** The grants the arbitrator recorded, in order. */
function grants(arbitrator: ArbitratorState): boolean[] {
  return arbitrator.out.drain().flatMap((effect) => (effect.type === 'ndb.arbitration' ? [effect.granted] : []));
}

describe('arbitrator: grants the first request', () => {
  it('grants the first side of a split and refuses the other', () => {
    const arbitrator = new ArbitratorState({ listenBacklog: 128 });
    arbitrator.receive(request(2, [2, 4]), 1);
    arbitrator.receive(request(1, [1, 3]), 2);
    expect(grants(arbitrator)).toEqual([true, false]);
    expect(arbitrator.phase).toBe('finished');
  });

  it('grants the other nodes of the granted side, and a later shrink of it', () => {
    const arbitrator = new ArbitratorState({ listenBacklog: 128 });
    arbitrator.receive(request(1, [1, 3]), 1);
    arbitrator.receive(request(3, [1, 3]), 2);
    arbitrator.receive(request(3, [3]), 2);
    expect(grants(arbitrator)).toEqual([true, true, true]);
  });

  it('grants again after a membership change resets it', () => {
    const arbitrator = new ArbitratorState({ listenBacklog: 128 });
    arbitrator.receive(request(1, [1, 3]), 1);
    arbitrator.receive({ kind: 'arbitReset', from: 'ndbd1' }, 1);
    expect(arbitrator.phase).toBe('started');
    arbitrator.receive(request(2, [2, 4]), 2);
    expect(grants(arbitrator)).toEqual([true, true]);
  });

  it('answers each request on the connection it came in on', () => {
    const arbitrator = new ArbitratorState({ listenBacklog: 128 });
    arbitrator.receive(request(2, [2, 4]), 7);
    expect(arbitrator.out.drain().at(-1)).toEqual({ type: 'tcp.send', connId: 7, message: { kind: 'arbitReply', from: 'mgm', granted: true } });
  });
});
