import autocannon from 'autocannon';
import type { LoadResult } from './loadResult.js';

/** Settings of `sim load http`. */
export interface HttpLoadSettings {
  readonly url: string;
  readonly connections: number;
  readonly durationMs: number;
  /** Requests in flight per connection (autocannon's `pipelining`). */
  readonly pipelining: number;
}

/**
 * autocannon against `url`, its result turned into the load drivers' common shape.
 * autocannon takes its duration in seconds and reports latency in ms from its own HDR
 * histogram; errors are socket errors, timeouts and non-2xx responses.
 */
export async function runHttpLoad(settings: HttpLoadSettings): Promise<LoadResult> {
  const result = await autocannon({
    url: settings.url,
    connections: settings.connections,
    pipelining: settings.pipelining,
    duration: settings.durationMs / 1000,
  });
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
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, p999: latency.p99_9, max: latency.max, mean: latency.average },
  };
}
