import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { HttpRequest, HttpResponse } from './httpMessage.js';
import { httpRequestLifecycle, type HttpRequestState } from './httpRequestLifecycle.js';

/** Input of {@link httpClientMachine}. */
export interface HttpClientInput {
  /** The request a connection with this tag carries (the load generator's choice). */
  readonly requestOf: (tag: number) => HttpRequest;
}

/** What the client reports; the scenario counts these. */
export type HttpClientReport =
  | { readonly type: 'http.response'; readonly connId: number; readonly status: number; readonly bodyBytes: number }
  | { readonly type: 'http.connectFailed'; readonly tag: number; readonly errno: string }
  /** The connection ended before a response (closed by the server, or reset). */
  | { readonly type: 'http.noResponse'; readonly connId: number; readonly reason: string };

export type HttpClientEffect = ProcessEffect<HttpClientReport, never>;

/** The client's plain state: its requests in flight by connection, each in its lifecycle state. */
interface HttpClientState {
  readonly out: Outbox<HttpClientReport, never>;
  readonly requestOf: (tag: number) => HttpRequest;
  readonly inFlight: Map<number, HttpRequestState>;
}

function handle(client: HttpClientState, event: TcpEvent): void {
  const { out, inFlight } = client;
  switch (event.type) {
    case 'tcp.connected':
      inFlight.set(event.connId, httpRequestLifecycle.moves.SEND.from(httpRequestLifecycle.start()));
      return out.send(event.connId, client.requestOf(event.tag));
    case 'tcp.connectFailed':
      httpRequestLifecycle.moves.CONNECT_FAILED.from(httpRequestLifecycle.start());
      return out.emit({ type: 'http.connectFailed', tag: event.tag, errno: event.errno });
    case 'tcp.message': {
      const state = inFlight.get(event.connId);
      if (state !== 'request_sent') return;
      httpRequestLifecycle.moves.RESPONSE.from(state);
      inFlight.delete(event.connId);
      const response = event.message as HttpResponse;
      out.emit({ type: 'http.response', connId: event.connId, status: response.status, bodyBytes: response.bodyBytes });
      return out.close(event.connId);
    }
    case 'tcp.peerClosed':
    case 'tcp.aborted':
      return connectionEnded(client, event);
  }
}

/** The server closed or reset: before a response the request failed; after one (already closed by us) nothing is left to do. */
function connectionEnded(client: HttpClientState, event: Extract<TcpEvent, { type: 'tcp.peerClosed' | 'tcp.aborted' }>): void {
  const state = client.inFlight.get(event.connId);
  if (state === undefined) return;
  httpRequestLifecycle.moves.NO_RESPONSE.from(state);
  client.inFlight.delete(event.connId);
  client.out.emit({ type: 'http.noResponse', connId: event.connId, reason: event.type === 'tcp.aborted' ? event.errno : 'closed' });
  if (event.type === 'tcp.peerClosed') client.out.close(event.connId);
}

/**
 * A browser-like client that uses one connection per request, as the clients of a
 * reverse proxy did in 2005 (Perlbal's persist_client off by default, Service.pm): once connected
 * it sends the request its tag names, reports the response, and closes. Which connections
 * to open, and when, is the load generator's business.
 *
 * Plain actor logic (`fromProcess`): the process only routes each connection's events to
 * that request's lifecycle (httpRequestLifecycle.ts); as a one-state machine it cost
 * 1.5–3.4 µs per event, on the path every request of port-exhaustion takes three times.
 */
export const httpClientMachine = fromProcess<HttpClientState, TcpEvent, HttpClientInput, HttpClientEffect>(
  (input) => ({ out: new Outbox<HttpClientReport, never>(), requestOf: input.requestOf, inFlight: new Map() }),
  handle,
);
