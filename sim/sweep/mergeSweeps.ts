import { UsageError } from '../scenario/usageError.js';
import { formatSeedRange, seedCount } from './seedRange.js';
import { addMachineCounts, sortedMachineCounts } from './sweepCoverage.js';
import type { SweepFile, SweepStop } from './sweepFile.js';

/**
 * Combines the sweep.json files of a sweep's shards into the sweep.json the whole sweep
 * would have written: runs in seed order, machine counts and assertion sightings added.
 * The files must be shards of one sweep (scenario, profile, `--set`, seeds, commit) with no
 * seed twice; a UsageError names the first mismatch. Missing shards are not an error here:
 * the merged report counts their seeds as not run.
 */
export function mergeSweeps(files: readonly SweepFile[]): SweepFile {
  const [first] = files;
  if (!first) throw new UsageError('sim merge needs at least one sweep.json');
  for (const file of files) checkSameSweep(first, file);
  const runs = files.flatMap((file) => file.runs).sort((a, b) => a.seed - b.seed);
  const twice = runs.find((run, i) => i > 0 && runs[i - 1]!.seed === run.seed);
  if (twice) throw new UsageError(`seed ${twice.seed} is in two of the files: merge each shard once`);
  const machines: Record<string, { states: Record<string, number>; transitions: Record<string, number> }> = {};
  const assertionRuns: Record<string, number> = {};
  for (const file of files) {
    addMachineCounts(machines, file.machines);
    for (const [id, n] of Object.entries(file.assertionRuns)) assertionRuns[id] = (assertionRuns[id] ?? 0) + n;
  }
  return {
    ...first,
    shard: null,
    stop: mergedStop(files, first),
    runs,
    machines: sortedMachineCounts(machines),
    assertionRuns: Object.fromEntries(Object.keys(assertionRuns).sort().map((id) => [id, assertionRuns[id]!])),
  };
}

function checkSameSweep(first: SweepFile, file: SweepFile): void {
  const describe = (f: SweepFile): string =>
    JSON.stringify({ scenario: f.scenario, profile: f.profile, set: f.set, seeds: formatSeedRange(f.seeds), commit: f.commit, swarm: f.swarm ?? false, faults: f.faults ?? [], expect: f.expect ?? [] });
  if (describe(first) !== describe(file)) {
    throw new UsageError(`these are not shards of one sweep: ${describe(first)} vs ${describe(file)}`);
  }
  if (file.untilCoverage) throw new UsageError('a sweep run with --until-coverage has no shards to merge');
}

function mergedStop(files: readonly SweepFile[], first: SweepFile): SweepStop {
  const stopped = files.find((file) => file.stop.reason !== 'allSeeds');
  if (stopped) return stopped.stop;
  const runs = files.reduce((total, file) => total + file.runs.length, 0);
  const message = runs === seedCount(first.seeds)
    ? `ran every seed of ${formatSeedRange(first.seeds)}`
    : `merged ${files.length} shard(s) of ${formatSeedRange(first.seeds)}`;
  return { reason: 'allSeeds', message };
}
