import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves one request of the HTTP client, as `httpClientMachine` sends it. */
export type HttpRequestEvent =
  /** The connection is open and the request is written on it. */
  | 'SEND'
  /** The response came; the client closes the connection (one request per connection). */
  | 'RESPONSE'
  /** The connect failed (refused, timed out, no local port). */
  | 'CONNECT_FAILED'
  /** The server closed or reset the connection before answering. */
  | 'NO_RESPONSE';

export type HttpRequestState = 'connecting' | 'request_sent' | 'done' | 'failed';

/**
 * One request of a 2005 browser on its own connection (HTTP/1.0, RFC 1945 §1.3: "the
 * client establishes a connection, sends a request, the server responds, and the
 * connection is closed"): `connecting`, `request_sent` until the response, then `done`;
 * `failed` when the connect fails or the connection ends before a response. The client
 * branches on it: only a request still `request_sent` is reported as answered or failed,
 * so a FIN after the response is the normal end, not a failure.
 */
export const httpRequestMachine = setup({
  types: { events: {} as { type: HttpRequestEvent } },
}).createMachine({
  id: 'httpRequest',
  initial: 'connecting',
  states: {
    connecting: { on: { SEND: 'request_sent', CONNECT_FAILED: 'failed' } },
    request_sent: { on: { RESPONSE: 'done', NO_RESPONSE: 'failed' } },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

export const httpRequestLifecycle = compileLifecycle<HttpRequestState, HttpRequestEvent>(httpRequestMachine);
