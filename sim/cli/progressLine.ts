import { wallNowMs } from '../kernel/determinism.js';

/** Wall time between two progress lines when stderr is not a terminal (a CI log). */
export const progressLineEveryWallMs = 10_000;

/**
 * Progress of a long run as one plain line every 10 s of wall time, for logs where a bar
 * cannot redraw: `port-exhaustion seed 1: 212/600 s simulated, 1 210 000 events/s, ETA 31 s`.
 * The ETA assumes the rest runs at the simulated-per-wall rate so far.
 */
export function createProgressLine(label: string, write: (line: string) => void, nowMs: () => number = wallNowMs) {
  const startMs = nowMs();
  let lastMs = startMs;
  return (simulatedMs: number, durationMs: number, events: number): void => {
    const now = nowMs();
    if (now - lastMs < progressLineEveryWallMs) return;
    lastMs = now;
    const wallS = (now - startMs) / 1_000;
    const eventsPerSec = Math.round(events / Math.max(wallS, 0.001));
    const etaS = simulatedMs > 0 ? Math.round((wallS * (durationMs - simulatedMs)) / simulatedMs) : null;
    const grouped = String(eventsPerSec).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    write(`${label}: ${Math.floor(simulatedMs / 1_000)}/${Math.round(durationMs / 1_000)} s simulated, ${grouped} events/s, ETA ${etaS === null ? '?' : `${etaS} s`}\n`);
  };
}
