import type { PortRange } from './portTable.js';

/**
 * The arithmetic of DOMAIN.md §6, apart from the simulator so expectations can check the
 * simulation against it: how many ports `connect()` can use, and how many new connections
 * per second one host sustains when every closed connection holds its port in TIME_WAIT.
 */

/**
 * Ports one connect() walk visits: Linux walks `(high + 1 - low) & ~1` ports, so in an odd
 * sized range one walk leaves one port out (inet_hashtables.c, `remaining &= ~1`).
 */
export function connectPortsPerWalk(range: PortRange): number {
  const remaining = range.high + 1 - range.low;
  return remaining > 1 ? remaining & ~1 : remaining;
}

/**
 * Ports connect() can hold at once over a run: every port of the range. A walk of an odd
 * sized range skips one port, but which one depends on where the walk starts, and the start
 * moves with the hash perturbation at every connect, so under pressure every port is taken
 * (the 2.6 kernels of 2005 walked the whole range anyway). 32768–61000 is 28 233 ports.
 */
export function connectPortsUsable(range: PortRange): number {
  return range.high + 1 - range.low;
}

/**
 * New connections per second sustainable when the connecting side closes first: each
 * (port, destination) pair is blocked for the TIME_WAIT, so the bound is
 * usable ports × destinations ÷ TIME_WAIT — 28 232 / 60 s ≈ 470 for one destination.
 */
export function sustainableConnectsPerSec(range: PortRange, destinations: number, timeWaitMs: number): number {
  return (connectPortsUsable(range) * destinations) / (timeWaitMs / 1_000);
}
