import cliProgress from 'cli-progress';
import { createProgressLine, type ProgressCounting } from './progressLine.js';

/**
 * Progress on stderr for long runs: a bar with the ETA when stderr is a terminal, else (a
 * CI log) one plain line every 10 s of wall time with simulated time, events/s and the ETA
 * (or, counting runs, runs done, runs/s and the ETA).
 * Returns the callback the runner calls, and a `stop`.
 */
export function createProgressBar(label: string, enabled: boolean, counting: ProgressCounting = 'simulated'): {
  update: (done: number, total: number, events: number) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    return { update: createProgressLine(label, (line) => process.stderr.write(line), undefined, counting), stop: () => {} };
  }
  // The bar counts whole simulated seconds of a run, or runs of a check.
  const toUnits = counting === 'runs' ? (value: number) => value : (valueMs: number) => Math.floor(valueMs / 1_000);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${counting === 'runs' ? 'runs' : 'simulated s'} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(1, toUnits(total)), 0);
        started = true;
      }
      bar.update(toUnits(done));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
