import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { dataNodeLifecycle, dataNodeMachine } from '../../../sim/models/ndb/dataNodeLifecycle.js';

/** The state after `events`, from the definition itself: no actor, no clock. */
function after(machine: AnyStateMachine, events: readonly string[]): { value: unknown; status: string } {
  let [snapshot] = initialTransition(machine);
  for (const type of events) [snapshot] = transition(machine, snapshot, { type });
  return { value: snapshot.value, status: snapshot.status };
}

describe('data node lifecycle: NDB start phases, arbitration and shutdown', () => {
  it('an initial start goes straight to started', () => {
    expect(after(dataNodeMachine, ['INITIAL_START']).value).toBe('started');
  });

  it('a node restart finds the cluster, copies from its peer, and is started once included', () => {
    expect(after(dataNodeMachine, ['NODE_RESTART']).value).toBe('connecting');
    expect(after(dataNodeMachine, ['NODE_RESTART', 'CLUSTER_FOUND']).value).toBe('copying');
    expect(after(dataNodeMachine, ['NODE_RESTART', 'CLUSTER_FOUND', 'INCLUDED']).value).toBe('started');
  });

  it('a restarting node that loses its copy source looks for the cluster again', () => {
    expect(after(dataNodeMachine, ['NODE_RESTART', 'CLUSTER_FOUND', 'COPY_SOURCE_LOST']).value).toBe('connecting');
  });

  it('partitioning asks the arbitrator: a grant carries on, a refusal or the timeout shuts down', () => {
    expect(after(dataNodeMachine, ['INITIAL_START', 'VERDICT_PARTITIONING']).value).toBe('arbitrating');
    expect(after(dataNodeMachine, ['INITIAL_START', 'VERDICT_PARTITIONING', 'ARBIT_GRANTED']).value).toBe('started');
    expect(after(dataNodeMachine, ['INITIAL_START', 'VERDICT_PARTITIONING', 'ARBIT_REFUSED'])).toEqual({ value: 'shutdown', status: 'done' });
    expect(after(dataNodeMachine, ['INITIAL_START', 'VERDICT_PARTITIONING', 'ARBIT_TIMEOUT'])).toEqual({ value: 'shutdown', status: 'done' });
  });

  it('a lost node group or being declared dead shuts a started node down for good', () => {
    expect(after(dataNodeMachine, ['INITIAL_START', 'VERDICT_LOSE'])).toEqual({ value: 'shutdown', status: 'done' });
    expect(after(dataNodeMachine, ['INITIAL_START', 'EXPELLED'])).toEqual({ value: 'shutdown', status: 'done' });
    expect(after(dataNodeMachine, ['INITIAL_START', 'EXPELLED', 'INITIAL_START']).value).toBe('shutdown');
  });

  it('a grant means nothing to a node that is not arbitrating, and the compiled table refuses it', () => {
    expect(after(dataNodeMachine, ['INITIAL_START', 'ARBIT_GRANTED']).value).toBe('started');
    expect(dataNodeLifecycle.can('started', 'ARBIT_GRANTED')).toBe(false);
    expect(() => dataNodeLifecycle.next('started', 'ARBIT_GRANTED')).toThrow(/no transition on 'ARBIT_GRANTED' from state 'started'/);
  });

  it('the compiled table knows the six phases and that shutdown is final', () => {
    expect([...dataNodeLifecycle.states].sort()).toEqual(['arbitrating', 'connecting', 'copying', 'notStarted', 'shutdown', 'started']);
    expect(dataNodeLifecycle.isFinal('shutdown')).toBe(true);
  });
});
