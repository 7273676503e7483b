/**
 * Picks at most `maxPoints` indices of `values` (the whole range when it is short
 * enough): one per bucket of consecutive samples, the one with the largest value.
 * Keeping the maximum rather than averaging means a one-sample spike (a burst of
 * EADDRNOTAVAIL, a queue blowing up) still shows in the chart. The indices are of real
 * samples, so the chart plots measured points, never invented ones.
 */
export function downsampleMax(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const bucket = Math.ceil(n / maxPoints);
  const picked: number[] = [];
  for (let start = 0; start < n; start += bucket) {
    picked.push(indexOfMax(values, start, Math.min(n, start + bucket)));
  }
  return picked;
}

/** Index of the largest value in [start, end); NaN loses to any number. */
function indexOfMax(values: readonly number[], start: number, end: number): number {
  let best = start;
  for (let i = start + 1; i < end; i++) {
    const v = values[i] ?? Number.NaN;
    const b = values[best] ?? Number.NaN;
    if (v > b || (Number.isNaN(b) && !Number.isNaN(v))) best = i;
  }
  return best;
}
