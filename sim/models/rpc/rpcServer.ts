import { emit, enqueueActions, setup } from 'xstate';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { Closer } from './closer.js';

/** Input of {@link rpcServerMachine}. */
export interface RpcServerInput {
  /** Ports to listen on; each is one destination ip:port for clients. */
  readonly ports: readonly number[];
  /** Listen backlog per port. */
  readonly backlog: number;
  /** Which side closes after the response. */
  readonly closer: Closer;
}

type WithConn = Extract<TcpEvent, { connId: number }>;

/**
 * A server that answers every request with one response on the same connection; when it
 * is the closer it closes right after responding, otherwise it closes when the client's FIN
 * arrives (read returns 0), as any server does.
 */
export const rpcServerMachine = setup({
  types: {
    context: {} as RpcServerInput,
    input: {} as RpcServerInput,
    events: {} as TcpEvent,
    emitted: {} as TcpEffect,
  },
  guards: {
    serverCloses: ({ context }) => context.closer === 'server',
  },
  actions: {
    listen: enqueueActions(({ context, enqueue }) => {
      for (const port of context.ports) enqueue.emit({ type: 'tcp.listen', port, backlog: context.backlog });
    }),
    respond: emit(({ event }) => ({
      type: 'tcp.send' as const,
      connId: (event as WithConn).connId,
      message: { kind: 'response', status: 200 },
    })),
    close: emit(({ event }) => ({ type: 'tcp.close' as const, connId: (event as WithConn).connId })),
  },
}).createMachine({
  id: 'rpcServer',
  context: ({ input }) => input,
  initial: 'serving',
  entry: 'listen',
  states: {
    serving: {
      on: {
        'tcp.message': [{ guard: 'serverCloses', actions: ['respond', 'close'] }, { actions: 'respond' }],
        'tcp.peerClosed': { actions: 'close' },
      },
    },
  },
});
