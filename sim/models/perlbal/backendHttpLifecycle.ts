import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a backend connection, as `ProxyState` and `ReproxyManager` send it. */
export type BackendHttpEvent =
  /** The connect completed and `OPTIONS *` was written (`verify_backend`). */
  | 'VERIFY'
  /** A request was written: a client's to a web node, or a reproxy `GET` to a storage node. */
  | 'REQUEST_SENT'
  /** The connection waits, idle, for the next request (`register_boredom`). */
  | 'BORED'
  /** Closed by the proxy or the peer, or its connect failed or was given up. */
  | 'CLOSE';

export type BackendHttpState = 'connecting' | 'verifying' | 'bored' | 'wait_res' | 'closed';

/**
 * A connection Perlbal makes to a web node or, for reproxying, to a storage node: one
 * Perlbal::BackendHTTP object either way. Its states are those BackendHTTP.pm (Perlbal 1.80)
 * names at the top of the file, "possible states: connecting, bored, sending_req, wait_res,
 * xfer_res", plus `verifying` (the `OPTIONS *` exchange of `verify_backend`) and `closed`.
 * `sending_req` and `xfer_res` last no time in the model (a request and a response are one
 * message each), so a connection goes from the write straight to `wait_res`, and from the
 * response to `bored` (kept: the idle pool of `backend_persist_cache`, or a reproxy host's
 * `%ReproxyBored`) or `closed`.
 *
 * The proxy branches on it: a response on a `bored` connection is ignored, a response in
 * `verifying` is the verification's answer, and only `bored` connections are handed out.
 */
export const backendHttpMachine = setup({
  types: { events: {} as { type: BackendHttpEvent } },
}).createMachine({
  id: 'perlbalBackendHttp',
  initial: 'connecting',
  states: {
    connecting: { on: { VERIFY: 'verifying', REQUEST_SENT: 'wait_res', BORED: 'bored', CLOSE: 'closed' } },
    verifying: { on: { REQUEST_SENT: 'wait_res', BORED: 'bored', CLOSE: 'closed' } },
    bored: { on: { REQUEST_SENT: 'wait_res', CLOSE: 'closed' } },
    wait_res: { on: { BORED: 'bored', CLOSE: 'closed' } },
    closed: { type: 'final' },
  },
});

export const backendHttpLifecycle = compileLifecycle<BackendHttpState, BackendHttpEvent>(backendHttpMachine);
