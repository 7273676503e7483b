import type { RunSummary } from './runSummary.js';

/** `PASSED` or `FAILED` plus why the run loop stopped, e.g. `FAILED — stopped: eventsMax`. */
export function verdictText(summary: RunSummary): string {
  return `${summary.passed ? 'PASSED' : 'FAILED'} — stopped: ${summary.stopReason}`;
}
