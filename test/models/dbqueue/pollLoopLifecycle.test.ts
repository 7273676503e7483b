import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { pollLoopMachine, type PollLoopEvent } from '../../../sim/models/dbqueue/pollLoopLifecycle.js';

function walk(...events: PollLoopEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(pollLoopMachine);
  for (const type of events) [snapshot] = transition(pollLoopMachine, snapshot, { type });
  return snapshot;
}

describe("a database-polling worker's loop", () => {
  it('is down until it starts, then finds', () => {
    expect(walk().value).toBe('down');
    expect(walk('START').value).toBe('finding');
  });

  it('finds, grabs, works and completes a job, then finds afresh (TheSchwartz work_once)', () => {
    expect(walk('START', 'CANDIDATES', 'GRABBED', 'WORK_DONE').value).toBe('completing');
    expect(walk('START', 'CANDIDATES', 'GRABBED', 'WORK_DONE', 'COMPLETED').value).toBe('finding');
  });

  it('tries the next candidate after a lost race, and sleeps when none was grabbed', () => {
    expect(walk('START', 'CANDIDATES', 'LOST_RACE').value).toBe('grabbing');
    expect(walk('START', 'CANDIDATES', 'LOST_RACE', 'NOTHING').value).toBe('sleeping');
    expect(walk('START', 'NOTHING', 'WAKE').value).toBe('finding');
  });

  it('walks on through its list after a job, and queries again at its end (the old polling model)', () => {
    expect(walk('START', 'CANDIDATES', 'GRABBED', 'WORK_DONE', 'NEXT_CANDIDATE').value).toBe('grabbing');
    expect(walk('START', 'CANDIDATES', 'LOST_RACE', 'REQUERY').value).toBe('finding');
    expect(walk('START', 'CANDIDATES', 'GRABBED', 'WORK_DONE', 'REQUERY').value).toBe('finding');
  });

  it('goes down from any step when the process crashes, and starts again from there', () => {
    for (const steps of [['START'], ['START', 'CANDIDATES'], ['START', 'CANDIDATES', 'GRABBED'], ['START', 'NOTHING']] as PollLoopEvent['type'][][]) {
      expect(walk(...steps, 'CRASH').value).toBe('down');
    }
    expect(walk('START', 'CRASH', 'START').value).toBe('finding');
  });

  it('never works a job it did not grab', () => {
    expect(walk('START', 'CANDIDATES').can({ type: 'WORK_DONE' })).toBe(false);
  });
});
