import { UsageError } from '../scenario/usageError.js';

const unitsMs = { ms: 1, s: 1000, m: 60_000 } as const;

/** "500ms", "10s", "2m" (a bare number is seconds) → ms within [minMs, maxMs]; otherwise a UsageError naming the option. */
export function parseDurationOption(name: string, raw: string, minMs: number, maxMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw);
  const valueMs = match ? Number(match[1]) * unitsMs[(match[2] ?? 's') as keyof typeof unitsMs] : NaN;
  if (!Number.isFinite(valueMs) || valueMs < minMs || valueMs > maxMs) {
    throw new UsageError(`${name} expects a duration such as 500ms, 10s or 2m, from ${minMs} ms to ${maxMs / 1000} s, got "${raw}"`);
  }
  return Math.round(valueMs);
}
