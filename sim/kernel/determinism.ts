/**
 * The one file in sim/ allowed to touch the wall clock and Math.random (lint enforces it).
 *
 * xstate itself calls Math.random() (ids of delayed events that have no explicit id) and
 * Date.now() (an actor's startedAt). While a simulation runs, both globals are replaced by
 * deterministic versions driven by the kernel, and restored afterwards, so no library code
 * can leak the wall clock or an unseeded random number into a run (DESIGN.md, "xstate on
 * virtual time").
 */

const realMathRandom = Math.random;
const realDateNow = Date.now;
const realPerformanceNow = performance.now.bind(performance);

/** Wall time in milliseconds, for run limits and wallMs only — never for simulated time. */
export function wallNowMs(): number {
  return realPerformanceNow();
}

/** What replaces the globals during a run. */
export interface DeterministicSources {
  /** Replaces Math.random: a seeded stream's float in [0, 1). */
  readonly random: () => number;
  /** Replaces Date.now: simulated milliseconds since the run began. */
  readonly nowMs: () => number;
}

let depth = 0;

/**
 * Runs `body` with Math.random and Date.now replaced, restoring them afterwards even when
 * `body` throws. Nested calls keep the outermost replacement, so a scenario that runs a
 * sub-simulation does not restore the real globals too early.
 */
export function withDeterministicGlobals<T>(sources: DeterministicSources, body: () => T): T {
  if (depth > 0) return body();
  depth++;
  Math.random = sources.random;
  Date.now = () => Math.floor(sources.nowMs());
  try {
    return body();
  } finally {
    Math.random = realMathRandom;
    Date.now = realDateNow;
    depth--;
  }
}
