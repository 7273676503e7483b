import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { jobLifecycle, jobMachine, type JobLifecycleEvent } from '../../../sim/models/jobhub/jobLifecycle.js';

/** The state after each event, from the initial state, by the definition alone. */
function walk(...events: JobLifecycleEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(jobMachine);
  for (const type of events) [snapshot] = transition(jobMachine, snapshot, { type });
  return snapshot;
}

describe('a Gearman job\'s lifecycle', () => {
  it('starts queued and runs once a worker grabs it', () => {
    expect(walk().value).toBe('queued');
    expect(walk('JOB_ASSIGN').value).toBe('running');
  });

  it('ends complete, failed or exception on its worker\'s WORK_* packet', () => {
    expect(walk('JOB_ASSIGN', 'WORK_COMPLETE')).toMatchObject({ value: 'complete', status: 'done' });
    expect(walk('JOB_ASSIGN', 'WORK_FAIL')).toMatchObject({ value: 'failed', status: 'done' });
    expect(walk('JOB_ASSIGN', 'WORK_EXCEPTION')).toMatchObject({ value: 'exception', status: 'done' });
  });

  it('goes back to the queue when its worker is lost in requeue mode, and can run again', () => {
    expect(walk('JOB_ASSIGN', 'REQUEUE').value).toBe('queued');
    expect(walk('JOB_ASSIGN', 'REQUEUE', 'JOB_ASSIGN', 'WORK_COMPLETE').value).toBe('complete');
  });

  it('fails when its worker is lost in fail mode or its retries are used up', () => {
    expect(walk('JOB_ASSIGN', 'LOST')).toMatchObject({ value: 'failed', status: 'done' });
  });

  it('is dropped only while queued, when a grab meets it with its clients gone', () => {
    expect(walk('DROP')).toMatchObject({ value: 'dropped', status: 'done' });
    expect(walk('JOB_ASSIGN', 'DROP').value).toBe('running');
  });

  it('accepts no WORK_* packet while queued: the hub answers those with ERROR JOB_NOT_FOUND', () => {
    expect(walk().can({ type: 'WORK_COMPLETE' })).toBe(false);
    expect(() => jobLifecycle.next('queued', 'WORK_COMPLETE')).toThrow("no transition on 'WORK_COMPLETE' from state 'queued'");
  });

  it('compiles to the same table the definition gives: six states, four of them final', () => {
    expect([...jobLifecycle.states].sort()).toEqual(['complete', 'dropped', 'exception', 'failed', 'queued', 'running']);
    expect(['complete', 'failed', 'exception', 'dropped'].every((state) => jobLifecycle.isFinal(state as never))).toBe(true);
  });
});
