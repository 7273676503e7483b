import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import type { TrackerReply, TrackerRequest } from '../mogilefs/trackerMessage.js';

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
}

export const webAppDefaults = {
  port: 8080,
  backlog: 128,
  userpicPrefix: '/userpic/',
  pageBytes: 8_000,
  reconnectMs: 1_000,
} as const;

/** One request waiting for the tracker: which Perlbal connection asked, and with what. */
interface PendingLookup {
  readonly connId: number;
  readonly request: HttpRequest;
}

interface WebAppContext {
  readonly input: WebAppInput;
  trackerConnId: number;
  /** Lookups in the order sent; the tracker answers one connection's requests in order. */
  readonly lookups: PendingLookup[];
  /** Lookups asked for while the tracker connection was down, sent once it is back. */
  readonly waiting: TrackerRequest[];
}

export type WebAppEvent = TcpEvent | { type: 'reconnectTracker' };

const trackerTag = 1;

function respond(connId: number, request: HttpRequest, response: HttpResponse): TcpEffect[] {
  const effects: TcpEffect[] = [{ type: 'tcp.send', connId, message: response }];
  if (!keepsAlive(request, response)) effects.push({ type: 'tcp.close', connId });
  return effects;
}

/** Connection header echoing the request's wish, so keep-alive holds when Perlbal asks for it. */
function connectionHeader(request: HttpRequest): Record<string, string> {
  const wish = (request.headers.connection ?? '').toLowerCase();
  return wish ? { connection: wish } : {};
}

/**
 * The LiveJournal web application as a Perlbal backend (DOMAIN.md §3–4): a userpic request
 * asks the MogileFS tracker for the file's paths and answers with `X-REPROXY-URL` listing
 * them (up to two, as get_paths gives), so Perlbal fetches the file from storage itself;
 * other pages are answered directly. Unknown keys get 404.
 */
export const webAppMachine = setup({
  types: {
    context: {} as WebAppContext,
    input: {} as WebAppInput,
    events: {} as WebAppEvent,
    emitted: {} as TcpEffect,
  },
  actions: {
    start: enqueueActions(({ context, enqueue }) => {
      const { port, backlog, tracker } = context.input;
      enqueue.emit({ type: 'tcp.listen', port, backlog });
      enqueue.emit({ type: 'tcp.connect', host: tracker.host, port: tracker.port, tag: trackerTag });
    }),
    trackerUp: enqueueActions(({ context, event, enqueue }) => {
      context.trackerConnId = (event as Extract<TcpEvent, { type: 'tcp.connected' }>).connId;
      for (const request of context.waiting.splice(0)) enqueue.emit({ type: 'tcp.send', connId: context.trackerConnId, message: request });
    }),
    onMessage: enqueueActions(({ context, event, enqueue }) => {
      const { connId, message } = event as Extract<TcpEvent, { type: 'tcp.message' }>;
      if (connId === context.trackerConnId) {
        const lookup = context.lookups.shift();
        if (lookup) for (const effect of answerLookup(lookup, message as TrackerReply)) enqueue.emit(effect);
        return;
      }
      const request = message as HttpRequest;
      const prefix = context.input.userpicPrefix;
      if (!request.path.startsWith(prefix)) {
        const page: HttpResponse = {
          kind: 'httpResponse', status: 200, version: '1.0',
          headers: { 'content-length': String(context.input.pageBytes), ...connectionHeader(request) }, bodyBytes: context.input.pageBytes,
        };
        for (const effect of respond(connId, request, page)) enqueue.emit(effect);
        return;
      }
      // LiveJournal's userpic handler asks with noverify => 1 (cgi-bin/Apache/LiveJournal.pm,
      // userpic_content, since January 2005): no size check on the storage node's side channel.
      const lookup: TrackerRequest = { kind: 'trackerRequest', command: 'get_paths', args: { key: request.path.slice(prefix.length), noverify: true } };
      context.lookups.push({ connId, request });
      if (context.trackerConnId < 0) context.waiting.push(lookup);
      else enqueue.emit({ type: 'tcp.send', connId: context.trackerConnId, message: lookup });
    }),
    onClosed: enqueueActions(({ context, event, enqueue }) => {
      const { connId } = event as Extract<TcpEvent, { type: 'tcp.peerClosed' | 'tcp.aborted' }>;
      if (event.type === 'tcp.peerClosed') enqueue.emit({ type: 'tcp.close', connId });
      if (connId !== context.trackerConnId) return;
      // The tracker is gone: its pending lookups will not be answered; those clients get 503.
      context.trackerConnId = -1;
      for (const lookup of context.lookups.splice(0)) {
        const failed: HttpResponse = { kind: 'httpResponse', status: 503, version: '1.0', headers: { 'content-length': '0' }, bodyBytes: 0 };
        for (const effect of respond(lookup.connId, lookup.request, failed)) enqueue.emit(effect);
      }
      enqueue.raise({ type: 'reconnectTracker' }, { delay: context.input.reconnectMs, id: 'reconnectTracker' });
    }),
    trackerRefused: enqueueActions(({ context, enqueue }) => {
      enqueue.raise({ type: 'reconnectTracker' }, { delay: context.input.reconnectMs, id: 'reconnectTracker' });
    }),
    reconnectTracker: enqueueActions(({ context, enqueue }) => {
      const { tracker } = context.input;
      enqueue.emit({ type: 'tcp.connect', host: tracker.host, port: tracker.port, tag: trackerTag });
    }),
  },
}).createMachine({
  id: 'webApp',
  context: ({ input }) => ({ input, trackerConnId: -1, lookups: [], waiting: [] }),
  initial: 'serving',
  entry: 'start',
  states: {
    serving: {
      on: {
        'tcp.connected': { actions: 'trackerUp' },
        'tcp.connectFailed': { actions: 'trackerRefused' },
        'tcp.message': { actions: 'onMessage' },
        'tcp.peerClosed': { actions: 'onClosed' },
        'tcp.aborted': { actions: 'onClosed' },
        reconnectTracker: { actions: 'reconnectTracker' },
      },
    },
  },
});

/** The reply to Perlbal for a userpic: reproxy to the paths, or 404 for an unknown key. */
function answerLookup(lookup: PendingLookup, reply: TrackerReply): TcpEffect[] {
  const found = reply.ok && reply.command === 'get_paths' && reply.paths.length > 0;
  const headers: Record<string, string> = { 'content-length': '0', ...connectionHeader(lookup.request) };
  if (found) headers['x-reproxy-url'] = (reply as Extract<TrackerReply, { command: 'get_paths' }>).paths.join(' ');
  const response: HttpResponse = { kind: 'httpResponse', status: found ? 200 : 404, version: '1.0', headers, bodyBytes: 0 };
  return respond(lookup.connId, lookup.request, response);
}
