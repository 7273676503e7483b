import { enqueueActions, setup } from 'xstate';
import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { ApiNodeState, type ApiNodeInput, type ApiNodeTimer } from '../ndb/apiNodeState.js';
import { flushEffects, type NdbRecord } from '../ndb/ndbEffect.js';
import { isNdbMessage } from '../ndb/ndbMessage.js';
import { ndbPorts } from '../ndb/ndbSettings.js';

/** Input of {@link ndbPageAppMachine}: an API node's, plus the HTTP side. */
export interface NdbPageAppInput extends ApiNodeInput {
  readonly httpPort: number;
  /** Size of a page once its row is there. */
  readonly pageBytes: number;
}

export const ndbPageAppDefaults = { httpPort: 8080, pageBytes: 8_000 } as const;

/** Pages that need a row: `/post/<tag>/<partition>` writes the row of post `tag`. */
export const ndbPagePrefix = '/post/';

interface NdbPageAppContext {
  readonly input: NdbPageAppInput;
  readonly api: ApiNodeState;
  /** The HTTP request waiting on each transaction, by transaction tag. */
  readonly waiting: Map<number, { readonly connId: number; readonly request: HttpRequest }>;
}

type NdbPageAppEvent = TcpEvent | ApiNodeTimer;

function respond(connId: number, request: HttpRequest, status: number, bodyBytes: number): TcpEffect[] {
  const response: HttpResponse = { kind: 'httpResponse', status, version: '1.0', headers: { 'content-length': String(bodyBytes) }, bodyBytes };
  const effects: TcpEffect[] = [{ type: 'tcp.send', connId, message: response }];
  if (!keepsAlive(request, response)) effects.push({ type: 'tcp.close', connId });
  return effects;
}

/**
 * A web application backend whose pages need a row from MySQL Cluster: the process is an
 * NDB API node (as a mysqld beside the app was). Each page runs one transaction through
 * {@link ApiNodeState}, with its retries on temporary errors (DOMAIN.md §5); the page is
 * 200 once the transaction commits and 503 once the retries are used up, so a data node
 * dying shows to the browser as a slower page, not an error, while its group lives.
 */
export const ndbPageAppMachine = setup({
  types: {
    context: {} as NdbPageAppContext,
    input: {} as NdbPageAppInput,
    events: {} as NdbPageAppEvent,
    emitted: {} as TcpEffect | NdbRecord,
  },
  actions: {
    start: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'tcp.listen', port: ndbPorts.api, backlog: 128 });
      enqueue.emit({ type: 'tcp.listen', port: context.input.httpPort, backlog: 1_024 });
      flushEffects(context.api.effects, enqueue);
    }),
    step: enqueueActions(({ context, event, enqueue }) => {
      const { api, waiting } = context;
      switch (event.type) {
        case 'tcp.message':
          if (isNdbMessage(event.message)) api.receive(event.message);
          else startPage(context, event.connId, event.message as HttpRequest, enqueue.emit);
          break;
        case 'tcp.connected': api.transporter.connected(event.tag, event.connId); break;
        case 'tcp.connectFailed': api.transporter.connectFailed(event.tag); break;
        case 'tcp.aborted': api.disconnected(api.transporter.lost(event.connId)); break;
        case 'tcp.peerClosed':
          if (api.transporter.lost(event.connId) === null) enqueue.emit({ type: 'tcp.close', connId: event.connId });
          break;
        case 'api.retry': api.retry(event.tag); break;
        case 'api.timeout': api.timeout(event.txnId); break;
        case 'api.tick': api.tick(); break;
        default: break;
      }
      // Pages whose transaction ended are answered; the records still go to the host.
      for (const effect of api.effects) {
        if (effect.type !== 'txn.committed' && effect.type !== 'txn.failedAfterRetries') continue;
        const page = waiting.get(effect.tag);
        if (!page) continue;
        waiting.delete(effect.tag);
        const ok = effect.type === 'txn.committed';
        for (const tcp of respond(page.connId, page.request, ok ? 200 : 503, ok ? context.input.pageBytes : 0)) enqueue.emit(tcp);
      }
      flushEffects(api.effects, enqueue);
    }),
  },
}).createMachine({
  id: 'ndbPageApp',
  context: ({ input }) => ({ input, api: new ApiNodeState(input), waiting: new Map() }),
  entry: 'start',
  initial: 'serving',
  states: {
    serving: {
      on: {
        'tcp.message': { actions: 'step' },
        'tcp.connected': { actions: 'step' },
        'tcp.connectFailed': { actions: 'step' },
        'tcp.aborted': { actions: 'step' },
        'tcp.peerClosed': { actions: 'step' },
        'api.retry': { actions: 'step' },
        'api.timeout': { actions: 'step' },
        'api.tick': { actions: 'step' },
      },
    },
  },
});

/** A page request: start its row's transaction, or answer 404 for a path that names none. */
function startPage(context: NdbPageAppContext, connId: number, request: HttpRequest, emit: (effect: TcpEffect) => void): void {
  const match = request.path.startsWith(ndbPagePrefix) ? /^(\d+)\/(\d+)$/.exec(request.path.slice(ndbPagePrefix.length)) : null;
  const tag = match ? Number(match[1]) : NaN;
  const partition = match ? Number(match[2]) : NaN;
  if (!match || partition >= context.input.settings.partitions || context.waiting.has(tag)) {
    for (const effect of respond(connId, request, 404, 0)) emit(effect);
    return;
  }
  context.waiting.set(tag, { connId, request });
  context.api.start(tag, partition);
}
