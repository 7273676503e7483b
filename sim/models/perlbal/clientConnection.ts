import type { HttpRequest } from '../http/httpMessage.js';

/** A client connection accepted by the proxy. Plain data, mutated by `ProxyState`. */
export interface ClientConnection {
  readonly connId: number;
  /** The request being served; null while the connection waits for one (the idle timer runs then). */
  request: HttpRequest | null;
  /** Backend connects tried for the current request, bounded by `backendAttemptsMax`. */
  attempts: number;
}
