import { packetText } from '../gearman/gearmanEncoder.js';
import { request } from '../../models/jobhub/packet.js';
import { LoadClient, monotonicUs } from './loadClient.js';
import { createLatencyHistogram, summarizeLatencyUs, type LoadResult } from './loadResult.js';
import { LoadWorker } from './loadWorker.js';
import type { GearmanLoadSettings } from './gearmanLoadSettings.js';

/** How long the first jobs run before measuring starts, so connection setup and JIT warm-up stay out of the numbers. */
const warmupMs = 500;

/** Called as the measured window opens and closes: a caller samples the server's CPU there. */
export interface LoadWindow {
  opened(): void;
  closed(): void;
}

/**
 * Real Gearman clients and workers over loopback against host:port for `durationMs`:
 * foreground jobs, `outstandingPerClient` in flight per client. Reports jobs per second
 * completed inside the window and submit-to-complete latency percentiles.
 */
export async function runGearmanLoad(settings: GearmanLoadSettings, window?: LoadWindow): Promise<LoadResult> {
  const { host, port } = settings;
  const payload = 'x'.repeat(settings.payloadBytes);
  const submitText = packetText(request('SUBMIT_JOB', settings.functionName, '', payload));
  const latencyUs = createLatencyHistogram();
  const workers = await Promise.all(Array.from({ length: settings.workers }, () => LoadWorker.start(host, port, settings.functionName)));
  const clients = await Promise.all(
    Array.from({ length: settings.clients }, () => LoadClient.start(host, port, submitText, settings.outstandingPerClient, latencyUs)),
  );
  try {
    await sleep(warmupMs);
    for (const client of clients) client.measuring = true;
    window?.opened();
    const startUs = monotonicUs();
    await sleep(settings.durationMs);
    for (const client of clients) client.measuring = false;
    window?.closed();
    const durationMs = Math.max(1, Math.round((monotonicUs() - startUs) / 1000));
    for (const client of clients) client.submitting = false;
    const completed = clients.reduce((sum, client) => sum + client.completed, 0);
    const errors = clients.reduce((sum, client) => sum + client.errors, 0);
    return {
      tool: 'gearman',
      target: `${host}:${port}`,
      settings: { ...settings },
      durationMs,
      completed,
      ratePerSec: Math.round(completed / (durationMs / 1000)),
      errors,
      latencyMs: summarizeLatencyUs(latencyUs),
    };
  } finally {
    for (const client of clients) client.stop();
    for (const worker of workers) worker.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
