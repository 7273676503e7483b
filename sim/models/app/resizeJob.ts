import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { HttpRequest, HttpResponse } from '../http/httpMessage.js';
import type { JobWork, JobWorkContext, JobWorkTimeoutEvent } from '../jobhub/jobWork.js';
import type { TrackerReply, TrackerRequest } from '../mogilefs/trackerMessage.js';
import { ndbPagePrefix } from './ndbPageApp.js';

/** Where a resize worker finds the tracker and its own NDB API node, and how long it waits on one exchange. */
export interface ResizeJobInput {
  readonly tracker: { readonly host: string; readonly port: number };
  /** The worker's own API node (a Perl worker held its own DB handle), served as `/post/<tag>/<partition>`. */
  readonly api: { readonly host: string; readonly port: number };
  readonly partitions: number;
  /** MogileFS::Client's per-request timeout (3 s): a dead storage host fails the step, not the worker. */
  readonly stepTimeoutMs: number;
}

/** The key the resized copy of `key` is stored under. */
export function resizedKey(key: string): string {
  return `${key}.resized`;
}

/** Rows written by resize jobs have tags from here on (fid added), apart from pages' tags. */
export const jobRowTagBase = 1_000_000_000;

/** An exchange in flight: a tracker request on the job's tracker connection, or an HTTP request on a connection of its own. */
interface Exchange {
  readonly tag: number;
  connId: number;
  readonly request: TrackerRequest | HttpRequest;
  readonly answered: (reply: unknown) => void;
}

const get = (path: string): HttpRequest => ({ kind: 'httpRequest', method: 'GET', path, version: '1.0', headers: {}, bodyBytes: 0 });

/**
 * The resize job of an upload (`<key>:<fid>`), as LiveJournal's Gearman worker did it: read
 * the file (tracker `get_paths`, GET from the first storage node that answers), store a
 * resized copy of half its bytes (`create_open`, PUT, `create_close`, as MogileFS::Client's
 * store_file), and record it in one NDB transaction through the worker's own API node. Each
 * exchange is a connection of its own (HTTP/1.0 without keep-alive) bounded by
 * `stepTimeoutMs`; any failure ends the job with WORK_FAIL.
 */
export class ResizeJob implements JobWork {
  private exchange: Exchange | null = null;
  private step = 0;
  private readonly key: string;
  private readonly fid: number;

  constructor(private readonly input: ResizeJobInput, data: string, private readonly context: JobWorkContext) {
    const colon = data.lastIndexOf(':');
    this.key = data.slice(0, colon);
    this.fid = Number(data.slice(colon + 1));
    this.ask({ kind: 'trackerRequest', command: 'get_paths', args: { key: this.key, noverify: true } }, (reply) => this.read(reply as TrackerReply, 0));
  }

  handle(event: TcpEvent): boolean {
    const exchange = this.exchange;
    if (!exchange) return false;
    if (event.type === 'tcp.connected' || event.type === 'tcp.connectFailed') {
      if (event.tag !== exchange.tag) return false;
      if (event.type === 'tcp.connectFailed') return this.end(null), true;
      exchange.connId = event.connId;
      this.context.out.send(event.connId, exchange.request);
      return true;
    }
    if (event.type === 'tcp.accepted' || event.connId !== exchange.connId) return false;
    if (event.type === 'tcp.aborted') exchange.connId = -1;
    this.end(event.type === 'tcp.message' ? event.message : null);
    return true;
  }

  timeout(event: JobWorkTimeoutEvent): void {
    if (event.step === this.step) this.end(null);
  }

  abort(): void {
    const exchange = this.exchange;
    this.exchange = null;
    this.context.out.cancelTimer('jobWork');
    if (exchange && exchange.connId >= 0) this.context.out.close(exchange.connId);
  }

  /** Reads the file from path `index` of the tracker's answer, the next one when that fails. */
  private read(reply: TrackerReply | null, index: number): void {
    const paths = reply?.ok && reply.command === 'get_paths' ? reply.paths : [];
    const path = paths[index];
    if (!path) return this.fail('read');
    const url = new URL(path);
    this.call(url.hostname, Number(url.port), get(url.pathname), (response) => {
      if (response?.status === 200) return this.open(Math.max(1, Math.floor(response.bodyBytes / 2)));
      this.read(reply, index + 1);
    });
  }

  /** Asks the tracker where to store the resized copy. */
  private open(sizeBytes: number): void {
    this.ask({ kind: 'trackerRequest', command: 'create_open', args: { key: resizedKey(this.key), sizeBytes } }, (answer) => {
      const reply = answer as TrackerReply | null;
      if (!reply?.ok || reply.command !== 'create_open') return this.fail('store');
      const url = new URL(reply.path);
      const put: HttpRequest = { kind: 'httpRequest', method: 'PUT', path: url.pathname, version: '1.0', headers: {}, bodyBytes: sizeBytes };
      this.call(url.hostname, Number(url.port), put, (response) => {
        if (!response || response.status < 200 || response.status >= 300) return this.fail('store');
        const close: TrackerRequest = { kind: 'trackerRequest', command: 'create_close', args: { fid: reply.fid, device: reply.device, sizeBytes } };
        this.ask(close, (closed) => ((closed as TrackerReply | null)?.ok ? this.record() : this.fail('store')));
      });
    });
  }

  /** The copy is stored: one transaction writes its row through the worker's API node. */
  private record(): void {
    this.context.out.emit({ type: 'jobWork.step', func: 'resize', step: 'stored', ok: true });
    const path = `${ndbPagePrefix}${jobRowTagBase + this.fid}/${this.fid % this.input.partitions}`;
    this.call(this.input.api.host, this.input.api.port, get(path), (response) => {
      if (response?.status !== 200) return this.fail('recorded');
      this.context.out.emit({ type: 'jobWork.step', func: 'resize', step: 'recorded', ok: true });
      this.context.finish(true);
    });
  }

  private fail(step: string): void {
    this.context.out.emit({ type: 'jobWork.step', func: 'resize', step, ok: false });
    this.context.finish(false);
  }

  private ask(request: TrackerRequest, answered: (reply: unknown) => void): void {
    this.start(this.input.tracker.host, this.input.tracker.port, request, answered);
  }

  private call(host: string, port: number, request: HttpRequest, answered: (response: HttpResponse | null) => void): void {
    this.start(host, port, request, answered as (reply: unknown) => void);
  }

  /** One exchange on a new connection, its timer started; the tracker too takes one connection per request here. */
  private start(host: string, port: number, request: TrackerRequest | HttpRequest, answered: (reply: unknown) => void): void {
    const tag = this.context.nextTag();
    this.exchange = { tag, connId: -1, request, answered };
    this.step++;
    this.context.out.emit({ type: 'tcp.connect', host, port, tag });
    this.context.out.startTimer('jobWork', this.input.stepTimeoutMs, { type: 'jobWork.timeout', step: this.step });
  }

  /** The exchange ended with `reply` (null: failed or timed out): close our side, go on. */
  private end(reply: unknown): void {
    const exchange = this.exchange;
    if (!exchange) return;
    this.abort();
    exchange.answered(reply);
  }
}

/** The worker's work plan for `resize` jobs (worker.ts `work`). */
export function resizeJobPlan(input: ResizeJobInput) {
  return (_func: string, data: string, context: JobWorkContext): JobWork => new ResizeJob(input, data, context);
}
