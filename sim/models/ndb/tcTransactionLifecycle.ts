import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type TcTransactionStep = 'ALL_PREPARED' | 'COMMIT' | 'NODE_FAILED';

/**
 * A transaction in the transaction coordinator of the partition's primary (Dbtc's
 * ConnectionState, storage/ndb/src/kernel/blocks/dbtc/Dbtc.hpp, simplified). `preparing`
 * (CS_STARTED/CS_RECEIVING): the primary wrote its own copy and waits for every live replica
 * to prepare (LQHKEYCONF). `prepared` (CS_PREPARED): all did. `committed` (CS_COMMITTING →
 * CS_COMPLETED): the primary applied the write, answered the API node and told the
 * replicas to commit. `aborted` (CS_ABORTING): a replica it waited on, or the primary
 * itself, failed first; the API node gets 4010.
 */
export const tcTransactionMachine = setup({
  types: { events: {} as { type: TcTransactionStep } },
}).createMachine({
  id: 'ndbTcTransaction',
  initial: 'preparing',
  states: {
    preparing: { on: { ALL_PREPARED: 'prepared', NODE_FAILED: 'aborted' } },
    prepared: { on: { COMMIT: 'committed' } },
    committed: { type: 'final' },
    aborted: { type: 'final' },
  },
});

export type TcTransactionState = 'preparing' | 'prepared' | 'committed' | 'aborted';

export const tcTransactionLifecycle = compileLifecycle<TcTransactionState, TcTransactionStep>(tcTransactionMachine);
