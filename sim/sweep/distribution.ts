/** How one metric's values spread across the runs of a sweep. */
export interface Distribution {
  /** Runs with a value (null values are counted in `missing`). */
  readonly count: number;
  readonly missing: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  readonly histogram: Histogram;
}

/** Equal-width bins from min to max; `counts[i]` values fall in [edges[i], edges[i+1]) (the last bin includes max). */
export interface Histogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

const binsMax = 10;

/**
 * The distribution of `values` (nulls left out and counted), exact: nearest-rank
 * percentiles of the sorted values, so equal inputs in any order give equal output, which
 * is what makes a merged sweep's report the same as the unsharded one. Null without values.
 */
export function distributionOf(values: readonly (number | null)[]): Distribution | null {
  const present = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const sum = present.reduce((total, value) => total + value, 0);
  return {
    count: present.length,
    missing: values.length - present.length,
    min: present[0]!,
    p50: nearestRank(present, 0.5),
    p90: nearestRank(present, 0.9),
    p99: nearestRank(present, 0.99),
    max: present[present.length - 1]!,
    mean: sum / present.length,
    histogram: histogramOf(present),
  };
}

function nearestRank(sorted: readonly number[], quantile: number): number {
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)]!;
}

function histogramOf(sorted: readonly number[]): Histogram {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return { edges: [min, max], counts: [sorted.length] };
  const distinct = new Set(sorted).size;
  const bins = Math.min(binsMax, distinct);
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.floor((value - min) / width))]!++;
  return { edges, counts };
}

/**
 * Whether two samples come from different distributions beyond noise: the two-sample
 * Kolmogorov-Smirnov test at the 5 % level (D > 1.358 * sqrt((n + m) / (n m))). Returns
 * the statistic D and the verdict; false when either sample is empty.
 */
export function differsBeyondNoise(a: readonly number[], b: readonly number[]): { readonly d: number; readonly differs: boolean } {
  if (a.length === 0 || b.length === 0) return { d: 0, differs: false };
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= value) i++;
    while (j < y.length && y[j]! <= value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const critical = 1.358 * Math.sqrt((x.length + y.length) / (x.length * y.length));
  return { d, differs: d > critical };
}
