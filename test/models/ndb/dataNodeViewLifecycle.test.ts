import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { dataNodeViewMachine, type DataNodeViewStep } from '../../../sim/models/ndb/dataNodeViewLifecycle.js';

function after(events: readonly DataNodeViewStep[]): unknown {
  let [snapshot] = initialTransition(dataNodeViewMachine);
  for (const type of events) [snapshot] = transition(dataNodeViewMachine, snapshot, { type });
  return snapshot.value;
}

describe("API node's view of a data node: ClusterMgr's node states", () => {
  it('is connecting until the node is heard from, then alive', () => {
    expect(after([])).toBe('connecting');
    expect(after(['HEARD_STARTED'])).toBe('alive');
  });

  it('fails on missed heartbeats, a broken transporter, or the node reporting it shuts down', () => {
    expect(after(['HEARD_STARTED', 'SILENT'])).toBe('failed');
    expect(after(['HEARD_STARTED', 'HEARD_STOPPING'])).toBe('failed');
    expect(after(['HEARD_STARTED', 'DISCONNECTED'])).toBe('failed');
  });

  it('a failed node heard again while restarting is reconnecting, and alive once it reports started', () => {
    expect(after(['SILENT', 'HEARD_STARTING'])).toBe('reconnecting');
    expect(after(['SILENT', 'HEARD_STARTING', 'HEARD_STARTED'])).toBe('alive');
    expect(after(['SILENT', 'HEARD_STARTING', 'SILENT'])).toBe('failed');
  });
});
