/** Rates below this count as a pause: no request is due while the rate stays there. */
const ratePerSecMin = 1e-9;
/** How far a paused load steps ahead looking for the rate to come back. */
const pauseStepMs = 100;

/**
 * The times requests are due, in ms from the start, evenly spaced at the rate the shape
 * gives at each moment (k6's constant- and ramping-arrival-rate executors and wrk2 space
 * them so too): the next request is due 1 000 / rate(t) ms after the last. Pure, so a
 * shape gives the same schedule every run; the driver only decides what happens at each.
 */
export function* intendedTimesMs(ratePerSecAt: (tMs: number) => number, durationMs: number): Generator<number> {
  let tMs = 0;
  while (tMs < durationMs) {
    const rate = ratePerSecAt(tMs);
    if (rate < ratePerSecMin) {
      tMs += pauseStepMs;
      continue;
    }
    yield tMs;
    tMs += 1_000 / rate;
  }
}
