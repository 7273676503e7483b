import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { transactionLifecycle, transactionMachine, type TransactionStep } from '../../../sim/models/ndb/transactionLifecycle.js';

function after(events: readonly TransactionStep[]): { value: unknown; status: string } {
  let [snapshot] = initialTransition(transactionMachine);
  for (const type of events) [snapshot] = transition(transactionMachine, snapshot, { type });
  return { value: snapshot.value, status: snapshot.status };
}

describe('transaction lifecycle: an application transaction and its retries', () => {
  it('an attempt is preparing until the coordinator answers', () => {
    expect(after([]).value).toBe('preparing');
    expect(after(['COMMITTED'])).toEqual({ value: 'committed', status: 'done' });
  });

  it('a temporary error aborts the attempt; the application retries the whole transaction', () => {
    expect(after(['ABORTED']).value).toBe('aborted');
    expect(after(['ABORTED', 'RETRY']).value).toBe('preparing');
    expect(after(['ABORTED', 'RETRY', 'ABORTED', 'RETRY', 'COMMITTED'])).toEqual({ value: 'committed', status: 'done' });
  });

  it('once its retries are used up the application gives up', () => {
    expect(after(['ABORTED', 'GIVE_UP'])).toEqual({ value: 'failed', status: 'done' });
  });

  it('a retry without an abort is a bug the compiled table refuses', () => {
    expect(() => transactionLifecycle.next('preparing', 'RETRY')).toThrow(/no transition on 'RETRY'/);
  });
});
