import { emit, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { HttpRequest, HttpResponse } from './httpMessage.js';

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

type Connected = Extract<TcpEvent, { type: 'tcp.connected' }>;
type WithConn = Extract<TcpEvent, { connId: number }>;

/**
 * A browser-like client that uses one connection per request, as the clients of a
 * reverse proxy did in 2005 (Perlbal's persist_client off, DOMAIN.md §3): once connected
 * it sends the request its tag names, reports the response, and closes. Which connections
 * to open, and when, is the load generator's business.
 */
export const httpClientMachine = setup({
  types: {
    context: {} as { readonly requestOf: (tag: number) => HttpRequest },
    input: {} as HttpClientInput,
    events: {} as TcpEvent,
    emitted: {} as HttpClientReport | TcpEffect,
  },
  actions: {
    sendRequest: emit(({ context, event }) => {
      const { connId, tag } = event as Connected;
      return { type: 'tcp.send' as const, connId, message: context.requestOf(tag) };
    }),
    report: emit(({ event }) => {
      const { connId, message } = event as Extract<TcpEvent, { type: 'tcp.message' }>;
      const response = message as HttpResponse;
      return { type: 'http.response' as const, connId, status: response.status, bodyBytes: response.bodyBytes };
    }),
    close: emit(({ event }) => ({ type: 'tcp.close' as const, connId: (event as WithConn).connId })),
    reportNoResponse: emit(({ event }) => {
      const { connId } = event as WithConn;
      return { type: 'http.noResponse' as const, connId, reason: event.type === 'tcp.aborted' ? event.errno : 'closed' };
    }),
    reportConnectFailed: emit(({ event }) => {
      const { tag, errno } = event as Extract<TcpEvent, { type: 'tcp.connectFailed' }>;
      return { type: 'http.connectFailed' as const, tag, errno };
    }),
  },
}).createMachine({
  id: 'httpClient',
  context: ({ input }) => ({ requestOf: input.requestOf }),
  initial: 'running',
  states: {
    running: {
      on: {
        'tcp.connected': { actions: 'sendRequest' },
        'tcp.message': { actions: ['report', 'close'] },
        // The server closed: after a response this is the normal end (the report is a no-op
        // for the scenario then); before one, the request failed.
        'tcp.peerClosed': { actions: ['reportNoResponse', 'close'] },
        'tcp.aborted': { actions: 'reportNoResponse' },
        'tcp.connectFailed': { actions: 'reportConnectFailed' },
      },
    },
  },
});
