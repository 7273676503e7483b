import type { MachineCountsJson } from '../contract/machineCoverage.js';
import type { RunSummary, StopReason, SwarmDrawn } from '../report/runSummary.js';

/** One run of a sweep as sweep.json keeps it: enough to judge, replay and aggregate it. */
export interface SweepRun {
  readonly seed: number;
  readonly passed: boolean;
  readonly traceHash: string;
  readonly stopReason: StopReason;
  /** The command that runs exactly this again. */
  readonly replay: string;
  readonly simulatedMs: number;
  readonly wallMs: number;
  readonly events: number;
  /** Why the run failed, one line per cause (overrun bound, failed expectation, broken invariant); empty when it passed. */
  readonly failures: readonly string[];
  /** Names of the expectations that failed. */
  readonly failedExpectations: readonly string[];
  readonly metrics: Readonly<Record<string, number | null>>;
  /** What `--swarm` drew for this seed (absent without swarm). */
  readonly swarm?: SwarmDrawn;
}

/** What a worker sends back for one seed: the run, and the counts that are summed, not kept per run. */
export interface SweepRunOutcome {
  readonly run: SweepRun;
  readonly machines: Readonly<Record<string, MachineCountsJson>>;
  readonly assertions: Readonly<Record<string, number>>;
}

/** The sweep's record of a finished run, from its summary. */
export function sweepRunOf(summary: RunSummary): SweepRun {
  const failedExpectations = summary.expectations.filter((e) => !e.passed).map((e) => e.name);
  const failures = [
    ...(summary.stopReason === 'completed' ? [] : [`overran its bound: stopped by ${summary.stopReason} at ${summary.simulatedMs} ms simulated`]),
    ...failedExpectations.map((name) => `expectation failed: ${name}`),
    ...summary.invariants.filter((i) => i.violations > 0).map((i) => `invariant broken: ${i.name} (${i.first?.message ?? ''})`),
    ...summary.findings.filter((f) => f.startsWith('Reached an unreachable point')),
    ...(summary.liveness && !summary.liveness.passed ? [summary.liveness.message] : []),
  ];
  return {
    seed: summary.seed,
    passed: summary.passed,
    traceHash: summary.traceHash,
    stopReason: summary.stopReason,
    replay: summary.replay,
    simulatedMs: summary.simulatedMs,
    wallMs: summary.wallMs,
    events: summary.events,
    failures,
    failedExpectations,
    metrics: summary.metrics,
    ...(summary.swarm ? { swarm: summary.swarm } : {}),
  };
}
