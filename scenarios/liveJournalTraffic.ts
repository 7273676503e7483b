import type { Kernel } from '../sim/kernel/kernel.js';
import { webAppDefaults } from '../sim/models/app/webApp.js';
import { ndbPagePrefix } from '../sim/models/app/ndbPageApp.js';
import type { HttpClientReport } from '../sim/models/http/httpClient.js';
import type { HttpRequest } from '../sim/models/http/httpMessage.js';
import type { JobClientReport } from '../sim/models/jobhub/client.js';
import type { Metrics } from '../sim/report/metrics.js';
import { shapeSchedule, startArrivals } from '../sim/scenario/arrivalSchedule.js';
import type { LoadShape } from '../sim/scenario/loadShape.js';
import { RequestLedger } from '../sim/scenario/requestLedger.js';
import { uploadPrefix, type LiveJournalStack } from '../sim/topology/liveJournalStack.js';

/** What a browser asks for: a page (one NDB transaction), a userpic (reproxied from MogileFS), an upload (stored, then a resize job). */
export type RequestKind = 'pages' | 'userpics' | 'uploads';
export const requestKinds: readonly RequestKind[] = ['pages', 'userpics', 'uploads'];

/** The request mix: shares of all arrivals, in percent; userpics take the rest. */
export interface Mix {
  readonly pagesPercent: number;
  readonly uploadsPercent: number;
  readonly files: number;
  readonly partitions: number;
}

/** Per kind: how its requests ended so far, and their latencies under `http.<kind>.latency`. */
interface KindCounts {
  ok: number;
  failed: number;
}

/**
 * The browsers' side of the run: every HTTP request in one ledger (`http.requests`), each
 * one's kind, and what each kind got; uploads as background jobs and how the hub took them.
 */
export class Traffic {
  readonly ledger: RequestLedger;
  readonly counts: Record<RequestKind, KindCounts> = { pages: { ok: 0, failed: 0 }, userpics: { ok: 0, failed: 0 }, uploads: { ok: 0, failed: 0 } };
  /** Resize jobs the web hosts' Gearman clients got a handle for, and lost before one. */
  readonly jobs = { created: 0, lost: 0 };
  private kinds = new Uint8Array(1024);
  private startsUs = new Float64Array(1024);
  /** Each pending request, by tag, until its browser has sent it. */
  private readonly requests = new Map<number, HttpRequest>();

  constructor(private readonly kernel: Kernel, private readonly metrics: Metrics) {
    this.ledger = new RequestLedger(metrics, 'http.requests');
  }

  /** The request of browser connection `tag`. */
  requestOf = (tag: number): HttpRequest => {
    const request = this.requests.get(tag)!;
    this.requests.delete(tag);
    return request;
  };

  /** Request `tag` of `kind` starts now. */
  begin(tag: number, kind: RequestKind, request: HttpRequest): void {
    if (tag >= this.kinds.length) {
      const kinds = new Uint8Array(this.kinds.length * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const startsUs = new Float64Array(this.startsUs.length * 2);
      startsUs.set(this.startsUs);
      this.startsUs = startsUs;
    }
    this.kinds[tag] = requestKinds.indexOf(kind);
    this.startsUs[tag] = this.kernel.nowUs;
    this.requests.set(tag, request);
    this.ledger.begin(tag, this.kernel.nowUs);
  }

  onHttp = (report: HttpClientReport): void => {
    const { ledger, kernel } = this;
    switch (report.type) {
      case 'http.response': {
        const tag = ledger.tagOf(report.connId);
        ledger.release(report.connId);
        return this.end(tag, report.status >= 200 && report.status < 300 ? null : String(report.status), kernel.nowUs);
      }
      case 'http.connectFailed':
        return this.end(report.tag, report.errno, kernel.nowUs);
      case 'http.noResponse': {
        const tag = ledger.tagOf(report.connId);
        ledger.release(report.connId);
        return this.end(tag, report.reason, kernel.nowUs);
      }
    }
  };

  onUpload = (report: JobClientReport): void => {
    if (report.type === 'job.created') this.jobs.created++;
    if (report.type === 'job.lost') this.jobs.lost++;
  };

  /** Puts `http.requests.*`, `http.<kind>.ok/failed` and `jobs.created/lost` into the metrics. */
  flush(): void {
    this.ledger.flush();
    for (const kind of requestKinds) {
      this.metrics.set(`http.${kind}.ok`, this.counts[kind].ok);
      this.metrics.set(`http.${kind}.failed`, this.counts[kind].failed);
    }
    this.metrics.set('jobs.created', this.jobs.created);
    this.metrics.set('jobs.lostBeforeCreated', this.jobs.lost);
  }

  /** Ends request `tag`: `reason` null for success. A second end is the ledger's to count. */
  private end(tag: number, reason: string | null, nowUs: number): void {
    if (tag < 0 || tag >= this.ledger.attempted) return;
    const before = this.ledger.ok + this.ledger.failed;
    if (reason === null) this.ledger.succeed(tag, nowUs);
    else this.ledger.fail(tag, reason, nowUs);
    if (this.ledger.ok + this.ledger.failed === before) return;
    const kind = requestKinds[this.kinds[tag]!]!;
    if (reason === null) this.counts[kind].ok++;
    else this.counts[kind].failed++;
    this.metrics.recordUs(`http.${kind}.latency`, nowUs - this.startsUs[tag]!);
  }
}

/** Userpic sizes around 20 KB, spread deterministically. */
export function fileSizeBytes(index: number): number {
  return 16_000 + ((index * 7_919) % 8_000);
}

/** The request of arrival `tag` for a draw of the mix in [0, 100). */
function requestFor(tag: number, draw: number, mix: Mix, pick: { int(low: number, high: number): number }): { kind: RequestKind; request: HttpRequest } {
  const get = (path: string): HttpRequest => ({ kind: 'httpRequest', method: 'GET', path, version: '1.0', headers: {}, bodyBytes: 0 });
  if (draw < mix.uploadsPercent) {
    return { kind: 'uploads', request: { ...get(`${uploadPrefix}new${tag}`), method: 'PUT', bodyBytes: fileSizeBytes(tag) } };
  }
  if (draw < mix.uploadsPercent + mix.pagesPercent) return { kind: 'pages', request: get(`${ndbPagePrefix}${tag}/${pick.int(0, mix.partitions - 1)}`) };
  return { kind: 'userpics', request: get(`${webAppDefaults.userpicPrefix}pic${pick.int(0, mix.files - 1)}`) };
}

/**
 * The load: arrivals follow `shape` (an open model, seeded); each is a page, an upload or a
 * userpic by the mix, drawn from its own stream, sent by the browsers round-robin to Perlbal
 * on a new connection each.
 */
export function startTraffic(kernel: Kernel, stack: LiveJournalStack, traffic: Traffic, shape: LoadShape, mix: Mix, durationMs: number): void {
  const pick = kernel.stream('livejournal.mix');
  const { clients, proxyEndpoint } = stack.reproxy;
  startArrivals(kernel, shapeSchedule(kernel, shape, durationMs), 'request', (tag) => {
    const { kind, request } = requestFor(tag, pick.float() * 100, mix, pick);
    traffic.begin(tag, kind, request);
    const socket = clients[tag % clients.length]!.connect(proxyEndpoint, tag);
    if (socket) traffic.ledger.carry(socket.connId, tag);
  });
}
