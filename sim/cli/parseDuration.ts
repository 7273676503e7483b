import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';

const unitsMs = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * "500ms", "10s", "2m" → ms within [minMs, maxMs]; otherwise a UsageError naming the option.
 * The unit is required: a bare "10" could mean seconds or milliseconds.
 */
export function parseDurationOption(name: string, raw: string, minMs: number, maxMs: number): number {
  const match = /^(\d{1,9}(?:\.\d{1,6})?)(ms|s|m)$/.exec(raw);
  const valueMs = match ? Number(match[1]) * unitsMs[match[2] as keyof typeof unitsMs] : NaN;
  if (!Number.isFinite(valueMs) || valueMs < minMs || valueMs > maxMs) {
    const unitHint = /^\d+(\.\d+)?$/.test(raw) ? ` (give a unit: ${raw}s or ${raw}ms)` : '';
    throw new UsageError(`${name} expects a duration such as 500ms, 10s or 2m, from ${minMs} ms to ${maxMs / 1000} s, got ${quoteInput(raw)}${unitHint}`);
  }
  return Math.round(valueMs);
}
