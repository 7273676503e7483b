import cliProgress from 'cli-progress';
import { createProgressLine } from './progressLine.js';

/**
 * Progress on stderr for long runs: a bar with the ETA when stderr is a terminal, else (a
 * CI log) one plain line every 10 s of wall time with simulated time, events/s and the ETA.
 * Returns the callback the runner calls, and a `stop`.
 */
export function createProgressBar(label: string, enabled: boolean): {
  update: (simulatedMs: number, durationMs: number, events: number) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) return { update: createProgressLine(label, (line) => process.stderr.write(line)), stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} simulated s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(simulatedMs, durationMs) {
      if (!started) {
        bar.start(Math.round(durationMs / 1_000), 0);
        started = true;
      }
      bar.update(Math.floor(simulatedMs / 1_000));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
