import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { declaredEvents } from '../../../sim/contract/declaredEvents.js';
import { request } from '../../../sim/models/jobhub/packet.js';
import { jobHubDefaults, jobHubMachine } from '../../../sim/models/jobhub/server.js';
import { HubHarness } from './hubHarness.js';

describe('the job hub machine', () => {
  it('listens on port 4730 with backlog 32 when it starts, or where its input says', () => {
    expect(new HubHarness().effects[0]).toEqual({ type: 'tcp.listen', port: 4730, backlog: 32 });
    expect(new HubHarness({ port: 7003, backlog: 5 }).effects[0]).toEqual({ type: 'tcp.listen', port: 7003, backlog: 5 });
    expect(jobHubDefaults).toMatchObject({ workerLossMode: 'requeue', jobRetries: 0, version: '1.1.20' });
  });

  it('is process logic that only routes (no machine of its own), so its host delivers it every event', () => {
    expect(declaredEvents(jobHubMachine)).toBeNull();
    expect(new HubHarness().actor.getSnapshot().status).toBe('active');
  });

  it('a message on a connection it never accepted is a bug of the host, reported as an actor error', () => {
    const actor = createActor(jobHubMachine, { input: {} });
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    actor.send({ type: 'process.start' });
    actor.send({ type: 'tcp.message', connId: 9, message: request('ECHO_REQ', 'x') });
    expect(String(errors[0])).toContain('jobhub: message on connection 9, which was never accepted or is closed');
  });
});
