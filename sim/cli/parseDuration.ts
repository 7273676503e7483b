import { quoteInput } from '../scenario/quoteInput.js';
import { durationMs } from '../scenario/durationText.js';
import { UsageError } from '../scenario/usageError.js';

/**
 * "500ms", "10s", "2m" → ms within [minMs, maxMs]; otherwise a UsageError naming the option.
 * The unit is required: a bare "10" could mean seconds or milliseconds.
 */
export function parseDurationOption(name: string, raw: string, minMs: number, maxMs: number): number {
  // The digit bounds keep a huge string from parsing to Infinity or to float noise.
  const valueMs = /^\d{1,9}(?:\.\d{1,6})?(?:ms|s|m)$/.test(raw) ? durationMs(raw) : NaN;
  if (!Number.isFinite(valueMs) || valueMs < minMs || valueMs > maxMs) {
    const unitHint = /^\d+(\.\d+)?$/.test(raw) ? ` (give a unit: ${raw}s or ${raw}ms)` : '';
    throw new UsageError(`${name} expects a duration such as 500ms, 10s or 2m, from ${minMs} ms to ${maxMs / 1000} s, got ${quoteInput(raw)}${unitHint}`);
  }
  return Math.round(valueMs);
}
