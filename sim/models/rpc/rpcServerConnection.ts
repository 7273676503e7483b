import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What happens on a server's connection. */
export type RpcServerConnectionEvent =
  | { readonly type: 'request' }
  | { readonly type: 'close' }
  | { readonly type: 'peerClosed' }
  | { readonly type: 'aborted' };

/**
 * A server's connection, from accept(): it reads the request, writes the response, and
 * either closes first (then TIME_WAIT stays on the server) or waits for the client's FIN
 * (read returns 0) and closes in answer, as any server does.
 */
export const rpcServerConnectionMachine = setup({ types: { events: {} as RpcServerConnectionEvent } }).createMachine({
  id: 'rpcServerConnection',
  initial: 'reading',
  states: {
    reading: { on: { request: 'responded', peerClosed: 'closed', aborted: 'aborted' } },
    responded: { on: { close: 'closed', peerClosed: 'closed', aborted: 'aborted' } },
    closed: { type: 'final' },
    aborted: { type: 'final' },
  },
});

export type RpcServerConnectionState = 'reading' | 'responded' | 'closed' | 'aborted';

export const rpcServerConnection = compileLifecycle<RpcServerConnectionState, RpcServerConnectionEvent['type']>(rpcServerConnectionMachine);
