import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../sim/contract/outbox.js';
import type { NdbMessage } from '../../../sim/models/ndb/ndbMessage.js';
import { Transporter } from '../../../sim/models/ndb/transporter.js';

const hb = (node: number): NdbMessage => ({ kind: 'hb', from: `ndbd${node}`, node, phase: 'started', view: [] });

describe('transporter: one outgoing connection per peer over simulated TCP', () => {
  it('opens a connection on the first message and sends what waited, in order, once it is up', () => {
    const out = new Outbox();
    const transporter = new Transporter(out);
    transporter.send('ndbd2', hb(1));
    transporter.send('ndbd2', hb(3));
    expect(out.drain()).toEqual([{ type: 'tcp.connect', host: 'ndbd2', port: 2_202, tag: 1 }]);
    transporter.connected(1, 11);
    transporter.send('ndbd2', hb(4));
    expect(out.drain().map((effect) => (effect as { message?: NdbMessage }).message)).toEqual([hb(1), hb(3), hb(4)]);
  });

  it('drops what waited when the connect fails, and opens a new connection for the next message', () => {
    const out = new Outbox();
    const transporter = new Transporter(out);
    transporter.send('mgm', hb(1));
    transporter.connectFailed(1);
    expect(transporter.dropped).toBe(1);
    transporter.send('mgm', hb(1));
    expect(out.drain().at(-1)).toEqual({ type: 'tcp.connect', host: 'mgm', port: 1_186, tag: 2 });
  });

  it('names the peer of a broken connection of its own, and closes a forgotten peer\'s connection', () => {
    const out = new Outbox();
    const transporter = new Transporter(out);
    transporter.send('ndbd2', hb(1));
    transporter.connected(1, 11);
    expect(transporter.lost(99)).toBeNull();
    expect(transporter.lost(11)).toBe('ndbd2');
    transporter.send('ndbd3', hb(1));
    transporter.connected(2, 12);
    transporter.forget('ndbd3');
    expect(out.drain().at(-1)).toEqual({ type: 'tcp.close', connId: 12 });
  });
});
