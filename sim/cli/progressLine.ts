import { wallNowMs } from '../kernel/determinism.js';

/** Wall time between two progress lines when stderr is not a terminal (a CI log). */
export const progressLineEveryWallMs = 10_000;

/** What a progress counts: simulated time of one run (ms), or runs of a check or sweep. */
export type ProgressCounting = 'simulated' | 'runs';

/**
 * Progress of a long run as one plain line every 10 s of wall time, for logs where a bar
 * cannot redraw: `port-exhaustion seed 1: 212/600 s simulated, 1 210 000 events/s, ETA 31 s`,
 * or for a check of many runs `check grab hub: 4 200/10 000 runs, 840 runs/s, ETA 7 s`.
 * The ETA assumes the rest goes at the rate so far. `update(done, total, events)` takes
 * simulated and total ms with events delivered, or runs done and runs in all.
 */
export function createProgressLine(
  label: string, write: (line: string) => void, nowMs: () => number = wallNowMs, counting: ProgressCounting = 'simulated',
) {
  const startMs = nowMs();
  let lastMs = startMs;
  return (done: number, total: number, events: number): void => {
    const now = nowMs();
    if (now - lastMs < progressLineEveryWallMs) return;
    lastMs = now;
    const wallS = (now - startMs) / 1_000;
    const etaS = done > 0 ? Math.round((wallS * (total - done)) / done) : null;
    const eta = `ETA ${etaS === null ? '?' : `${etaS} s`}`;
    if (counting === 'runs') {
      write(`${label}: ${grouped(done)}/${grouped(total)} runs, ${grouped(Math.round(done / Math.max(wallS, 0.001)))} runs/s, ${eta}\n`);
      return;
    }
    const eventsPerSec = Math.round(events / Math.max(wallS, 0.001));
    write(`${label}: ${Math.floor(done / 1_000)}/${Math.round(total / 1_000)} s simulated, ${grouped(eventsPerSec)} events/s, ${eta}\n`);
  };
}

function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
