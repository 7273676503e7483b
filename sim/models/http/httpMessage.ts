/**
 * HTTP/1.x messages as structured objects on simulated connections (messages
 * are objects, not bytes). Bodies are sizes only; what matters to the models is how many
 * bytes travel and whether the connection may be reused (the keep-alive rules of RFC 2616 §8.1 and RFC 2068 §19.7.1).
 */
export type HttpVersion = '1.0' | '1.1';

/** Methods the models and the live codec know; anything else on a live socket is answered 501 (sim/live/http). */
export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface HttpRequest {
  readonly kind: 'httpRequest';
  readonly method: HttpMethod;
  /** Path, or `*` for `OPTIONS *`. */
  readonly path: string;
  readonly version: HttpVersion;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyBytes: number;
  /** The body's bytes, on real sockets only (sim/live); the simulator carries sizes. */
  readonly body?: Uint8Array;
}

export interface HttpResponse {
  readonly kind: 'httpResponse';
  readonly status: number;
  readonly version: HttpVersion;
  /** Header names in lower case; `content-length` present when the size is known. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyBytes: number;
  /** The body's bytes, on real sockets only (sim/live); the simulator carries sizes. */
  readonly body?: Uint8Array;
}

export type HttpMessage = HttpRequest | HttpResponse;

/** Whether one side asks to keep the connection (module-level: a closure per call costs tsx's name-keeping defineProperty). */
function asked(message: HttpRequest | HttpResponse): boolean {
  const connection = (message.headers.connection ?? '').toLowerCase();
  return message.version === '1.1' ? connection !== 'close' : connection === 'keep-alive';
}

/**
 * Whether the connection stays open after this exchange (RFC 2616 §8.1, RFC 2068 §19.7.1 for HTTP/1.0 keep-alive): HTTP/1.0 needs
 * `Connection: keep-alive`, HTTP/1.1 is persistent unless `Connection: close`; and a
 * response keeps the connection only with a Content-Length, or for 204/304/HEAD.
 */
export function keepsAlive(request: HttpRequest, response: HttpResponse): boolean {
  const sized = 'content-length' in response.headers || response.status === 204 || response.status === 304 || request.method === 'HEAD';
  return asked(request) && asked(response) && sized;
}
