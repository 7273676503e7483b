import cliProgress from 'cli-progress';
import { wallNowMs } from '../kernel/determinism.js';
import type { SweepRun } from '../sweep/sweepRun.js';

/** A plain progress line this often when stderr is not a terminal (CI logs, a Kubernetes pod). */
const plainLineEveryMs = 10_000;

/**
 * Progress of a sweep on stderr: on a terminal a bar with runs done, failures so far,
 * runs per second and the ETA; otherwise a plain line every 10 s of wall time, as runs
 * finish or, while none does, from a heartbeat. `onRun` is the sweep's callback.
 */
export function createSweepProgress(label: string, totalRuns: number, enabled: boolean): { onRun: (run: SweepRun) => void; stop: () => void } {
  if (!enabled) return { onRun: () => {}, stop: () => {} };
  const startedMs = wallNowMs();
  let done = 0;
  let failed = 0;
  const rate = (): number => done / Math.max(0.001, (wallNowMs() - startedMs) / 1_000);
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} runs | {failed} failed | {rate} runs/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    }, cliProgress.Presets.shades_classic);
    bar.start(totalRuns, 0, { failed: 0, rate: '0.0' });
    return {
      onRun(run) {
        done++;
        if (!run.passed) failed++;
        bar.update(done, { failed, rate: rate().toFixed(1) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLineMs = startedMs;
  const line = (): void => {
    const now = wallNowMs();
    if (now - lastLineMs < plainLineEveryMs) return;
    lastLineMs = now;
    const eta = done > 0 ? `${Math.round((totalRuns - done) / rate())} s` : '?';
    process.stderr.write(`${label}: ${done}/${totalRuns} runs, ${failed} failed, ${rate().toFixed(1)} runs/s, ETA ${eta}\n`);
  };
  // The runs go on worker threads, so this thread idles while a slow run simulates: a
  // heartbeat, outside any simulation, keeps a line coming every 10 s even when no run ends.
  // eslint-disable-next-line no-restricted-globals -- the CLI's progress output, not simulated time
  const heartbeat = setInterval(line, 1_000);
  heartbeat.unref();
  return {
    onRun(run) {
      done++;
      if (!run.passed) failed++;
      line();
    },
    stop: () => clearInterval(heartbeat),
  };
}
