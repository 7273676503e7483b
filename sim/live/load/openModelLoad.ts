import { Agent, get, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { intendedTimesMs } from './intendedTimes.js';
import { createLatencyHistogram, summarizeLatencyUs, type LoadResult } from './loadResult.js';
import { countError, errorKindOf, statusKindOf, type RequestErrorKind } from './requestErrorKind.js';

/**
 * How requests travel: `keepalive` reuses idle connections but never waits for a busy one
 * (an agent without a socket limit opens another), so a slow response delays no later
 * request; `close` opens a new connection per request, as the incident's browsers did.
 */
export type AgentPolicy = 'keepalive' | 'close';

/** Settings of the open-model driver (`sim load http --rate` or `--load`). */
export interface OpenLoadSettings {
  readonly url: string;
  readonly durationMs: number;
  /** Requests per second due at `tMs` from the start (a constant, or a load shape's rate). */
  readonly ratePerSecAt: (tMs: number) => number;
  /** The rate as the user gave it, for the result's settings. */
  readonly loadText: string;
  /** Requests allowed in flight at once; a request due while this many are open is dropped. */
  readonly maxInFlight: number;
  /** A request with no complete response after this long fails as `timeout`. */
  readonly timeoutMs: number;
  readonly agent: AgentPolicy;
  /** Told when the schedule starts (second 0) and after every further second, with the totals so far. */
  readonly onProgress?: (second: number, totals: { ok: number; failed: number; dropped: number }) => void;
}

/** What happened to the requests due in one second of the run. */
export interface OpenLoadSecond {
  readonly second: number;
  intended: number;
  ok: number;
  failed: number;
  dropped: number;
  readonly errorsByKind: Record<string, number>;
}

/** The open-model driver's result: the drivers' common shape plus what only it knows. */
export interface OpenLoadResult extends LoadResult {
  readonly model: 'open';
  /** Requests due by the schedule: sent + dropped. */
  readonly intended: number;
  readonly sent: number;
  /** Due while `maxInFlight` requests were open, so never sent (k6's dropped_iterations). */
  readonly dropped: number;
  readonly errorsByKind: Readonly<Record<string, number>>;
  /** The due time (ms from the start) of the first request that failed with each kind. */
  readonly firstErrorMs: Readonly<Record<string, number>>;
  /** By the second each request was due. */
  readonly perSecond: readonly OpenLoadSecond[];
}

/**
 * An open-model HTTP load: requests are sent at their due times whether or not earlier ones
 * came back, and latency is measured from the due time, not from the send, so a stalled
 * server shows in the percentiles instead of slowing the load down (coordinated omission,
 * as wrk2 and k6's arrival-rate executors avoid it). Latency counts every response that
 * came back, whatever its status; requests without a response count only by error kind.
 */
export async function runOpenModelLoad(settings: OpenLoadSettings): Promise<OpenLoadResult> {
  const run = new OpenLoadRun(settings);
  const stopProgress = run.reportProgress();
  await run.sendOnSchedule();
  await run.drained();
  stopProgress();
  run.agent?.destroy();
  return run.result();
}

class OpenLoadRun {
  readonly agent: Agent | undefined;
  private readonly histogram = createLatencyHistogram();
  private readonly seconds: OpenLoadSecond[] = [];
  private readonly errorsByKind: Record<string, number> = {};
  private readonly firstErrorMs: Record<string, number> = {};
  private readonly startMs = performance.now();
  private inFlight = 0;
  private sent = 0;
  private dropped = 0;
  private completed = 0;
  private errors = 0;
  private onIdle: (() => void) | null = null;

  constructor(private readonly settings: OpenLoadSettings) {
    this.agent = settings.agent === 'keepalive' ? new Agent({ keepAlive: true, maxSockets: Infinity }) : undefined;
  }

  /** Calls `onProgress` now and once a second until the returned function is called. */
  reportProgress(): () => void {
    const onProgress = this.settings.onProgress;
    if (!onProgress) return () => undefined;
    let second = 0;
    const report = (): void => onProgress(second++, { ok: this.completed, failed: this.errors, dropped: this.dropped });
    report();
    const timer = setInterval(report, 1_000);
    return () => clearInterval(timer);
  }

  private nowMs(): number {
    return performance.now() - this.startMs;
  }

  /** Sends every request when it is due (the timers wake at the next due time, then send all that are due). */
  sendOnSchedule(): Promise<void> {
    const schedule = intendedTimesMs(this.settings.ratePerSecAt, this.settings.durationMs);
    let next = schedule.next();
    return new Promise((resolve) => {
      const tick = (): void => {
        while (!next.done && next.value <= this.nowMs()) {
          this.issue(next.value);
          next = schedule.next();
        }
        if (next.done) return resolve();
        setTimeout(tick, Math.max(0, next.value - this.nowMs()));
      };
      tick();
    });
  }

  drained(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => (this.onIdle = resolve));
  }

  private secondOf(dueMs: number): OpenLoadSecond {
    const second = Math.floor(dueMs / 1_000);
    for (let index = this.seconds.length; index <= second; index++) {
      this.seconds.push({ second: index, intended: 0, ok: 0, failed: 0, dropped: 0, errorsByKind: {} });
    }
    return this.seconds[second]!;
  }

  private issue(dueMs: number): void {
    const second = this.secondOf(dueMs);
    second.intended++;
    if (this.inFlight >= this.settings.maxInFlight) {
      this.dropped++;
      second.dropped++;
      return;
    }
    this.inFlight++;
    this.sent++;
    let ended = false;
    const end = (status: number | null, error?: { code?: string }): void => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      this.finish(dueMs, second, status, error);
    };
    const request = get(this.settings.url, { agent: this.agent ?? false }, (response: IncomingMessage) => {
      response.on('error', (error: NodeJS.ErrnoException) => end(null, error));
      response.on('end', () => end(response.statusCode ?? 0));
      response.resume();
    });
    request.on('error', (error: NodeJS.ErrnoException) => end(null, error));
    const timer = setTimeout(() => {
      end(null, { code: 'ETIMEDOUT' });
      request.destroy();
    }, this.settings.timeoutMs);
  }

  private finish(dueMs: number, second: OpenLoadSecond, status: number | null, error?: { code?: string }): void {
    this.inFlight--;
    if (status !== null) this.histogram.recordValue(Math.max(1, Math.round((this.nowMs() - dueMs) * 1_000)));
    const kind: RequestErrorKind | null = status === null ? errorKindOf(error) : statusKindOf(status);
    if (kind === null) {
      this.completed++;
      second.ok++;
    } else {
      this.errors++;
      second.failed++;
      countError(this.errorsByKind, kind);
      countError(second.errorsByKind, kind);
      if (!(kind in this.firstErrorMs)) this.firstErrorMs[kind] = Math.round(dueMs);
    }
    if (this.inFlight === 0) this.onIdle?.();
  }

  result(): OpenLoadResult {
    const { url, durationMs, loadText, maxInFlight, timeoutMs, agent } = this.settings;
    return {
      tool: 'http',
      model: 'open',
      target: url,
      settings: { url, load: loadText, durationMs, maxInFlight, timeoutMs, agent },
      durationMs,
      completed: this.completed,
      ratePerSec: Math.round(this.completed / (durationMs / 1_000)),
      errors: this.errors,
      latencyMs: summarizeLatencyUs(this.histogram),
      intended: this.sent + this.dropped,
      sent: this.sent,
      dropped: this.dropped,
      errorsByKind: { ...this.errorsByKind },
      firstErrorMs: { ...this.firstErrorMs },
      perSecond: this.seconds,
    };
  }
}
