/**
 * The entry of a sweep's worker thread: its first message is the sweep's task, each later
 * one a seed, run one at a time, each with its own modules' state (a worker has its own
 * module instances, so the active coverage recorder and the kernel's replaced globals are
 * never shared with another run). The task comes by message, not as workerData, so a worker
 * can start loading its modules before the command has worked out the task (workerPool.ts);
 * the task's scenario module is loaded once the task names it, and only that one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../../scenarios/scenarioLoaders.js';
import type { Scenario } from '../scenario/scenario.js';
import { loadTaskScenario, runSweepTask, type SweepTask } from './sweepTask.js';

if (!parentPort) throw new Error('sweepWorker.ts runs only as a worker thread');
const port = parentPort;
// A worker started before its task knows, from the command line, which scenario it will most
// likely run: its module loads now, beside the command's own start, not after the task
// arrives (the task's load then finds it loaded).
const hint = (workerData as { scenarioHint?: string } | null)?.scenarioHint;
if (hint !== undefined) loadScenario(hint).catch(() => {});
let task: SweepTask | null = null;
let scenario: Promise<Scenario> | null = null;

port.on('message', (message: SweepTask | number) => {
  if (task === null) {
    task = message as SweepTask;
    scenario = loadTaskScenario(task);
    scenario.catch(() => {}); // reported with the first seed
    return;
  }
  void runSeed(task, scenario as Promise<Scenario>, message as number);
});

async function runSeed(task: SweepTask, scenario: Promise<Scenario>, seed: number): Promise<void> {
  try {
    port.postMessage({ seed, outcome: runSweepTask(task, seed, await scenario) });
  } catch (error) {
    port.postMessage({ seed, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
