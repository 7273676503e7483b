import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What happens on a client's one-request connection. */
export type RpcClientConnectionEvent =
  | { readonly type: 'response' }
  | { readonly type: 'close' }
  | { readonly type: 'peerClosed' }
  | { readonly type: 'aborted' };

/**
 * A client's one-request connection, from the moment `connect()` succeeded: the request is
 * sent at once, the response arrives, and one side closes first; that side keeps the
 * 4-tuple in TIME_WAIT for 60 s (Linux `tcp_time_wait`, docs/DOMAIN.md §6 "Linux TCP
 * ephemeral ports"). A FIN from the server before the response is a failed request; a
 * reset or a retransmission timeout ends the connection in `aborted`.
 */
export const rpcClientConnectionMachine = setup({ types: { events: {} as RpcClientConnectionEvent } }).createMachine({
  id: 'rpcClientConnection',
  initial: 'requesting',
  states: {
    requesting: { on: { response: 'answered', peerClosed: 'closed', aborted: 'aborted' } },
    answered: { on: { close: 'closed', peerClosed: 'closed', aborted: 'aborted' } },
    closed: { type: 'final', description: 'closed by one side; TIME_WAIT on whichever closed first' },
    aborted: { type: 'final', description: 'RST from the peer, or retransmissions gave up' },
  },
});

export type RpcClientConnectionState = 'requesting' | 'answered' | 'closed' | 'aborted';

export const rpcClientConnection = compileLifecycle<RpcClientConnectionState, RpcClientConnectionEvent['type']>(rpcClientConnectionMachine);
