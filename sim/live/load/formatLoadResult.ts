import { formatNumber } from '../../report/formatNumber.js';
import type { LoadResult } from './loadResult.js';

/** A load result as a few lines of text for the terminal. */
export function formatLoadResult(result: LoadResult): string {
  const latency = result.latencyMs;
  const kinds = Object.entries(result.errorsByKind ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const byKind = kinds.length > 0 ? ` (${kinds.map(([kind, count]) => `${kind} ${formatNumber(count)}`).join(', ')})` : '';
  const dropped = 'dropped' in result ? `, dropped ${formatNumber(result.dropped as number)}` : '';
  return [
    `${result.tool} load on ${result.target} for ${formatNumber(result.durationMs / 1000)} s`,
    `  completed ${formatNumber(result.completed)} (${formatNumber(result.ratePerSec)}/s), errors ${formatNumber(result.errors)}${byKind}${dropped}`,
    `  latency ms: p50 ${formatNumber(latency.p50)}  p90 ${formatNumber(latency.p90)}  p99 ${formatNumber(latency.p99)}  p99.9 ${formatNumber(latency.p999)}  max ${formatNumber(latency.max)}`,
  ].join('\n');
}
