import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { clientTaskMachine, type ClientTaskEvent } from '../../../sim/models/jobhub/clientTaskLifecycle.js';

function walk(...events: ClientTaskEvent['type'][]): AnyMachineSnapshot {
  let [snapshot] = initialTransition(clientTaskMachine);
  for (const type of events) [snapshot] = transition(clientTaskMachine, snapshot, { type });
  return snapshot;
}

describe("a client's task", () => {
  it('waits for JOB_CREATED once submitted, then for the result of a foreground job', () => {
    expect(walk('SUBMIT').value).toBe('submitted');
    expect(walk('SUBMIT', 'JOB_CREATED').value).toBe('created');
    expect(walk('SUBMIT', 'JOB_CREATED', 'WORK_COMPLETE')).toMatchObject({ value: 'complete', status: 'done' });
    expect(walk('SUBMIT', 'JOB_CREATED', 'WORK_FAIL').value).toBe('fail');
    expect(walk('SUBMIT', 'JOB_CREATED', 'WORK_EXCEPTION').value).toBe('exception');
  });

  it('is finished at JOB_CREATED when it is a background job', () => {
    expect(walk('SUBMIT', 'JOB_CREATED_BACKGROUND')).toMatchObject({ value: 'finished', status: 'done' });
  });

  it('is lost without a connection to submit on, or when the connection goes before the result', () => {
    expect(walk('NOT_CONNECTED').value).toBe('lost');
    expect(walk('SUBMIT', 'CONNECTION_LOST').value).toBe('lost');
    expect(walk('SUBMIT', 'JOB_CREATED', 'CONNECTION_LOST').value).toBe('lost');
  });

  it('takes no result before its handle', () => {
    expect(walk('SUBMIT').can({ type: 'WORK_COMPLETE' })).toBe(false);
  });
});
