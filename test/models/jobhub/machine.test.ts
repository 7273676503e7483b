import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { request } from '../../../sim/models/jobhub/packet.js';
import { jobHubDefaults, jobHubMachine } from '../../../sim/models/jobhub/server.js';
import { HubHarness } from './hubHarness.js';

describe('the job hub machine', () => {
  it('listens on port 4730 with backlog 32 when it starts, or where its input says', () => {
    expect(new HubHarness().effects[0]).toEqual({ type: 'tcp.listen', port: 4730, backlog: 32 });
    expect(new HubHarness({ port: 7003, backlog: 5 }).effects[0]).toEqual({ type: 'tcp.listen', port: 7003, backlog: 5 });
    expect(jobHubDefaults).toMatchObject({ workerLossMode: 'requeue', jobRetries: 0, version: '1.1.20' });
  });

  it('serves in one state and has a transition for every event its host must deliver', () => {
    const hub = new HubHarness();
    expect(hub.actor.getSnapshot().value).toBe('serving');
    expect(jobHubMachine.root.events).toEqual(expect.arrayContaining(['tcp.accepted', 'tcp.message', 'tcp.peerClosed', 'tcp.aborted']));
  });

  it('a message on a connection it never accepted is a bug of the host, reported as an actor error', () => {
    const actor = createActor(jobHubMachine, { input: {} });
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    actor.send({ type: 'tcp.message', connId: 9, message: request('ECHO_REQ', 'x') });
    expect(String(errors[0])).toContain('jobhub: message on connection 9, which was never accepted or is closed');
  });
});
