import type { LatencyDistribution } from './latency.js';

/** One direction of the path between two hosts. */
export interface Link {
  readonly latency: LatencyDistribution;
  /** Probability that a segment is lost and must be retransmitted, 0 ≤ p < 1. */
  readonly lossRate: number;
}

/** Default LAN path: 100 µs one way, a little jitter, no loss. */
export const lanLink: Link = {
  latency: { kind: 'shiftedExponential', minUs: 80, meanExtraUs: 20 },
  lossRate: 0,
};

/** A host talking to itself over loopback. */
export const loopbackLink: Link = {
  latency: { kind: 'constant', us: 10 },
  lossRate: 0,
};
