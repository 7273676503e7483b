import type { HttpRequest, HttpResponse } from '../http/httpMessage.js';
import type { ClientProxyState } from './clientProxyLifecycle.js';

/** A client connection accepted by the proxy. Plain data, mutated by `ProxyState`. */
export interface ClientConnection {
  readonly connId: number;
  /** Where it is in its lifecycle (clientProxyLifecycle.ts): the one place that says what it waits for. */
  state: ClientProxyState;
  /** The request being served; null before the first one and once answered. */
  request: HttpRequest | null;
  /** Backend connects tried for the current request, bounded by `backendAttemptsMax`. */
  attempts: number;
  /** Proxy clock second of the last read or write (Perlbal's `alive_time`); the idle sweep closes it 30 s later. */
  aliveSec: number;
  /** The web node's response that asked for a reproxy: its headers go to the client with the file (BackendHTTP.pm `primary_res_hdrs`). */
  primary: HttpResponse | null;
}
