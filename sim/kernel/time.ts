/**
 * Simulated time is an integer count of microseconds since the run began (DESIGN.md,
 * "Kernel contracts"). These helpers keep unit conversions in one place so a call site
 * always says which unit it holds.
 */

export const usPerMs = 1_000;
export const usPerSec = 1_000_000;

/** Milliseconds (possibly fractional) to whole microseconds, rounding to nearest. */
export function msToUs(ms: number): number {
  return Math.round(ms * usPerMs);
}

/** Microseconds to milliseconds, exact for the integer microseconds the kernel uses. */
export function usToMs(us: number): number {
  return us / usPerMs;
}
