import { loadTaskScenario, runSweepTask, type SweepTask } from '../../sim/sweep/sweepTask.js';
import type { SweepRunOutcome } from '../../sim/sweep/sweepRun.js';
import type { SeedExecutor } from '../../sim/sweep/workerPool.js';

/**
 * Runs seeds in the test's own thread, `slots` at a time, finishing them in an order that
 * is not the seed order (later seeds first within each batch), so tests see that a sweep
 * folds results in seed order whatever order they finish in.
 */
export function inlineExecutor(task: SweepTask, slots: number): SeedExecutor {
  let turn = 0;
  const scenario = loadTaskScenario(task);
  return {
    slots,
    async run(seed: number): Promise<SweepRunOutcome> {
      const outcome = runSweepTask(task, seed, await scenario);
      const delayTurns = (slots - (turn++ % slots)) % slots;
      for (let i = 0; i < delayTurns; i++) await Promise.resolve();
      return outcome;
    },
    close: async () => {},
  };
}

/** A clock that never moves: no wall-time limit trips. */
export const frozenClock = (): number => 0;
