import { describe, expect, it } from 'vitest';
import type { PacketType } from '../../../sim/models/jobhub/packet.js';
import { HubHarness } from './hubHarness.js';

describe('submitting jobs', () => {
  it.each<PacketType>(['SUBMIT_JOB', 'SUBMIT_JOB_BG', 'SUBMIT_JOB_HIGH', 'SUBMIT_JOB_HIGH_BG', 'SUBMIT_JOB_LOW', 'SUBMIT_JOB_LOW_BG'])(
    '%s is answered with JOB_CREATED and a handle H:<host>:<n> counting from 1',
    (type) => {
      const hub = new HubHarness({ hostName: 'hub7' });
      const client = hub.connect();
      hub.send(client, type, 'reverse', '', 'a');
      hub.send(client, type, 'reverse', '', 'b');
      expect(hub.replies(client)).toEqual(['JOB_CREATED H:hub7:1', 'JOB_CREATED H:hub7:2']);
    },
  );

  it('jobs are grabbed HIGH before NORMAL before LOW and first-in first-out within a priority (the order of the PROTOCOL file)', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const submissions: [PacketType, string][] = [
      ['SUBMIT_JOB_LOW', 'low1'], ['SUBMIT_JOB', 'norm1'], ['SUBMIT_JOB_HIGH', 'high1'],
      ['SUBMIT_JOB_LOW', 'low2'], ['SUBMIT_JOB_HIGH', 'high2'], ['SUBMIT_JOB', 'norm2'],
    ];
    for (const [type, data] of submissions) hub.submit(client, type, 'work', '', data);
    const worker = hub.worker(['work']);
    for (let grab = 0; grab < 6; grab += 1) hub.send(worker, 'GRAB_JOB');
    const order = hub.packets(worker).map((reply) => (reply.kind === 'RES' ? reply.args[2] : ''));
    expect(order).toEqual(['high1', 'high2', 'norm1', 'norm2', 'low1', 'low2']);
  });

  it('background jobs have no client: completing one sends nothing to the submitter', () => {
    const hub = new HubHarness();
    const client = hub.connect();
    const handle = hub.submit(client, 'SUBMIT_JOB_BG', 'reverse', '', 'a');
    const worker = hub.worker(['reverse']);
    hub.send(worker, 'GRAB_JOB');
    hub.send(worker, 'WORK_COMPLETE', handle, 'done');
    expect(hub.replies(client)).toEqual([]);
    expect(hub.history()).toContainEqual({ kind: 'submitted', job: handle });
  });

  it('a foreground submit is recorded with its client, named by SET_CLIENT_ID when one was sent', () => {
    const hub = new HubHarness();
    const named = hub.connect();
    hub.send(named, 'SET_CLIENT_ID', 'web-1');
    const anonymous = hub.connect();
    const first = hub.submit(named, 'SUBMIT_JOB', 'reverse', '', 'a');
    const second = hub.submit(anonymous, 'SUBMIT_JOB', 'reverse', '', 'b');
    expect(hub.history()).toEqual([
      { kind: 'submitted', job: first, client: 'web-1' },
      { kind: 'submitted', job: second, client: `conn:${anonymous}` },
    ]);
  });
});
