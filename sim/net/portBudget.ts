import type { PortRange } from './portTable.js';

/**
 * The arithmetic of DOMAIN.md §6, apart from the simulator so expectations can check the
 * simulation against it: how many ports `connect()` can use, and how many new connections
 * per second one host sustains when every closed connection holds its port in TIME_WAIT.
 */

/**
 * Ports the connect() walk visits: Linux walks `(high + 1 - low) & ~1` ports, so an odd
 * sized range loses one (inet_hashtables.c, `remaining &= ~1`).
 */
export function connectPortsUsable(range: PortRange): number {
  const remaining = range.high + 1 - range.low;
  return remaining > 1 ? remaining & ~1 : remaining;
}

/**
 * New connections per second sustainable when the connecting side closes first: each
 * (port, destination) pair is blocked for the TIME_WAIT, so the bound is
 * usable ports × destinations ÷ TIME_WAIT — 28 232 / 60 s ≈ 470 for one destination.
 */
export function sustainableConnectsPerSec(range: PortRange, destinations: number, timeWaitMs: number): number {
  return (connectPortsUsable(range) * destinations) / (timeWaitMs / 1_000);
}
