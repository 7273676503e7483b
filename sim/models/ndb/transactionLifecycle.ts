import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type TransactionStep = 'COMMITTED' | 'ABORTED' | 'RETRY' | 'GIVE_UP';

/**
 * One application transaction as the API node sees it (NdbTransaction's commit status:
 * Started, Committed, Aborted; NDB API "NdbTransaction::commitStatus"). `preparing`: the
 * current attempt went to the partition's primary, whose TC runs the prepare and commit
 * phases with the replicas. `committed`: the TC answered committed. `aborted`: the attempt
 * ended with a temporary error (4010 node failure, 4025 not serving, 4009 no data node,
 * 4008 no answer): NDB leaves the retry to the application, which waits a doubling backoff
 * and starts the whole transaction again (`RETRY`) or, once its retries are used up,
 * gives up (`failed`).
 */
export const transactionMachine = setup({
  types: { events: {} as { type: TransactionStep } },
}).createMachine({
  id: 'ndbTransaction',
  initial: 'preparing',
  states: {
    preparing: { on: { COMMITTED: 'committed', ABORTED: 'aborted' } },
    aborted: { on: { RETRY: 'preparing', GIVE_UP: 'failed' } },
    committed: { type: 'final' },
    failed: { type: 'final' },
  },
});

export type TransactionState = 'preparing' | 'aborted' | 'committed' | 'failed';

export const transactionLifecycle = compileLifecycle<TransactionState, TransactionStep>(transactionMachine);
