import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { workerConnectionMachine, type WorkerConnectionEvent } from '../../../sim/models/jobhub/workerConnectionLifecycle.js';

function walk(...events: WorkerConnectionEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(workerConnectionMachine);
  for (const type of events) [snapshot] = transition(workerConnectionMachine, snapshot, { type });
  return snapshot;
}

describe('a worker connection\'s sleep cycle as the hub sees it', () => {
  it('is awake until PRE_SLEEP finds nothing to do, then owes it a NOOP', () => {
    expect(walk().value).toBe('awake');
    expect(walk('PRE_SLEEP').value).toBe('sleeping');
  });

  it('gets one NOOP per grab cycle: a second PRE_SLEEP after the NOOP does not make it owed again', () => {
    expect(walk('PRE_SLEEP', 'NOOP').value).toBe('noopSent');
    expect(walk('PRE_SLEEP', 'NOOP', 'PRE_SLEEP').value).toBe('noopSent');
    expect(walk('PRE_SLEEP', 'NOOP', 'PRE_SLEEP').can({ type: 'NOOP' })).toBe(false);
  });

  it('is awake again after any grab', () => {
    expect(walk('PRE_SLEEP', 'GRAB_JOB').value).toBe('awake');
    expect(walk('PRE_SLEEP', 'NOOP', 'GRAB_JOB').value).toBe('awake');
  });

  it('is never sent a NOOP while awake', () => {
    expect(walk().can({ type: 'NOOP' })).toBe(false);
  });
});
