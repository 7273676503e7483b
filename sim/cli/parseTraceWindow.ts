import type { TraceWindow } from '../kernel/traceFiles.js';
import { durationMs } from '../scenario/durationText.js';
import { quoteInput } from '../scenario/quoteInput.js';
import { UsageError } from '../scenario/usageError.js';

/**
 * `--trace-window 40s..60s`: the part of a run of `runMs` a trace keeps, as two durations
 * from the run's start (scenario/durationText.ts), the first before the second and inside
 * the run. Anything else is a UsageError naming what is allowed.
 */
export function parseTraceWindow(raw: string, runMs: number): TraceWindow {
  const [fromText, untilText, extra] = raw.split('..');
  const fromMs = fromText === undefined ? NaN : durationMs(fromText);
  const untilMs = untilText === undefined ? NaN : durationMs(untilText);
  const allowed = `two durations from the run's start such as 40s..60s, the first before the second and before the run's end at ${runMs / 1_000}s`;
  if (extra !== undefined || !Number.isFinite(fromMs) || !Number.isFinite(untilMs)) {
    throw new UsageError(`--trace-window expects ${allowed}, got ${quoteInput(raw)}`);
  }
  if (fromMs >= untilMs || fromMs >= runMs) {
    throw new UsageError(`--trace-window ${quoteInput(raw)} keeps nothing: give ${allowed}`);
  }
  return { fromUs: fromMs * 1_000, untilUs: untilMs * 1_000 };
}
