/**
 * The data a run produces. Everything a report shows is read from these objects; the
 * renderers compute nothing new (DESIGN.md, principle 4: results are data).
 */

import type { MachineCountsJson } from '../contract/machineCoverage.js';
import type { MachineShape } from '../contract/machineShape.js';

/** Why the run loop stopped. */
export type StopReason = 'completed' | 'eventsMax' | 'wallTimeLimit' | 'aborted';

/** One k6-style threshold: a named check on a metric. */
export interface ExpectationResult {
  readonly name: string;
  /** Dotted metric name the check reads, e.g. `client.tcp.eaddrnotavail`. */
  readonly metric: string;
  /** Comparison, written as in the scenario: `<`, `<=`, `==`, `>=`, `>`, `!=`. */
  readonly op: string;
  readonly threshold: number | null;
  readonly value: number | null;
  readonly passed: boolean;
}

/** The first broken instance of an invariant, with the events that led to it. */
export interface InvariantViolation {
  readonly atMs: number;
  readonly message: string;
  /** The last few trace events before the violation, oldest first. */
  readonly recentEvents: readonly string[];
}

/** An invariant the run monitored: how often it broke, and its first violation (null when it held). */
export interface InvariantResult {
  readonly name: string;
  readonly violations: number;
  readonly first: InvariantViolation | null;
}

/** A chart the scenario asks for: which series, on which axis label. */
export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  /** Names of series in {@link TimeSeries.series}. */
  readonly series: readonly string[];
}

/**
 * Gauges and rates sampled at a fixed simulated interval. `tMs[i]` is the end of the
 * i-th interval; every array in `series` has the same length as `tMs`.
 */
export interface TimeSeries {
  readonly intervalMs: number;
  readonly tMs: readonly number[];
  readonly series: Readonly<Record<string, readonly number[]>>;
}

/** A run stopped early by a threshold marked abortOnFail: when, which, and its value then. */
export interface RunAbort {
  readonly atMs: number;
  readonly threshold: string;
  readonly value: number;
}

/** `summary.json`: the contract of DESIGN.md "Scenarios", printed by `--json`. */
export interface RunSummary {
  readonly scenario: string;
  /** The scenario's one-line summary. */
  readonly title: string;
  readonly profile: string;
  readonly seed: number;
  /** Every parameter value used, defaults included. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly simulatedMs: number;
  readonly wallMs: number;
  readonly events: number;
  /** 16 hex digits; equal for equal (scenario, params, seed). */
  readonly traceHash: string;
  readonly stopReason: StopReason;
  /** With stopReason `aborted`: the threshold marked abortOnFail that stopped the run. */
  readonly abort?: RunAbort;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly invariants: readonly InvariantResult[];
  /** Flat dotted names to numbers, or null where the value does not exist (e.g. no failure). */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** Sentences the scenario wrote about this run: what happened and why. */
  readonly findings: readonly string[];
  readonly charts: readonly ChartSpec[];
  /**
   * The parameters and profile that differ from the scenario's defaults, in words
   * (`reproxy=close`, `profile=linux-2005`), or `defaults`: it names the run's report folder.
   * Absent from reports that are not scenario runs (a grab case).
   */
  readonly variant?: string;
  /** Metrics that hold a choice, with the word for each value, so reports print words. */
  readonly enumerations?: Readonly<Record<string, readonly string[]>>;
  /** What happened and when, in time order (absent for reports that are not scenario runs). */
  readonly annotations?: readonly Annotation[];
  /** Predicted bounds with their sources. */
  readonly limits?: readonly Limit[];
  /** The figures that matter, first two first (absent for reports that are not scenario runs). */
  readonly headlines?: readonly Headline[];
  /** What the system did, in words, for the verdict; absent when the scenario does not say. */
  readonly outcome?: string;
  /** The replay command, shell-quoted and starting with `npx sim`, so a reader can paste it. */
  readonly replay: string;
  /**
   * Every statechart that ran, by machine id: how many times each state was entered and
   * each transition taken (`source --event--> target`).
   */
  readonly machines: Readonly<Record<string, MachineCountsJson>>;
  /**
   * The declared `sometimes`/`reachable`/`unreachable` assertions this run saw, by id, with
   * how often; a sweep judges them across its runs. Absent where nothing judges them (grab replays).
   */
  readonly assertions?: Readonly<Record<string, number>>;
  /**
   * The project's git commit the run was made from (`git rev-parse HEAD`, read by the CLI),
   * null outside a git checkout; absent when the run was made from code.
   */
  readonly commit?: string | null;
  /** What `--swarm` drew for this seed: parameter values and faults (absent without `--swarm`). */
  readonly swarm?: SwarmDrawn;
  /** The quiet phase's verdict: whether the system converged after the last fault healed (absent when not checked). */
  readonly liveness?: LivenessResult;
}

/** A swarm run's drawn values, as `--set` and `--fault` would give them. */
export interface SwarmDrawn {
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly faults: readonly string[];
}

/**
 * Liveness after faults: from the moment the last fault healed, the system must converge
 * (the scenario's predicate holds at a sample) within `convergeWithinMs` of simulated time.
 * Not converging is a failure of its own, apart from expectations and invariants.
 */
export interface LivenessResult {
  readonly convergeWithinMs: number;
  /** When the last fault healed (kernel clock), or null when a fault never heals and the phase could not start. */
  readonly lastFaultHealedMs: number | null;
  /** The first sample at or after the heal at which the predicate held, or null. */
  readonly convergedAtMs: number | null;
  readonly passed: boolean;
  /** One line: `liveness: converged …`, `liveness: … did not converge within 30 s after the last fault healed at 42 s`, or why it was not checked. */
  readonly message: string;
}

/** A figure that matters, as the scenario names it, with its value. */
export interface Headline {
  readonly label: string;
  readonly metric: string;
  readonly value: number | null;
  readonly unit?: string;
}

/**
 * Something that happened, and when: a fault injected or healed, a failure detected, an
 * admin's action, the first EADDRNOTAVAIL. Charts draw it as a rule (or a shaded period
 * when it has `untilMs`) with its label.
 */
export interface Annotation {
  readonly atMs: number;
  readonly untilMs?: number;
  /** `fault`, `heal`, `detection`, `failover`, `admin`, `threshold` or another short word. */
  readonly kind: string;
  readonly label: string;
}

/** A bound the rules predict, with where it comes from; drawn dashed on the chart it names. */
export interface Limit {
  readonly name: string;
  readonly value: number;
  /** `ports`, `/s`, `ms` …, as the chart's axis counts. */
  readonly unit: string;
  /** Where the number comes from: `docs/DOMAIN.md §6: 28 232 ports / 60 s`. */
  readonly source: string;
  /** The id of the chart it is drawn on, if any. */
  readonly chart?: string;
}

/** What a run hands to the report writer. */
export interface RunResult {
  readonly summary: RunSummary;
  readonly series: TimeSeries;
  /** The definitions of the machines in `summary.machines`, for the report's diagrams. */
  readonly machineShapes: readonly MachineShape[];
}
