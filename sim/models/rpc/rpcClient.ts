import { emit, setup } from 'xstate';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { Closer } from './closer.js';

/** Input of {@link rpcClientMachine}. */
export interface RpcClientInput {
  /** Which side closes after the response (default `client`). */
  readonly closer: Closer;
}

/** What the client reports besides TCP effects; the scenario's recorder counts these. */
export type RpcClientReport =
  | { readonly type: 'request.ok'; readonly connId: number }
  /** The server closed the connection: after the response this is the normal end. */
  | { readonly type: 'request.peerClosed'; readonly connId: number }
  | { readonly type: 'request.connectFailed'; readonly tag: number; readonly errno: string }
  | { readonly type: 'request.aborted'; readonly connId: number; readonly errno: string };

type Connected = Extract<TcpEvent, { type: 'tcp.connected' }>;
type WithConn = Extract<TcpEvent, { connId: number }>;
type ConnectFailed = Extract<TcpEvent, { type: 'tcp.connectFailed' }>;
type Aborted = Extract<TcpEvent, { type: 'tcp.aborted' }>;

/**
 * A client that uses one connection per request: once connected it sends the request; on
 * the response it reports success and closes if it is the closer, otherwise it closes when
 * the server's FIN arrives. Which connections to open, and when, is the load generator's
 * business (plain code); the machine keeps no per-connection state, so one actor serves
 * any number of connections.
 */
export const rpcClientMachine = setup({
  types: {
    context: {} as { readonly closer: Closer },
    input: {} as RpcClientInput,
    events: {} as TcpEvent,
    emitted: {} as RpcClientReport | TcpEffect,
  },
  guards: {
    clientCloses: ({ context }) => context.closer === 'client',
  },
  actions: {
    sendRequest: emit(({ event }) => ({
      type: 'tcp.send' as const,
      connId: (event as Connected).connId,
      message: { kind: 'request' },
    })),
    reportOk: emit(({ event }) => ({ type: 'request.ok' as const, connId: (event as WithConn).connId })),
    reportPeerClosed: emit(({ event }) => ({ type: 'request.peerClosed' as const, connId: (event as WithConn).connId })),
    reportConnectFailed: emit(({ event }) => {
      const { tag, errno } = event as ConnectFailed;
      return { type: 'request.connectFailed' as const, tag, errno };
    }),
    reportAborted: emit(({ event }) => {
      const { connId, errno } = event as Aborted;
      return { type: 'request.aborted' as const, connId, errno };
    }),
    close: emit(({ event }) => ({ type: 'tcp.close' as const, connId: (event as WithConn).connId })),
  },
}).createMachine({
  id: 'rpcClient',
  context: ({ input }) => ({ closer: input.closer }),
  initial: 'running',
  states: {
    running: {
      on: {
        'tcp.connected': { actions: 'sendRequest' },
        'tcp.message': [{ guard: 'clientCloses', actions: ['reportOk', 'close'] }, { actions: 'reportOk' }],
        'tcp.peerClosed': { actions: ['reportPeerClosed', 'close'] },
        'tcp.connectFailed': { actions: 'reportConnectFailed' },
        'tcp.aborted': { actions: 'reportAborted' },
      },
    },
  },
});
