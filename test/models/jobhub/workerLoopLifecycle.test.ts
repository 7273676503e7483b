import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { workerLoopMachine, type WorkerLoopEvent } from '../../../sim/models/jobhub/workerLoopLifecycle.js';

function walk(...events: WorkerLoopEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(workerLoopMachine);
  for (const type of events) [snapshot] = transition(workerLoopMachine, snapshot, { type });
  return snapshot;
}

describe('a Gearman worker process loop (Gearman::Worker)', () => {
  it('connects first, then grabs on the new connection', () => {
    expect(walk().value).toBe('connecting');
    expect(walk('GRAB_JOB').value).toBe('grabbing');
  });

  it('sleeps when no hub has work, and grabs again on a NOOP', () => {
    expect(walk('GRAB_JOB', 'NOTHING_TO_GRAB').value).toBe('sleeping');
    expect(walk('GRAB_JOB', 'NOTHING_TO_GRAB', 'GRAB_JOB').value).toBe('grabbing');
  });

  it('works an assigned job and grabs again when the work is done', () => {
    expect(walk('GRAB_JOB', 'JOB_ASSIGN').value).toBe('working');
    expect(walk('GRAB_JOB', 'JOB_ASSIGN', 'GRAB_JOB').value).toBe('grabbing');
  });

  it('connects again when its last hub connection is lost', () => {
    expect(walk('GRAB_JOB', 'JOB_ASSIGN', 'ALL_LINKS_LOST').value).toBe('connecting');
  });

  it('dies from any step and comes back connecting after the restart delay', () => {
    expect(walk('GRAB_JOB', 'JOB_ASSIGN', 'CRASH').value).toBe('dead');
    expect(walk('CRASH', 'RESTART').value).toBe('connecting');
  });

  it('never works a job it did not grab, and hears nothing while dead', () => {
    expect(walk().can({ type: 'JOB_ASSIGN' })).toBe(false);
    expect(walk('GRAB_JOB', 'NOTHING_TO_GRAB').can({ type: 'JOB_ASSIGN' })).toBe(false);
    expect(walk('CRASH').can({ type: 'GRAB_JOB' })).toBe(false);
  });
});
