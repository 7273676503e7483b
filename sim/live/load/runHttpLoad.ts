import autocannon from 'autocannon';
import type { LoadResult } from './loadResult.js';
import { countError, errorKindOf, statusKindOf } from './requestErrorKind.js';

/** Settings of `sim load http --connections` (autocannon's closed model). */
export interface HttpLoadSettings {
  readonly url: string;
  readonly connections: number;
  readonly durationMs: number;
  /** Requests in flight per connection (autocannon's `pipelining`). */
  readonly pipelining: number;
  /**
   * autocannon's `overallRate` (requests per second over all connections). Only for
   * comparing with the open-model driver: its latency correction is wrong (docs/load-generators.md).
   */
  readonly overallRate?: number;
}

/**
 * autocannon against `url`, its result turned into the load drivers' common shape.
 * autocannon takes its duration in seconds and reports latency in ms from its own HDR
 * histogram; errors are socket errors (counted by errno from its `reqError` events),
 * timeouts and non-2xx responses.
 */
export async function runHttpLoad(settings: HttpLoadSettings): Promise<LoadResult> {
  const errorsByKind: Record<string, number> = {};
  // Without a callback autocannon returns its event emitter made thenable (lib/init.js);
  // the types show only the promise.
  const instance = autocannon({
    url: settings.url,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: settings.durationMs / 1000,
    ...(settings.overallRate === undefined ? {} : { overallRate: settings.overallRate }),
  });
  (instance as unknown as NodeJS.EventEmitter).on('reqError', (error: { code?: string }) => countError(errorsByKind, errorKindOf(error)));
  const result = await instance;
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    const kind = statusKindOf(Number(status));
    if (kind !== null) errorsByKind[kind] = (errorsByKind[kind] ?? 0) + (stats.count ?? 0);
  }
  if (result.timeouts > 0) errorsByKind.timeout = (errorsByKind.timeout ?? 0) + result.timeouts;
  const durationMs = result.duration * 1000;
  const completed = result['2xx'];
  const latency = result.latency;
  return {
    tool: 'http',
    target: settings.url,
    settings: { ...settings },
    durationMs: Math.round(durationMs),
    completed,
    ratePerSec: Math.round(completed / result.duration),
    errors: result.errors + result.timeouts + result.non2xx,
    errorsByKind,
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, p999: latency.p99_9, max: latency.max, mean: latency.average },
  };
}
