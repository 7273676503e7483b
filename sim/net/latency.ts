import type { RandomStream } from '../kernel/randomStream.js';

/**
 * One-way delay of a link, sampled per segment. Units are microseconds because the kernel
 * counts microseconds; scenario parameters in milliseconds convert at the edge.
 */
export type LatencyDistribution =
  | { readonly kind: 'constant'; readonly us: number }
  | { readonly kind: 'uniform'; readonly minUs: number; readonly maxUs: number }
  /** A floor plus an exponential tail: the usual shape of LAN delay under light load. */
  | { readonly kind: 'shiftedExponential'; readonly minUs: number; readonly meanExtraUs: number };

export function sampleLatencyUs(latency: LatencyDistribution, random: RandomStream): number {
  switch (latency.kind) {
    case 'constant':
      return latency.us;
    case 'uniform':
      return random.int(latency.minUs, latency.maxUs);
    case 'shiftedExponential':
      return latency.minUs + Math.round(random.exponential(latency.meanExtraUs));
  }
}

/** The same distribution, every sample `extraUs` later: a `delay` fault on a link. */
export function delayedBy(latency: LatencyDistribution, extraUs: number): LatencyDistribution {
  switch (latency.kind) {
    case 'constant':
      return { kind: 'constant', us: latency.us + extraUs };
    case 'uniform':
      return { kind: 'uniform', minUs: latency.minUs + extraUs, maxUs: latency.maxUs + extraUs };
    case 'shiftedExponential':
      return { kind: 'shiftedExponential', minUs: latency.minUs + extraUs, meanExtraUs: latency.meanExtraUs };
  }
}
