import { type LoadShape, peakRate, rateAt } from './loadShape.js';

/** What {@link nextArrivalMs} draws from: a seeded stream (the kernel's RandomStream). */
export interface ArrivalRandom {
  float(): number;
}

/** Rates below this are treated as a pause: no arrival is scheduled while the shape is there. */
const ratePerSecMin = 1e-9;
/** How far ahead a paused (zero-rate) load looks for the rate to return, at most. */
const pauseStepMs = 100;

/**
 * The time of the next arrival after `nowMs`, or null when none falls before `endMs`.
 * Even spacing steps by 1/rate at the current rate. Exponential spacing is a
 * non-homogeneous Poisson process drawn by thinning (Lewis and Shedler, 1979): candidates
 * at the peak rate, each kept with probability rate(t) / peak. Both use only `random`, so
 * a seed gives the same arrivals every time.
 */
export function nextArrivalMs(shape: LoadShape, nowMs: number, endMs: number, random: ArrivalRandom): number | null {
  const peak = peakRate(shape);
  if (peak < ratePerSecMin) return null;
  let tMs = nowMs;
  while (tMs < endMs) {
    if (shape.spacing === 'even') {
      const rate = rateAt(shape, tMs);
      if (rate < ratePerSecMin) {
        tMs += pauseStepMs;
        continue;
      }
      tMs += 1_000 / rate;
      return tMs < endMs ? tMs : null;
    }
    tMs += (-Math.log(1 - random.float()) * 1_000) / peak;
    if (tMs < endMs && random.float() * peak <= rateAt(shape, tMs)) return tMs;
  }
  return null;
}
