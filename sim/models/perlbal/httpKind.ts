import type { HttpRequest, HttpResponse } from '../http/httpMessage.js';

/** Whether a message on a connection is an HTTP request (anything else from a peer is ignored). */
export function isHttpRequest(message: unknown): message is HttpRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'httpRequest';
}

/** Whether a message on a connection is an HTTP response. */
export function isHttpResponse(message: unknown): message is HttpResponse {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'httpResponse';
}

/** The size a response announces (Content-Length), else the body it carries. */
export function responseSizeBytes(response: HttpResponse): number {
  const length = response.headers['content-length'];
  return length !== undefined && /^\d+$/.test(length) ? Number(length) : response.bodyBytes;
}
