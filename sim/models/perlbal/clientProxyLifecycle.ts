import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a client connection, as `ProxyState` sends it. */
export type ClientProxyEvent =
  /** A request was read (Perlbal's `handle_request`): it needs a backend. */
  | 'REQUEST'
  /** The request was written to a web node, or the reproxy `GET` to a storage node. */
  | 'REQUEST_SENT'
  /**
   * The node closed the connection after the request was written, before it answered:
   * Perlbal does not retry (a request may not be idempotent); the client drains with no
   * backend until the idle sweep closes it (ClientProxy.pm `backend(undef)` sets `draining_res`).
   */
  | 'BACKEND_LOST'
  /** The web node answered `X-REPROXY-URL`: Perlbal fetches the file itself (`start_reproxy_uri`). */
  | 'REPROXY'
  /** A storage URL failed (bad status, size, connect): the next one is tried (`try_next_uri`). */
  | 'TRY_NEXT_URI'
  /** Perlbal writes the client its answer: the node's response, the file, or a 503. */
  | 'RESPONSE'
  /** Written, and the connection is kept for the next request (`http_response_sent` with keep-alive). */
  | 'PERSIST'
  /** Closed: after the answer without keep-alive, by the peer, or by the idle sweep. */
  | 'CLOSE';

export type ClientProxyState =
  | 'reading_headers'
  | 'proxying.wait_backend'
  | 'proxying.backend_req_sent'
  | 'reproxying.wait_backend'
  | 'reproxying.backend_req_sent'
  | 'draining_res'
  | 'xfer_res'
  | 'persist_wait'
  | 'closed';

/**
 * A client connection accepted by Perlbal, in the states Perlbal 1.80 gives it
 * (`$self->state(...)` in lib/Perlbal/ClientHTTPBase.pm and ClientProxy.pm):
 * `reading_headers` until a request is read; `wait_backend` until a backend connection
 * takes it (`request_backend`), `backend_req_sent` once the request is written to it;
 * `draining_res` when the node closed before answering (nothing more comes: the idle sweep
 * closes it); `xfer_res` while the answer goes to the client; `persist_wait` idle between requests with
 * `persist_client`; `closed`. A reproxied answer (`start_reproxy_uri`, ReproxyManager.pm)
 * goes through `wait_backend` and `backend_req_sent` again, towards a storage node: here
 * the `reproxying` substates, so a diagram tells the two apart.
 *
 * The proxy branches on this state: a request read in any other state than
 * `reading_headers` / `persist_wait` is ignored (no pipelining); a reproxy job whose client
 * is no longer `reproxying` is dropped; only a client `proxying` or `reproxying` gets an answer.
 */
export const clientProxyMachine = setup({
  types: { events: {} as { type: ClientProxyEvent } },
}).createMachine({
  id: 'perlbalClientProxy',
  initial: 'reading_headers',
  states: {
    reading_headers: { on: { REQUEST: 'proxying', CLOSE: 'closed' } },
    proxying: {
      initial: 'wait_backend',
      on: { RESPONSE: 'xfer_res', CLOSE: 'closed' },
      states: {
        wait_backend: { on: { REQUEST_SENT: 'backend_req_sent' } },
        backend_req_sent: { on: { BACKEND_LOST: '#perlbalClientProxy.draining_res', REPROXY: '#perlbalClientProxy.reproxying' } },
      },
    },
    reproxying: {
      initial: 'wait_backend',
      on: { RESPONSE: 'xfer_res', CLOSE: 'closed' },
      states: {
        wait_backend: { on: { REQUEST_SENT: 'backend_req_sent', TRY_NEXT_URI: 'wait_backend' } },
        backend_req_sent: { on: { TRY_NEXT_URI: 'wait_backend' } },
      },
    },
    draining_res: { on: { CLOSE: 'closed' } },
    xfer_res: { on: { PERSIST: 'persist_wait', CLOSE: 'closed' } },
    persist_wait: { on: { REQUEST: 'proxying', CLOSE: 'closed' } },
    closed: { type: 'final' },
  },
});

export const clientProxyLifecycle = compileLifecycle<ClientProxyState, ClientProxyEvent>(clientProxyMachine);

/** A request is being served: the connection waits on a web node or a storage node. */
export function isServing(state: ClientProxyState): boolean {
  return state.startsWith('proxying') || state.startsWith('reproxying');
}
