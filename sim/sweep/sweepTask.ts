import { profiles } from '../../profiles/index.js';
import { loadRegisteredScenario } from '../../scenarios/scenarioLoaders.js';
import { runScenario } from '../scenario/runScenario.js';
import type { QuietPhase } from '../scenario/quietPhase.js';
import type { Scenario } from '../scenario/scenario.js';
import { sweepRunOf, type SweepRunOutcome } from './sweepRun.js';

/** What every run of a sweep shares: sent once to each worker, with one seed at a time. */
export interface SweepTask {
  readonly scenario: string;
  /** Profile name; undefined for the scenario's own. */
  readonly profile?: string;
  readonly set: Readonly<Record<string, string>>;
  /** Faults in the fault language, the same for every seed. */
  readonly faults?: readonly string[];
  readonly eventsMax?: number;
  /** Each run's own wall-time bound. */
  readonly runWallMsMax?: number;
  /** `--swarm`: each seed draws its parameters (those not in `set`) and faults. */
  readonly swarm?: boolean;
  /** Thresholds (a scenario file's `expect`), judged in every run on top of the scenario's expectations. */
  readonly expect?: readonly string[];
  /** The quiet phase to check after the last fault heals; default the scenario's own. */
  readonly quietPhase?: QuietPhase;
  /** The scenario file the sweep was given, if it was given one (recorded in sweep.json). */
  readonly file?: string;
}

/**
 * Runs one seed of `task`'s `scenario` (in a worker thread or in the calling thread) exactly
 * as `sim run` would, so its trace hash is the one `sim run --seed N` gives.
 */
export function runSweepTask(task: SweepTask, seed: number, scenario: Scenario): SweepRunOutcome {
  const profileName = task.profile ?? scenario.profile;
  const profile = profiles.find((candidate) => candidate.name === profileName);
  if (!profile) throw new Error(`sweep: unknown profile "${profileName}"`);
  const result = runScenario(scenario, profile, { seed, set: task.set, faults: task.faults ?? [], expect: task.expect ?? [], swarm: task.swarm ?? false, quietPhase: task.quietPhase, eventsMax: task.eventsMax, wallMsMax: task.runWallMsMax });
  return { run: sweepRunOf(result.summary), machines: result.summary.machines, assertions: result.summary.assertions ?? {} };
}

/** The registered scenario a task names, its module loaded now: a worker loads only the scenario it runs. */
export function loadTaskScenario(task: SweepTask): Promise<Scenario> {
  return loadRegisteredScenario(task.scenario);
}
