import { declaredAssertions, type DeclaredAssertion } from '../contract/declaredAssertion.js';
import type { MachineShape } from '../contract/machineShape.js';
import type { SwarmDrawn } from '../report/runSummary.js';
import { distributionOf, type Distribution } from './distribution.js';
import { seedCount, shardRange } from './seedRange.js';
import { coverageReport, type CoverageReport } from './sweepCoverage.js';
import type { SweepFile } from './sweepFile.js';

/** A failing seed as the report lists it: first, with why and how to replay it. */
export interface FailingSeed {
  readonly seed: number;
  readonly failures: readonly string[];
  readonly replay: string;
  /** What `--swarm` drew for the seed, so the table shows what made it fail. */
  readonly swarm?: SwarmDrawn;
}

/** A declared assertion in scope of the sweep, and how many of its runs saw it. */
export interface AssertionCount {
  readonly assertion: DeclaredAssertion;
  readonly runs: number;
}

/** What a sweep's report says, computed from sweep.json alone (so shards merged say the same). */
export interface SweepAnalysis {
  readonly passed: boolean;
  readonly runs: number;
  readonly runsPassed: number;
  /** The seeds that ran, ascending. */
  readonly runSeeds: readonly number[];
  /** Seeds of the sweep's range (or shard) that no run covered. */
  readonly seedsNotRun: number;
  readonly failingSeeds: readonly FailingSeed[];
  /** Every metric by name: its distribution across runs, null when no run had a value. */
  readonly metrics: Readonly<Record<string, Distribution | null>>;
  /** Every expectation that failed in some run, with the number of runs, most frequent first. */
  readonly expectationFailures: readonly { readonly name: string; readonly runs: number }[];
  /** Seeds whose system did not converge within the quiet phase after its last fault healed (a liveness failure, not a safety one). */
  readonly livenessFailures: readonly number[];
  readonly coverage: CoverageReport;
  readonly assertions: readonly AssertionCount[];
  /** Why the sweep failed besides failing runs: assertions never seen, seeds not run. */
  readonly sweepFailures: readonly string[];
}

/**
 * Judges a sweep: every run must pass, every seed be run (unless `--until-coverage`
 * stopped it), and every declared `sometimes`/`reachable` of the scenario or of a machine
 * that ran must be seen by at least one run. `shapes` are the catalog's machines.
 */
export function analyzeSweep(file: SweepFile, shapes: readonly MachineShape[]): SweepAnalysis {
  const runs = [...file.runs].sort((a, b) => a.seed - b.seed);
  const failingSeeds = runs.filter((r) => !r.passed).map(({ seed, failures, replay, swarm }) => ({ seed, failures, replay, ...(swarm ? { swarm } : {}) }));
  const part = file.shard ? shardRange(file.seeds, file.shard) : file.seeds;
  const seedsNotRun = file.untilCoverage || !part ? 0 : seedCount(part) - runs.length;
  const assertions = assertionsInScope(file);
  const sweepFailures = [
    ...assertions.filter((a) => a.runs === 0 && a.assertion.kind !== 'unreachable')
      .map((a) => `${a.assertion.kind} never seen in ${runs.length} runs: ${a.assertion.id}`),
    ...(seedsNotRun > 0 ? [`${seedsNotRun} seeds were not run (${file.stop.message})`] : []),
  ];
  return {
    passed: failingSeeds.length === 0 && sweepFailures.length === 0 && runs.length > 0,
    runs: runs.length,
    runsPassed: runs.length - failingSeeds.length,
    runSeeds: runs.map((r) => r.seed),
    seedsNotRun,
    failingSeeds,
    metrics: metricDistributions(runs),
    expectationFailures: expectationFailures(runs),
    livenessFailures: runs.filter((r) => r.failures.some(isLivenessFailure)).map((r) => r.seed),
    coverage: coverageReport(file.machines, shapes),
    assertions,
    sweepFailures,
  };
}

/** A run's failure line from its quiet phase (`liveness: … did not converge …`). */
export function isLivenessFailure(failure: string): boolean {
  return failure.startsWith('liveness:');
}

function metricDistributions(runs: SweepFile['runs']): Record<string, Distribution | null> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  return Object.fromEntries(names.map((name) => [name, distributionOf(runs.map((r) => r.metrics[name] ?? null))]));
}

function expectationFailures(runs: SweepFile['runs']): { name: string; runs: number }[] {
  const counts = new Map<string, number>();
  for (const run of runs) for (const name of run.failedExpectations) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, runs: n })).sort((a, b) => b.runs - a.runs || (a.name < b.name ? -1 : 1));
}

/** The declared assertions owned by the scenario or by a machine some run started. */
function assertionsInScope(file: SweepFile): AssertionCount[] {
  const owners = new Set([file.scenario, ...Object.keys(file.machines)]);
  return declaredAssertions()
    .filter((assertion) => owners.has(assertion.owner))
    .map((assertion) => ({ assertion, runs: file.assertionRuns[assertion.id] ?? 0 }));
}
