import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { hubLinkMachine, type HubLinkEvent } from '../../../sim/models/jobhub/hubLinkLifecycle.js';

function walk(...events: HubLinkEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(hubLinkMachine);
  for (const type of events) [snapshot] = transition(hubLinkMachine, snapshot, { type });
  return snapshot;
}

describe("a client's or worker's link to a hub", () => {
  it('connects, and after a refusal or a loss waits to reconnect', () => {
    expect(walk().value).toBe('connecting');
    expect(walk('CONNECTED').value).toBe('connected');
    expect(walk('CONNECT_FAILED').value).toBe('waitingToReconnect');
    expect(walk('CONNECTED', 'LOST').value).toBe('waitingToReconnect');
    expect(walk('CONNECTED', 'LOST', 'RECONNECT').value).toBe('connecting');
  });

  it('does not reconnect while connected', () => {
    expect(walk('CONNECTED').can({ type: 'RECONNECT' })).toBe(false);
  });
});
