import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { ApiNodeState, type ApiNodeInput, type ApiNodeTimer } from './apiNodeState.js';
import { flushEffects, type NdbRecord } from './ndbEffect.js';
import { isNdbMessage } from './ndbMessage.js';
import { ndbPorts } from './ndbSettings.js';

export { retryDefaults, type ApiNodeInput, type RetryPolicy } from './apiNodeState.js';

/** The application starts a transaction: insert one row into `partition`. */
export type TxnStart = { readonly type: 'txn.start'; readonly tag: number; readonly partition: number };

export type ApiNodeEvent = TcpEvent | ApiNodeTimer | TxnStart;

interface ApiNodeContext {
  readonly api: ApiNodeState;
}

/** An API node and its application: one state, transactions and heartbeats as plain data. */
export const apiNodeMachine = setup({
  types: {
    context: {} as ApiNodeContext,
    input: {} as ApiNodeInput,
    events: {} as ApiNodeEvent,
    emitted: {} as TcpEffect | NdbRecord,
  },
  actions: {
    step: enqueueActions(({ context, event, enqueue }) => {
      const { api } = context;
      switch (event.type) {
        case 'txn.start': api.start(event.tag, event.partition); break;
        case 'api.retry': api.retry(event.tag); break;
        case 'api.timeout': api.timeout(event.txnId); break;
        case 'api.tick': api.tick(); break;
        case 'tcp.message': if (isNdbMessage(event.message)) api.receive(event.message); break;
        case 'tcp.connected': api.transporter.connected(event.tag, event.connId); break;
        case 'tcp.connectFailed': api.transporter.connectFailed(event.tag); break;
        case 'tcp.aborted':
        case 'tcp.peerClosed': api.disconnected(api.transporter.lost(event.connId)); break;
        default: break;
      }
      flushEffects(api.effects, enqueue);
    }),
    listen: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'tcp.listen', port: ndbPorts.api, backlog: 128 })),
  },
}).createMachine({
  id: 'ndbApiNode',
  context: ({ input }) => ({ api: new ApiNodeState(input) }),
  entry: ['listen', 'step'],
  initial: 'serving',
  states: {
    serving: {
      on: {
        'txn.start': { actions: 'step' },
        'api.retry': { actions: 'step' },
        'api.timeout': { actions: 'step' },
        'api.tick': { actions: 'step' },
        'tcp.message': { actions: 'step' },
        'tcp.connected': { actions: 'step' },
        'tcp.connectFailed': { actions: 'step' },
        'tcp.aborted': { actions: 'step' },
        'tcp.peerClosed': { actions: 'step' },
      },
    },
  },
});
