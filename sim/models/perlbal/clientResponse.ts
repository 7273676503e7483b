import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { responseSizeBytes } from './httpKind.js';

/** English names of the statuses Perlbal answers by itself (HTTPHeaders.pm `http_code_english`). */
const statusNames: Readonly<Record<number, string>> = { 400: 'Bad request', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Headers about the hop, not the message: the proxy sets its own (RFC 7230 §6.1). */
const hopHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * Perlbal's own short answer: a `text/html` page `<h1>503 - Service Unavailable</h1>`
 * (ClientHTTPBase.pm `_simple_response`).
 */
export function simpleResponse(status: number): HttpResponse {
  let response = simpleResponses.get(status);
  if (!response) {
    const name = statusNames[status];
    const body = new TextEncoder().encode(`<h1>${status}${name ? ` - ${name}` : ''}</h1>\n`);
    response = { kind: 'httpResponse', status, version: '1.0', headers: { 'content-type': 'text/html', 'content-length': String(body.length) }, bodyBytes: body.length, body };
    simpleResponses.set(status, response);
  }
  return response;
}

/** Each status's page, made once: a run at port exhaustion answers thousands of 503s. Never mutated. */
const simpleResponses = new Map<number, HttpResponse>();

/**
 * The file from storage as the client gets it (BackendHTTP.pm `handle_response`, then
 * ClientHTTPBase.pm `setup_keepalive`): the web node's headers (`primary`; the file's own
 * without one) with the storage node's Content-Length, the `X-REPROXY-*` and hop headers
 * removed, a 204 from the node made 200, a 206 or 416 from storage passed on with its range
 * headers, and the connection decided as in {@link clientResponse}. One header object: the
 * head is built once per request, not once for the reproxy and again for the client.
 */
export function reproxiedResponse(request: HttpRequest, primary: HttpResponse | null, file: HttpResponse, persistClient: boolean): HttpResponse {
  const head = primary ?? file;
  const headers: Record<string, string> = {};
  const primaryHeaders = head.headers;
  for (const name of Object.keys(primaryHeaders)) {
    if (!name.startsWith('x-reproxy-') && !hopHeaders.has(name)) headers[name] = primaryHeaders[name] as string;
  }
  headers['content-length'] = String(responseSizeBytes(file));
  let status = head.status === 204 ? 200 : head.status;
  if (file.status === 206 || file.status === 416) {
    status = file.status;
    for (const name of ['accept-ranges', 'content-range']) if (file.headers[name] !== undefined) headers[name] = file.headers[name] as string;
  }
  const response: HttpResponse = file.body
    ? { kind: 'httpResponse', status, version: '1.0', headers, bodyBytes: file.bodyBytes, body: file.body }
    : { kind: 'httpResponse', status, version: '1.0', headers, bodyBytes: file.bodyBytes };
  return decideConnection(request, response, headers, persistClient);
}

/**
 * What the client is sent for `source` (ClientHTTPBase.pm `setup_keepalive`): always
 * HTTP/1.0 ("for now, we enforce outgoing HTTP 1.0"), the source's headers but the hop
 * ones, and `Connection: keep-alive` only with `persist_client` and a request and response
 * that allow it, else `Connection: close`.
 */
export function clientResponse(request: HttpRequest, source: HttpResponse, persistClient: boolean): HttpResponse {
  // One header object per response, decided in place: this runs once per request.
  const headers: Record<string, string> = {};
  const sourceHeaders = source.headers;
  for (const name of Object.keys(sourceHeaders)) if (!hopHeaders.has(name)) headers[name] = sourceHeaders[name] as string;
  headers['content-length'] = String(responseSizeBytes(source));
  return decideConnection(request, { ...source, version: '1.0', headers }, headers, persistClient);
}

/** Sets `Connection` in `headers`, the response's own: keep-alive if `persist_client` and the keep-alive rules allow it, else close. */
function decideConnection(request: HttpRequest, response: HttpResponse, headers: Record<string, string>, persistClient: boolean): HttpResponse {
  headers['connection'] = 'keep-alive';
  if (!(persistClient && keepsAlive(request, response))) headers['connection'] = 'close';
  return response;
}
