import { Kernel, type StopReason } from '../kernel/kernel.js';
import { msToUs, usToMs } from '../kernel/time.js';
import type { GrabEvent } from '../contract/grabHistory.js';
import { resolveDbQueueSettings, type DbQueueOptions, type DbQueueSettings } from '../models/dbqueue/dbQueueSettings.js';
import type { DbQueueMetrics } from '../models/dbqueue/dbQueueMetrics.js';
import { buildDbQueue } from './dbQueueTopology.js';

/** One run's outcome: the grab history for the checker, the metrics, and the proof of determinism. */
export interface DbQueueResult {
  /** Every value the run used, defaults included. */
  readonly settings: DbQueueSettings;
  readonly history: readonly GrabEvent[];
  readonly metrics: DbQueueMetrics;
  readonly traceHash: string;
  readonly stopReason: StopReason;
  readonly events: number;
  readonly simulatedMs: number;
}

/**
 * Runs N workers of one kind against a simulated job table: a job stream (the `jobsPerSec`
 * stream, or the explicit `submitAtMs` times) inserts rows, the workers find and grab them,
 * crashes kill workers mid-whatever and restart them `restartDelayMs` later as new
 * incarnations. The history is in the grab-atomicity checker's terms; both TheSchwartz and
 * the polling model give a lost worker's job back (lease expiry, lock release), so check it
 * in `requeue` mode.
 */
export function runDbQueue(options: DbQueueOptions): DbQueueResult {
  const settings = resolveDbQueueSettings(options);
  const kernel = new Kernel(settings.seed, options.traceLog ?? null);
  const queue = buildDbQueue(kernel, settings);
  const outcome = kernel.run({ durationUs: msToUs(settings.durationMs), eventsMax: settings.eventsMax });
  return {
    settings,
    history: queue.history.events,
    metrics: queue.measure(settings.durationMs),
    traceHash: kernel.traceHashHex(),
    stopReason: outcome.stopReason,
    events: outcome.events,
    simulatedMs: usToMs(outcome.simulatedUs),
  };
}

