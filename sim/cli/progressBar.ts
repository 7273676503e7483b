import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for long runs, shown only when stderr is a terminal so logs and
 * `--json` output stay clean. Returns the callback the runner calls, and a `stop`.
 */
export function createProgressBar(label: string, enabled: boolean): {
  update: (simulatedMs: number, durationMs: number) => void;
  stop: () => void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} simulated s`,
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
