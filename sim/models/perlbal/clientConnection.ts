import type { HttpRequest } from '../http/httpMessage.js';

/** A client connection accepted by the proxy. Plain data, mutated by `ProxyState`. */
export interface ClientConnection {
  readonly connId: number;
  /** The request being served; null while the connection waits for one. */
  request: HttpRequest | null;
  /** Backend connects tried for the current request, bounded by `backendAttemptsMax`. */
  attempts: number;
  /** Proxy clock second of the last read or write (Perlbal's `alive_time`); the idle sweep closes it 30 s later. */
  aliveSec: number;
}
