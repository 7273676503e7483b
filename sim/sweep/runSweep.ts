import type { MachineCountsJson } from '../contract/machineCoverage.js';
import { formatSeedRange, shardRange, type SeedRange, type Shard } from './seedRange.js';
import { addMachineCounts, coveredPoints, sortedMachineCounts } from './sweepCoverage.js';
import type { SweepFile, SweepStop } from './sweepFile.js';
import type { SweepRun, SweepRunOutcome } from './sweepRun.js';
import type { SweepTask } from './sweepTask.js';
import type { SeedExecutor } from './workerPool.js';

/** How a sweep runs: its seeds, where, and when it stops. */
export interface SweepOptions {
  readonly task: SweepTask;
  /** The scenario's profile name, resolved (the task's may be undefined). */
  readonly profile: string;
  readonly seeds: SeedRange;
  readonly shard: Shard | null;
  readonly executor: SeedExecutor;
  /** The project's commit, or its promise (read once the seeds have run). */
  readonly commit: string | null | Promise<string | null>;
  /** Stop drawing seeds once the sweep has used this much wall time. */
  readonly wallMsMax?: number;
  /**
   * `--until-coverage`: stop once this many consecutive seeds (in seed order) entered no
   * new state and took no new transition; undefined runs every seed.
   */
  readonly coveragePatienceRuns?: number;
  /** Wall time in ms; the sweep reads no clock itself. */
  readonly nowMs: () => number;
  /** Told after every finished run, in the order runs finish. */
  readonly onRun?: (run: SweepRun) => void;
}

/**
 * Runs the seeds of the range (or of the shard's part) on the executor's slots and builds
 * sweep.json. Results are folded in seed order whatever order they finish in, so the file,
 * and where `--until-coverage` stops, are the same for any number of jobs.
 */
export async function runSweep(options: SweepOptions): Promise<SweepFile> {
  const part = options.shard ? shardRange(options.seeds, options.shard) : options.seeds;
  const fold = new SeedOrderFold(part?.first ?? 0, options.coveragePatienceRuns);
  const startedMs = options.nowMs();
  let next = part?.first ?? 1;
  let wallStopped = false;
  const canDraw = (): boolean => {
    if (!part || next > part.last || fold.coverageStopped) return false;
    if (options.wallMsMax !== undefined && options.nowMs() - startedMs >= options.wallMsMax) wallStopped = true;
    return !wallStopped;
  };
  const worker = async (): Promise<void> => {
    while (canDraw()) {
      const seed = next++;
      const outcome = await options.executor.run(seed);
      options.onRun?.(outcome.run);
      fold.add(outcome);
    }
  };
  await Promise.all(Array.from({ length: options.executor.slots }, worker));
  const commit = await options.commit;
  return {
    format: 'stacksim-sweep/1',
    scenario: options.task.scenario,
    profile: options.profile,
    set: options.task.set,
    ...(options.task.faults && options.task.faults.length > 0 ? { faults: options.task.faults } : {}),
    ...(options.task.expect ? { expect: options.task.expect } : {}),
    ...(options.task.file ? { file: options.task.file } : {}),
    seeds: options.seeds,
    shard: options.shard,
    commit,
    untilCoverage: options.coveragePatienceRuns !== undefined,
    ...(options.task.swarm ? { swarm: true } : {}),
    stop: stopOf(fold, wallStopped, part, options),
    runs: fold.runs,
    machines: sortedMachineCounts(fold.machines),
    assertionRuns: Object.fromEntries(Object.keys(fold.assertionRuns).sort().map((id) => [id, fold.assertionRuns[id]!])),
  };
}

function stopOf(fold: SeedOrderFold, wallStopped: boolean, part: SeedRange | null, options: SweepOptions): SweepStop {
  if (fold.coverageStopped) {
    return {
      reason: 'coverageStoppedGrowing',
      message: `coverage stopped growing: the ${options.coveragePatienceRuns} seeds after seed ${fold.lastGrowthSeed} reached nothing new (stopped after seed ${fold.lastSeed})`,
    };
  }
  if (wallStopped) {
    return { reason: 'wallTimeLimit', message: `stopped by --wall-seconds-max after seed ${fold.lastSeed}, ${fold.runs.length} runs` };
  }
  const ran = part ? formatSeedRange(part) : 'no seeds';
  return { reason: 'allSeeds', message: `ran every seed of ${ran}` };
}

/** Folds outcomes into the sweep in seed order, holding back those that finish early. */
class SeedOrderFold {
  readonly runs: SweepRun[] = [];
  readonly machines: Record<string, { states: Record<string, number>; transitions: Record<string, number> }> = {};
  readonly assertionRuns: Record<string, number> = {};
  coverageStopped = false;
  lastSeed: number | null = null;
  lastGrowthSeed: number | null = null;
  private readonly early = new Map<number, SweepRunOutcome>();
  private points = 0;

  constructor(private nextSeed: number, private readonly patienceRuns: number | undefined) {}

  add(outcome: SweepRunOutcome): void {
    this.early.set(outcome.run.seed, outcome);
    for (let ready = this.early.get(this.nextSeed); ready && !this.coverageStopped; ready = this.early.get(this.nextSeed)) {
      this.early.delete(this.nextSeed);
      this.nextSeed++;
      this.fold(ready);
    }
  }

  private fold(outcome: SweepRunOutcome): void {
    this.runs.push(outcome.run);
    this.lastSeed = outcome.run.seed;
    addMachineCounts(this.machines, outcome.machines as Record<string, MachineCountsJson>);
    for (const id of Object.keys(outcome.assertions)) this.assertionRuns[id] = (this.assertionRuns[id] ?? 0) + 1;
    const points = coveredPoints(this.machines);
    if (points > this.points || this.lastGrowthSeed === null) {
      this.points = points;
      this.lastGrowthSeed = outcome.run.seed;
    }
    if (this.patienceRuns !== undefined && outcome.run.seed - this.lastGrowthSeed >= this.patienceRuns) this.coverageStopped = true;
  }
}
