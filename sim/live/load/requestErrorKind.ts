/**
 * The kinds an HTTP request can fail by, as the load drivers count them: the errno of a
 * failed connect or of a connection that broke, the driver's own timeout, or the class of
 * an error status. Anything else keeps its Node error code (or `other`) so nothing is lost.
 */
export type RequestErrorKind = 'ECONNREFUSED' | 'EADDRNOTAVAIL' | 'ECONNRESET' | 'timeout' | 'status 5xx' | 'status 4xx' | (string & {});

/** The kind of a socket or request error (Node's `error.code`; "socket hang up" is ECONNRESET). */
export function errorKindOf(error: { code?: string } | undefined): RequestErrorKind {
  const code = error?.code;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  return code && /^[A-Z_]+$/.test(code) ? code : 'other';
}

/** The kind of a response status, or null when it counts as a success (1xx to 3xx). */
export function statusKindOf(status: number): RequestErrorKind | null {
  if (status >= 500) return 'status 5xx';
  if (status >= 400) return 'status 4xx';
  return null;
}

/** Adds one error of `kind` to `counts`. */
export function countError(counts: Record<string, number>, kind: RequestErrorKind): void {
  counts[kind] = (counts[kind] ?? 0) + 1;
}
