import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';

/** Input of {@link userpicAppMachine}. */
export interface UserpicAppInput {
  /** Port it listens on for Perlbal's backend connections. */
  readonly port: number;
  readonly backlog: number;
  /** Storage nodes' HTTP addresses, `host:port`; node j holds device `dev<j+1>`. */
  readonly storage: readonly string[];
  /** Copies of each file, each on its own node (MogileFS's `mindevcount`, 2 for userpics); at most `storage.length`. */
  readonly replicas: number;
}

export type UserpicAppEffect = ProcessEffect<never, never>;

interface UserpicAppState {
  readonly input: UserpicAppInput;
  readonly out: Outbox<never, never>;
}

const userpicPath = /^\/userpic\/(\d{1,15})$/;

/**
 * Where userpic `n` is stored: `replicas` copies on consecutive nodes from `n mod nodes`,
 * `http://<node j>/dev<j+1>/<n>.fid` each, as a tracker's `get_paths` lists them (MogileFS
 * Worker/Query.pm `cmd_get_paths`: one URL per device holding the fid). The placement is
 * a pure function, so the app needs no tracker and a storage node seeded with
 * `--device j+1` holds exactly what the app sends Perlbal to fetch from it.
 */
export function userpicUrls(n: number, storage: readonly string[], replicas: number): string[] {
  const urls: string[] = [];
  for (let r = 0; r < Math.min(replicas, storage.length); r++) {
    const j = (n + r) % storage.length;
    urls.push(`http://${storage[j] as string}/dev${j + 1}/${n}.fid`);
  }
  return urls;
}

function answer(app: UserpicAppState, request: HttpRequest): HttpResponse {
  const connection = connectionHeader(request);
  const match = userpicPath.exec(request.path);
  if (match && (request.method === 'GET' || request.method === 'HEAD')) {
    const urls = userpicUrls(Number(match[1]), app.input.storage, app.input.replicas);
    // The empty body of a reproxy answer: Perlbal sends the client the file instead (BackendHTTP.pm).
    return { kind: 'httpResponse', status: 200, version: request.version, headers: { 'content-type': 'image/gif', 'x-reproxy-url': urls.join(' '), 'content-length': '0', ...connection }, bodyBytes: 0 };
  }
  const body = new TextEncoder().encode(`<html><body>page ${request.path}</body></html>\n`);
  return { kind: 'httpResponse', status: 200, version: request.version, headers: { 'content-type': 'text/html', 'content-length': String(body.length), ...connection }, bodyBytes: body.length, body };
}

/** Echoes the client's keep-alive wish, as Apache with KeepAlive On does for Perlbal's `persist_backend`. */
function connectionHeader(request: HttpRequest): Record<string, string> {
  const connection = (request.headers.connection ?? '').toLowerCase();
  if (request.version === '1.0') return connection === 'keep-alive' ? { connection: 'keep-alive' } : {};
  return connection === 'close' ? { connection: 'close' } : {};
}

function create(input: UserpicAppInput): UserpicAppState {
  const app: UserpicAppState = { input, out: new Outbox() };
  app.out.emit({ type: 'tcp.listen', port: input.port, backlog: input.backlog });
  return app;
}

function handle(app: UserpicAppState, event: TcpEvent): void {
  if (event.type === 'tcp.peerClosed') return app.out.close(event.connId);
  if (event.type !== 'tcp.message') return;
  const request = event.message as HttpRequest;
  if (request?.kind !== 'httpRequest') return app.out.close(event.connId);
  const response = answer(app, request);
  app.out.send(event.connId, response);
  if (!keepsAlive(request, response)) app.out.close(event.connId);
}

/**
 * The web app as Perlbal's backend for userpics, without a tracker: `GET /userpic/<n>`
 * answers an empty 200 whose `X-REPROXY-URL` lists the file's storage URLs
 * ({@link userpicUrls}); any other path a small HTML page. It closes after a response that
 * does not keep the connection alive. Plain process logic: no state beyond its input.
 */
export const userpicAppMachine = fromProcess<UserpicAppState, TcpEvent, UserpicAppInput, UserpicAppEffect>(create, handle);
