import { ConnectionTable } from '../../contract/connectionTable.js';
import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { Closer } from './closer.js';
import { rpcClientConnection, type RpcClientConnectionState } from './rpcClientConnection.js';

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

/** Every request is the same message: one object for the run, not one per request (nothing writes to it). */
const requestMessage = Object.freeze({ kind: 'request' });

/** The client process: its setting and each open connection's lifecycle state. */
export interface RpcClientState {
  readonly closer: Closer;
  readonly out: Outbox<RpcClientReport>;
  /** By connection id: one-request connections, so a {@link ConnectionTable} rather than a Map. */
  readonly connections: ConnectionTable<RpcClientConnectionState>;
}

/**
 * A client that uses one connection per request: once connected it sends the request; on
 * the response it reports success and closes if it is the closer, otherwise it closes when
 * the server's FIN arrives. Which connections to open, and when, is the load generator's
 * business (plain code). Each connection moves through {@link rpcClientConnection}; the
 * process itself only routes events to them, so it is plain actor logic (processLogic.ts).
 */
export const rpcClientMachine = fromProcess<RpcClientState, TcpEvent, RpcClientInput, ProcessEffect<RpcClientReport>>(
  (input) => ({ closer: input.closer, out: new Outbox(), connections: new ConnectionTable() }),
  handleClientEvent,
);

function handleClientEvent(client: RpcClientState, event: TcpEvent): void {
  const { out, connections } = client;
  switch (event.type) {
    case 'tcp.connected':
      connections.set(event.connId, rpcClientConnection.start());
      out.send(event.connId, requestMessage);
      return;
    case 'tcp.message': {
      let state = rpcClientConnection.next(stateOf(client, event.connId), 'response');
      out.emit({ type: 'request.ok', connId: event.connId });
      if (client.closer === 'client') {
        state = rpcClientConnection.next(state, 'close');
        out.close(event.connId);
      }
      return settle(client, event.connId, state);
    }
    case 'tcp.peerClosed':
      out.emit({ type: 'request.peerClosed', connId: event.connId });
      out.close(event.connId);
      return settle(client, event.connId, rpcClientConnection.next(stateOf(client, event.connId), 'peerClosed'));
    case 'tcp.connectFailed':
      return out.emit({ type: 'request.connectFailed', tag: event.tag, errno: event.errno });
    case 'tcp.aborted':
      out.emit({ type: 'request.aborted', connId: event.connId, errno: event.errno });
      return settle(client, event.connId, rpcClientConnection.next(stateOf(client, event.connId), 'aborted'));
    case 'tcp.accepted':
      throw new Error(`rpc client: it listens on no port, yet connection ${event.connId} was accepted`);
  }
}

function stateOf(client: RpcClientState, connId: number): RpcClientConnectionState {
  const state = client.connections.get(connId);
  if (state === undefined) throw new Error(`rpc client: event on connection ${connId}, which it does not hold`);
  return state;
}

/** Keeps a live connection's state; forgets one whose life is over. */
function settle(client: RpcClientState, connId: number, state: RpcClientConnectionState): void {
  if (rpcClientConnection.isFinal(state)) client.connections.delete(connId);
  else client.connections.set(connId, state);
}
