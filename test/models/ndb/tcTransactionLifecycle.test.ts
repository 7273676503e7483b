import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { tcTransactionLifecycle, tcTransactionMachine, type TcTransactionStep } from '../../../sim/models/ndb/tcTransactionLifecycle.js';

function after(events: readonly TcTransactionStep[]): { value: unknown; status: string } {
  let [snapshot] = initialTransition(tcTransactionMachine);
  for (const type of events) [snapshot] = transition(tcTransactionMachine, snapshot, { type });
  return { value: snapshot.value, status: snapshot.status };
}

describe("TC transaction lifecycle: the primary's two phases", () => {
  it('commits only after every replica prepared', () => {
    expect(after(['COMMIT']).value).toBe('preparing');
    expect(after(['ALL_PREPARED']).value).toBe('prepared');
    expect(after(['ALL_PREPARED', 'COMMIT'])).toEqual({ value: 'committed', status: 'done' });
  });

  it('a node failure while preparing aborts it', () => {
    expect(after(['NODE_FAILED'])).toEqual({ value: 'aborted', status: 'done' });
  });

  it('a prepared transaction no longer aborts on a node failure', () => {
    expect(tcTransactionLifecycle.can('prepared', 'NODE_FAILED')).toBe(false);
  });
});
