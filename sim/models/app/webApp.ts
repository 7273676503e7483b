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

export type WebAppEvent = TcpEvent | ReconnectTrackerEvent;
export type WebAppEffect = ProcessEffect<never, ReconnectTrackerEvent>;

/** One request waiting for the tracker: which Perlbal connection asked, and with what. */
interface PendingLookup {
  readonly connId: number;
  readonly request: HttpRequest;
}

interface WebAppState {
  readonly out: Outbox<never, ReconnectTrackerEvent>;
  readonly input: WebAppInput;
  /** The tracker connection's lifecycle state (trackerLinkLifecycle.ts). */
  tracker: TrackerLinkState;
  /** Its connection id while `connected`. */
  trackerConnId: number;
  /** Lookups in the order sent; the tracker answers one connection's requests in order. */
  readonly lookups: PendingLookup[];
  /** Lookups asked for while the tracker connection was down, sent once it is back. */
  readonly waiting: TrackerRequest[];
  /** Page requests sent on to `pages`, by connect tag until connected, then by connection id. */
  readonly pagesByTag: Map<number, PendingLookup>;
  readonly pagesByConn: Map<number, PendingLookup>;
}

const reconnectEvent: ReconnectTrackerEvent = { type: 'webApp.reconnectTracker' };

function moveTracker(app: WebAppState, event: TrackerLinkEvent): void {
  app.tracker = trackerLinkLifecycle.next(app.tracker, event);
}

function create(input: WebAppInput): WebAppState {
  const app: WebAppState = { out: new Outbox(), input, tracker: trackerLinkLifecycle.start(), trackerConnId: -1, lookups: [], waiting: [],
    pagesByTag: new Map(), pagesByConn: new Map(),
  };
  app.out.emit({ type: 'tcp.listen', port: input.port, backlog: input.backlog });
  app.out.connect(input.tracker.host, input.tracker.port);
  return app;
}

function handle(app: WebAppState, event: WebAppEvent): void {
  switch (event.type) {
    case 'tcp.connected':
      if (pageConnected(app, event.tag, event.connId)) return;
      return trackerUp(app, event.connId);
    case 'tcp.connectFailed':
      if (pageFailed(app, app.pagesByTag, event.tag)) return;
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
  const page = app.pagesByConn.get(connId);
  if (page) {
    app.pagesByConn.delete(connId);
    return relayPage(app.out, page, message as HttpResponse);
  }
  if (app.tracker === 'connected' && connId === app.trackerConnId) {
    const lookup = app.lookups.shift();
    if (lookup) answerLookup(app.out, lookup, message as TrackerReply);
    return;
  }
  const request = message as HttpRequest;
  const prefix = app.input.userpicPrefix;
  const pages = app.input.pages;
  if (pages && request.path.startsWith(pages.prefix)) {
    app.pagesByTag.set(app.out.connect(pages.host, pages.port), { connId, request });
    return;
  }
  if (!request.path.startsWith(prefix)) {
    const page: HttpResponse = {
      kind: 'httpResponse', status: 200, version: '1.0',
      headers: { 'content-length': String(app.input.pageBytes), ...connectionHeader(request) }, bodyBytes: app.input.pageBytes,
    };
    return respond(app.out, connId, request, page);
  }
  // LiveJournal's userpic handler asks with noverify => 1 (cgi-bin/Apache/LiveJournal.pm,
  // userpic_content, since January 2005): no size check on the storage node's side channel.
  const lookup: TrackerRequest = { kind: 'trackerRequest', command: 'get_paths', args: { key: request.path.slice(prefix.length), noverify: true } };
  app.lookups.push({ connId, request });
  if (app.tracker === 'connected') app.out.send(app.trackerConnId, lookup);
  else app.waiting.push(lookup);
}

function onClosed(app: WebAppState, connId: number, peerClosed: boolean): void {
  if (peerClosed) app.out.close(connId);
  if (pageFailed(app, app.pagesByConn, connId)) return;
  if (app.tracker !== 'connected' || connId !== app.trackerConnId) return;
  // The tracker is gone: its pending lookups will not be answered; those clients get 503.
  moveTracker(app, 'LOST');
  app.trackerConnId = -1;
  for (const lookup of app.lookups.splice(0)) {
    const failed: HttpResponse = { kind: 'httpResponse', status: 503, version: '1.0', headers: { 'content-length': '0' }, bodyBytes: 0 };
    respond(app.out, lookup.connId, lookup.request, failed);
  }
  app.out.startTimer(reconnectEvent.type, app.input.reconnectMs, reconnectEvent);
}

/** The page's database connection is up: ask for the page, once, without keep-alive. */
function pageConnected(app: WebAppState, tag: number, connId: number): boolean {
  const page = app.pagesByTag.get(tag);
  if (!page) return false;
  app.pagesByTag.delete(tag);
  app.pagesByConn.set(connId, page);
  app.out.send(connId, { ...page.request, version: '1.0', headers: {} } satisfies HttpRequest);
  return true;
}

/** The database could not be reached or went away before answering: the page is a 503. */
function pageFailed(app: WebAppState, pending: Map<number, PendingLookup>, key: number): boolean {
  const page = pending.get(key);
  if (!page) return false;
  pending.delete(key);
  const failed: HttpResponse = { kind: 'httpResponse', status: 503, version: '1.0', headers: { 'content-length': '0' }, bodyBytes: 0 };
  respond(app.out, page.connId, page.request, failed);
  return true;
}

/** The database's answer goes back to Perlbal as it came (200 with the page, or 503), with Perlbal's connection wish. */
function relayPage(out: WebAppState['out'], page: PendingLookup, answer: HttpResponse): void {
  const headers = { 'content-length': String(answer.bodyBytes), ...connectionHeader(page.request) };
  respond(out, page.connId, page.request, { kind: 'httpResponse', status: answer.status, version: '1.0', headers, bodyBytes: answer.bodyBytes });
}

function respond(out: WebAppState['out'], connId: number, request: HttpRequest, response: HttpResponse): void {
  out.send(connId, response);
  if (!keepsAlive(request, response)) out.close(connId);
}

/** Connection header echoing the request's wish, so keep-alive holds when Perlbal asks for it. */
function connectionHeader(request: HttpRequest): Record<string, string> {
  const wish = (request.headers.connection ?? '').toLowerCase();
  return wish ? { connection: wish } : {};
}

/** The reply to Perlbal for a userpic: reproxy to the paths, or 404 for an unknown key. */
function answerLookup(out: WebAppState['out'], lookup: PendingLookup, reply: TrackerReply): void {
  const found = reply.ok && reply.command === 'get_paths' && reply.paths.length > 0;
  const headers: Record<string, string> = { 'content-length': '0', ...connectionHeader(lookup.request) };
  if (found) headers['x-reproxy-url'] = (reply as Extract<TrackerReply, { command: 'get_paths' }>).paths.join(' ');
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
