import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { arbitratorLifecycle, arbitratorMachine, type ArbitratorStep } from '../../../sim/models/ndb/arbitratorLifecycle.js';

function after(events: readonly ArbitratorStep[]): unknown {
  let [snapshot] = initialTransition(arbitratorMachine);
  for (const type of events) [snapshot] = transition(arbitratorMachine, snapshot, { type });
  return snapshot.value;
}

describe('arbitrator lifecycle: ArbitMgr init, started, finished', () => {
  it('waits in init until started', () => {
    expect(after([])).toBe('init');
    expect(after(['CHOOSE'])).toBe('init');
    expect(after(['START'])).toBe('started');
  });

  it('chooses the first side that asks, then grants or refuses by that choice', () => {
    expect(after(['START', 'CHOOSE'])).toBe('finished');
    expect(after(['START', 'CHOOSE', 'REFUSE', 'GRANT_SAME_SIDE'])).toBe('finished');
  });

  it('a membership change starts it again for the next failure', () => {
    expect(after(['START', 'CHOOSE', 'START'])).toBe('started');
  });

  it('refusing is only for a choice already made', () => {
    expect(arbitratorLifecycle.can('started', 'REFUSE')).toBe(false);
    expect(arbitratorLifecycle.can('finished', 'REFUSE')).toBe(true);
  });
});
