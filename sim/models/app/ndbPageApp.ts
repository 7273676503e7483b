import type { ProcessEffect } from '../../contract/processEffect.js';
import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { ApiNodeState, type ApiNodeInput, type ApiNodeTimer, type TxnEnd } from '../ndb/apiNodeState.js';
import { isNdbMessage } from '../ndb/ndbMessage.js';
import type { NdbRecord } from '../ndb/ndbRecord.js';

/** Input of {@link ndbPageAppLogic}: an API node's, plus the HTTP side. */
export interface NdbPageAppInput extends ApiNodeInput {
  readonly httpPort: number;
  /** Listen backlog of the HTTP port. */
  readonly httpListenBacklog: number;
  /** Size of a page once its row is there. */
  readonly pageBytes: number;
}

/** The HTTP side's defaults; the backlog is the model's choice, ample for one browser host. */
export const ndbPageAppDefaults = { httpPort: 8080, httpListenBacklog: 1_024, pageBytes: 8_000 } as const;

/** Pages that need a row: `/post/<tag>/<partition>` writes the row of post `tag`. */
export const ndbPagePrefix = '/post/';

type NdbPageAppEvent = TcpEvent | ApiNodeTimer;

/**
 * A web application backend whose pages need a row from MySQL Cluster: the process is an
 * NDB API node (as a mysqld beside the app was). Each page runs one transaction through
 * {@link ApiNodeState}, with its retries on temporary errors (MySQL Cluster manual); the page is
 * 200 once the transaction commits and 503 once the retries are used up, so a data node
 * dying shows to the browser as a slower page, not an error, while its group lives.
 */
export class NdbPageApp {
  readonly api: ApiNodeState;
  /** The HTTP request waiting on each transaction, by transaction tag. */
  private readonly waiting = new Map<number, { readonly connId: number; readonly request: HttpRequest }>();

  constructor(private readonly input: NdbPageAppInput) {
    this.api = new ApiNodeState(input, (end) => this.answer(end));
    this.out.emit({ type: 'tcp.listen', port: input.httpPort, backlog: input.httpListenBacklog });
  }

  /** The API node's outbox is the process's: pages and transactions share one ordered stream of effects. */
  get out(): ApiNodeState['out'] {
    return this.api.out;
  }

  handle(event: NdbPageAppEvent): void {
    if (event.type === 'tcp.message' && !isNdbMessage(event.message)) {
      this.startPage(event.connId, event.message as HttpRequest);
      return;
    }
    if (event.type === 'tcp.peerClosed') {
      // A browser closed its connection, or a data node the one it sent on: close this end too.
      if (this.api.transporter.lost(event.connId) === null) this.out.close(event.connId);
      return;
    }
    this.api.handle(event);
  }

  /** A page request: start its row's transaction, or answer 404 for a path that names none. */
  private startPage(connId: number, request: HttpRequest): void {
    const match = request.path.startsWith(ndbPagePrefix) ? /^(\d+)\/(\d+)$/.exec(request.path.slice(ndbPagePrefix.length)) : null;
    const tag = match ? Number(match[1]) : NaN;
    const partition = match ? Number(match[2]) : NaN;
    if (!match || partition >= this.input.settings.partitions || this.waiting.has(tag)) {
      this.respond(connId, request, 404, 0);
      return;
    }
    this.waiting.set(tag, { connId, request });
    this.api.start(tag, partition);
  }

  /** A page's transaction ended: 200 with the page once it committed, 503 once its retries were used up. */
  private answer(end: TxnEnd): void {
    const page = this.waiting.get(end.tag);
    if (!page) return;
    this.waiting.delete(end.tag);
    const ok = end.type === 'txn.committed';
    this.respond(page.connId, page.request, ok ? 200 : 503, ok ? this.input.pageBytes : 0);
  }

  private respond(connId: number, request: HttpRequest, status: number, bodyBytes: number): void {
    const response: HttpResponse = { kind: 'httpResponse', status, version: '1.0', headers: { 'content-length': String(bodyBytes) }, bodyBytes };
    this.out.send(connId, response);
    if (!keepsAlive(request, response)) this.out.close(connId);
  }
}

/**
 * The page app's process: it routes HTTP requests to pages and everything else to its API
 * node; transition logic, not a one-state machine (contract/processLogic.ts says why).
 */
export const ndbPageAppLogic = fromProcess<NdbPageApp, NdbPageAppEvent, NdbPageAppInput, ProcessEffect<NdbRecord, ApiNodeTimer>>(
  (input) => new NdbPageApp(input),
  (app, event) => app.handle(event),
);
