import { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import type { TrackerReply, TrackerRequest } from '../mogilefs/trackerMessage.js';
import { trackerLinkLifecycle, type TrackerLinkEvent, type TrackerLinkState } from './trackerLinkLifecycle.js';

/** Input of {@link webAppMachine}. Defaults in {@link webAppDefaults}. */
export interface WebAppInput {
  /** Port the app listens on for Perlbal's backend connections. */
  readonly port: number;
  readonly backlog: number;
  /** The MogileFS tracker it asks for paths (one persistent connection). */
  readonly tracker: { readonly host: string; readonly port: number };
  /** Requests under this prefix are userpics: `/userpic/<key>` is reproxied to storage. */
  readonly userpicPrefix: string;
  /** Size of a page that is not reproxied. */
  readonly pageBytes: number;
  /** A lost tracker connection is opened again after this long. */
  readonly reconnectMs: number;
  /**
   * Where pages that need the database go: the app's own mysqld, here an NDB API node serving
   * each page as one transaction (ndbPageApp.ts), asked over a connection per page as
   * LiveJournal's DBI did without persistent handles. Absent: pages are answered directly.
   */
  readonly pages?: { readonly host: string; readonly port: number; readonly prefix: string };
  /**
   * Requests under this prefix are uploads (`PUT /upload/<key>` with the file as its body):
   * stored through the tracker as MogileFS::Client's `store_file` does (create_open, PUT
   * to the path it names, create_close), then reported as `webApp.uploaded` for the job
   * queue. Absent: no uploads.
   */
  readonly uploadPrefix?: string;
}

export const webAppDefaults = {
  port: 8080,
  /** Apache's ListenBacklog default (511) is cut to SOMAXCONN, 128 on Linux 2.6. */
  backlog: 128,
  userpicPrefix: '/userpic/',
  pageBytes: 8_000,
  reconnectMs: 1_000,
} as const;

/** The web app's timer: connect to the tracker again. */
export interface ReconnectTrackerEvent {
  readonly type: 'webApp.reconnectTracker';
}

/** An upload is stored (create_close answered OK): the application queues its work now. */
export interface WebAppRecord {
  readonly type: 'webApp.uploaded';
  readonly key: string;
  readonly fid: number;
}

export type WebAppEvent = TcpEvent | ReconnectTrackerEvent;
export type WebAppEffect = ProcessEffect<WebAppRecord, ReconnectTrackerEvent>;

/** A browser request (through one Perlbal connection) the app has not answered yet. */
interface Origin {
  readonly connId: number;
  readonly request: HttpRequest;
}

/** One request waiting for the tracker, and which step of its handling the answer serves. */
type PendingLookup = Origin & (
  | { readonly step: 'paths' }
  | { readonly step: 'open' }
  | { readonly step: 'close'; readonly fid: number }
);

/** A request the app makes on a connection of its own: a page to the database, an upload's PUT to mogstored. */
interface BackendCall {
  readonly origin: Origin;
  readonly request: HttpRequest;
  /** The answer, or null when the connection failed or closed first. */
  readonly answered: (app: WebAppState, origin: Origin, response: HttpResponse | null) => void;
}

interface WebAppState {
  readonly out: Outbox<WebAppRecord, ReconnectTrackerEvent>;
  readonly input: WebAppInput;
  /** The tracker connection's lifecycle state (trackerLinkLifecycle.ts). */
  tracker: TrackerLinkState;
  /** Its connection id while `connected`. */
  trackerConnId: number;
  /** Lookups in the order sent; the tracker answers one connection's requests in order. */
  readonly lookups: PendingLookup[];
  /** Lookups asked for while the tracker connection was down, sent once it is back. */
  readonly waiting: TrackerRequest[];
  /** Backend calls by connect tag until connected, then by connection id. */
  readonly callsByTag: Map<number, BackendCall>;
  readonly callsByConn: Map<number, BackendCall>;
  /** Userpic paths → their file keys ({@link userpicKey}). */
  readonly userpicKeys: Map<string, string>;
}

const reconnectEvent: ReconnectTrackerEvent = { type: 'webApp.reconnectTracker' };
const unavailable: HttpResponse = { kind: 'httpResponse', status: 503, version: '1.0', headers: { 'content-length': '0' }, bodyBytes: 0 };

function moveTracker(app: WebAppState, event: TrackerLinkEvent): void {
  app.tracker = trackerLinkLifecycle.next(app.tracker, event);
}

function create(input: WebAppInput): WebAppState {
  const app: WebAppState = {
    out: new Outbox(), input, tracker: trackerLinkLifecycle.start(), trackerConnId: -1, lookups: [], waiting: [], callsByTag: new Map(), callsByConn: new Map(), userpicKeys: new Map(),
  };
  app.out.emit({ type: 'tcp.listen', port: input.port, backlog: input.backlog });
  app.out.connect(input.tracker.host, input.tracker.port);
  return app;
}

function handle(app: WebAppState, event: WebAppEvent): void {
  switch (event.type) {
    case 'tcp.connected':
      if (callConnected(app, event.tag, event.connId)) return;
      return trackerUp(app, event.connId);
    case 'tcp.connectFailed':
      if (callEnded(app, app.callsByTag, event.tag, null)) return;
      moveTracker(app, 'LOST');
      return app.out.startTimer(reconnectEvent.type, app.input.reconnectMs, reconnectEvent);
    case 'tcp.message':
      return onMessage(app, event.connId, event.message);
    case 'tcp.peerClosed':
    case 'tcp.aborted':
      return onClosed(app, event.connId, event.type === 'tcp.peerClosed');
    case 'webApp.reconnectTracker':
      moveTracker(app, 'RETRY');
      app.out.connect(app.input.tracker.host, app.input.tracker.port);
      return;
  }
}

function trackerUp(app: WebAppState, connId: number): void {
  moveTracker(app, 'CONNECTED');
  app.trackerConnId = connId;
  for (const request of app.waiting.splice(0)) app.out.send(connId, request);
}

function onMessage(app: WebAppState, connId: number, message: unknown): void {
  if (callEnded(app, app.callsByConn, connId, message as HttpResponse)) return;
  if (app.tracker === 'connected' && connId === app.trackerConnId) {
    const lookup = app.lookups.shift();
    if (lookup) trackerAnswered(app, lookup, message as TrackerReply);
    return;
  }
  const request = message as HttpRequest;
  const { pages, uploadPrefix, userpicPrefix } = app.input;
  if (pages && request.path.startsWith(pages.prefix)) {
    return startCall(app, pages.host, pages.port, { origin: { connId, request }, request: { ...request, version: '1.0', headers: {} }, answered: relayPage });
  }
  if (uploadPrefix && request.method === 'PUT' && request.path.startsWith(uploadPrefix)) {
    const key = request.path.slice(uploadPrefix.length);
    return askTracker(app, { connId, request, step: 'open' }, { kind: 'trackerRequest', command: 'create_open', args: { key, sizeBytes: request.bodyBytes } });
  }
  if (!request.path.startsWith(userpicPrefix)) {
    const page: HttpResponse = {
      kind: 'httpResponse', status: 200, version: '1.0',
      headers: { 'content-length': String(app.input.pageBytes), ...connectionHeader(request) }, bodyBytes: app.input.pageBytes,
    };
    return respond(app.out, connId, request, page);
  }
  // LiveJournal's userpic handler asks with noverify => 1 (cgi-bin/Apache/LiveJournal.pm,
  // userpic_content, since January 2005): no size check on the storage node's side channel.
  const key = userpicKey(app, request.path);
  askTracker(app, { connId, request, step: 'paths' }, { kind: 'trackerRequest', command: 'get_paths', args: { key, noverify: true } });
}

/**
 * The file key of a userpic path, sliced once per path: a popular file's path comes on
 * every request for it, and the same key string each time lets the tracker's key index hash
 * it once instead of a new slice per request. Bounded, since a run may ask for many paths.
 */
function userpicKey(app: WebAppState, path: string): string {
  let key = app.userpicKeys.get(path);
  if (key === undefined) {
    if (app.userpicKeys.size >= userpicKeysMax) app.userpicKeys.clear();
    key = path.slice(app.input.userpicPrefix.length);
    app.userpicKeys.set(path, key);
  }
  return key;
}

const userpicKeysMax = 4_096;

/** Sends a tracker request now, or once the tracker connection is back; answers come in order. */
function askTracker(app: WebAppState, lookup: PendingLookup, request: TrackerRequest): void {
  app.lookups.push(lookup);
  if (app.tracker === 'connected') app.out.send(app.trackerConnId, request);
  else app.waiting.push(request);
}

/** The tracker answered one lookup: a userpic's paths, or a step of an upload. */
function trackerAnswered(app: WebAppState, lookup: PendingLookup, reply: TrackerReply): void {
  switch (lookup.step) {
    case 'paths':
      return answerLookup(app.out, lookup, reply);
    case 'open':
      return reply.ok && reply.command === 'create_open' ? putFile(app, lookup, reply) : respond(app.out, lookup.connId, lookup.request, unavailable);
    case 'close':
      if (!reply.ok) return respond(app.out, lookup.connId, lookup.request, unavailable);
      app.out.emit({ type: 'webApp.uploaded', key: lookup.request.path.slice(app.input.uploadPrefix?.length ?? 0), fid: lookup.fid });
      return respond(app.out, lookup.connId, lookup.request, { ...unavailable, status: 201, headers: { 'content-length': '0', ...connectionHeader(lookup.request) } });
  }
}

/** An upload's PUT to the path create_open named; create_close once mogstored took it. */
function putFile(app: WebAppState, origin: Origin, opened: Extract<TrackerReply, { command: 'create_open'; ok: true }>): void {
  const url = new URL(opened.path);
  const put: HttpRequest = { kind: 'httpRequest', method: 'PUT', path: url.pathname, version: '1.0', headers: {}, bodyBytes: origin.request.bodyBytes };
  startCall(app, url.hostname, Number(url.port), {
    origin, request: put,
    answered: (state, _origin, response) => {
      if (!response || response.status < 200 || response.status >= 300) return respond(state.out, origin.connId, origin.request, unavailable);
      const close: TrackerRequest = { kind: 'trackerRequest', command: 'create_close', args: { fid: opened.fid, device: opened.device, sizeBytes: put.bodyBytes } };
      askTracker(state, { ...origin, step: 'close', fid: opened.fid }, close);
    },
  });
}

function onClosed(app: WebAppState, connId: number, peerClosed: boolean): void {
  if (peerClosed) app.out.close(connId);
  if (callEnded(app, app.callsByConn, connId, null)) return;
  if (app.tracker !== 'connected' || connId !== app.trackerConnId) return;
  // The tracker is gone: its pending lookups will not be answered; those clients get 503.
  moveTracker(app, 'LOST');
  app.trackerConnId = -1;
  for (const lookup of app.lookups.splice(0)) respond(app.out, lookup.connId, lookup.request, unavailable);
  app.out.startTimer(reconnectEvent.type, app.input.reconnectMs, reconnectEvent);
}

function startCall(app: WebAppState, host: string, port: number, call: BackendCall): void {
  app.callsByTag.set(app.out.connect(host, port), call);
}

/** A backend call's connection is up: send its request, once, without keep-alive. */
function callConnected(app: WebAppState, tag: number, connId: number): boolean {
  const call = app.callsByTag.get(tag);
  if (!call) return false;
  app.callsByTag.delete(tag);
  app.callsByConn.set(connId, call);
  app.out.send(connId, call.request);
  return true;
}

/** A backend call ended: with its answer (the app closes its side, as an HTTP/1.0 client), or null. */
function callEnded(app: WebAppState, pending: Map<number, BackendCall>, key: number, response: HttpResponse | null): boolean {
  const call = pending.get(key);
  if (!call) return false;
  pending.delete(key);
  if (response && pending === app.callsByConn) app.out.close(key);
  call.answered(app, call.origin, response);
  return true;
}

/** The database's answer goes back to Perlbal as it came (200 with the page, or 503), with Perlbal's connection wish; none is a 503. */
function relayPage(app: WebAppState, origin: Origin, answer: HttpResponse | null): void {
  if (!answer) return respond(app.out, origin.connId, origin.request, unavailable);
  const headers = { 'content-length': String(answer.bodyBytes), ...connectionHeader(origin.request) };
  respond(app.out, origin.connId, origin.request, { kind: 'httpResponse', status: answer.status, version: '1.0', headers, bodyBytes: answer.bodyBytes });
}

function respond(out: WebAppState['out'], connId: number, request: HttpRequest, response: HttpResponse): void {
  out.send(connId, response);
  if (!keepsAlive(request, response)) out.close(connId);
}

/** Connection header echoing the request's wish, so keep-alive holds when Perlbal asks for it. */
function connectionHeader(request: HttpRequest): Record<string, string> {
  const wish = connectionWish(request);
  return wish ? { connection: wish } : {};
}

/** The request's `Connection` header in lower case, '' when absent. */
function connectionWish(request: HttpRequest): string {
  return (request.headers.connection ?? '').toLowerCase();
}

/**
 * `X-REPROXY-URL`: the paths space-separated. A single path is the tracker's own string,
 * not a copy: the same string on every request for the file, which Perlbal's parse cache
 * then hashes once (perlbal/reproxyTarget.ts).
 */
function reproxyUrlHeader(paths: readonly string[]): string {
  return paths.length === 1 ? (paths[0] as string) : paths.join(' ');
}

/** The reply to Perlbal for a userpic: reproxy to the paths, or 404 for an unknown key. */
function answerLookup(out: WebAppState['out'], lookup: Origin, reply: TrackerReply): void {
  const found = reply.ok && reply.command === 'get_paths' && reply.paths.length > 0;
  const headers: Record<string, string> = { 'content-length': '0' };
  const wish = connectionWish(lookup.request);
  if (wish) headers['connection'] = wish;
  if (found) headers['x-reproxy-url'] = reproxyUrlHeader((reply as Extract<TrackerReply, { command: 'get_paths' }>).paths);
  const response: HttpResponse = { kind: 'httpResponse', status: found ? 200 : 404, version: '1.0', headers, bodyBytes: 0 };
  respond(out, lookup.connId, lookup.request, response);
}

/**
 * The LiveJournal web application as a Perlbal backend (LiveJournal cgi-bin/Apache/LiveJournal.pm, `userpic_content`): a userpic request
 * asks the MogileFS tracker for the file's paths and answers with `X-REPROXY-URL` listing
 * them (up to two, as get_paths gives), so Perlbal fetches the file from storage itself;
 * other pages are answered directly. Unknown keys get 404.
 *
 * Plain actor logic (`fromProcess`): an Apache child has no state of its own between
 * requests; the one thing with states, the tracker connection, has its lifecycle
 * (trackerLinkLifecycle.ts). As a one-state machine it cost 1.5–3.4 µs per event on a path
 * every reproxied request takes three times.
 */
export const webAppMachine = fromProcess<WebAppState, WebAppEvent, WebAppInput, WebAppEffect>(create, handle);
