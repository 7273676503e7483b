import type { RunSummary } from './runSummary.js';

/**
 * A run's page title: scenario, what it changed and the seed —
 * `port-exhaustion (reproxy=close) — seed 1` — so two runs of one seed never share a title.
 */
export function runTitle(summary: RunSummary): string {
  const variant = summary.variant && summary.variant !== 'defaults' ? ` (${summary.variant})` : '';
  return `${summary.scenario}${variant} — seed ${summary.seed}`;
}
