import { ConnectionTable } from '../../contract/connectionTable.js';
import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { Closer } from './closer.js';
import { rpcServerConnection, type RpcServerConnectionState } from './rpcServerConnection.js';

/** Input of {@link rpcServerMachine}. */
export interface RpcServerInput {
  /** Ports to listen on; each is one destination ip:port for clients. */
  readonly ports: readonly number[];
  /** Listen backlog per port. */
  readonly backlog: number;
  /** Which side closes after the response. */
  readonly closer: Closer;
}

/** Every response is the same message: one object for the run, not one per request (nothing writes to it). */
const responseMessage = Object.freeze({ kind: 'response', status: 200 });

/** The server process: its settings and each connection's lifecycle state. */
export interface RpcServerState {
  readonly closer: Closer;
  readonly out: Outbox;
  /** By connection id: one-request connections, so a {@link ConnectionTable} rather than a Map. */
  readonly connections: ConnectionTable<RpcServerConnectionState>;
}

/**
 * A server that answers every request with one response on the same connection; when it
 * is the closer it closes right after responding, otherwise it closes when the client's FIN
 * arrives (read returns 0), as any server does. Each connection moves through
 * {@link rpcServerConnection}; the process only routes, so it is plain actor logic.
 */
export const rpcServerMachine = fromProcess<RpcServerState, TcpEvent, RpcServerInput, ProcessEffect>(
  (input) => {
    const out = new Outbox();
    for (const port of input.ports) out.emit({ type: 'tcp.listen', port, backlog: input.backlog });
    return { closer: input.closer, out, connections: new ConnectionTable() };
  },
  handleServerEvent,
);

function handleServerEvent(server: RpcServerState, event: TcpEvent): void {
  const { out } = server;
  switch (event.type) {
    case 'tcp.accepted':
      server.connections.set(event.connId, rpcServerConnection.start());
      return;
    case 'tcp.message': {
      let state = rpcServerConnection.next(stateOf(server, event.connId), 'request');
      out.send(event.connId, responseMessage);
      if (server.closer === 'server') {
        state = rpcServerConnection.next(state, 'close');
        out.close(event.connId);
      }
      return settle(server, event.connId, state);
    }
    case 'tcp.peerClosed':
      out.close(event.connId);
      return settle(server, event.connId, rpcServerConnection.next(stateOf(server, event.connId), 'peerClosed'));
    case 'tcp.aborted':
      return settle(server, event.connId, rpcServerConnection.next(stateOf(server, event.connId), 'aborted'));
    case 'tcp.connected':
    case 'tcp.connectFailed':
      throw new Error(`rpc server: it opens no connections, yet got ${event.type}`);
  }
}

function stateOf(server: RpcServerState, connId: number): RpcServerConnectionState {
  const state = server.connections.get(connId);
  if (state === undefined) throw new Error(`rpc server: event on connection ${connId}, which it never accepted`);
  return state;
}

function settle(server: RpcServerState, connId: number, state: RpcServerConnectionState): void {
  if (rpcServerConnection.isFinal(state)) server.connections.delete(connId);
  else server.connections.set(connId, state);
}
