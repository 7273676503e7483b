import type { Kernel } from '../kernel/kernel.js';
import type { Network } from '../net/network.js';
import type { Supervisor } from '../net/supervisor.js';
import type { Metrics } from '../report/metrics.js';
import type { Annotation, ChartSpec, Limit, TimeSeries } from '../report/runSummary.js';
import type { SeriesRecorder } from '../report/seriesRecorder.js';
import type { Expectation } from './expectation.js';
import type { Fault } from './fault.js';
import type { ParamSpec, ParamValue, ParamValues } from './param.js';
import type { Profile } from './profile.js';
import type { QuietPhase } from './quietPhase.js';

type ParamRecord = Record<string, ParamSpec<ParamValue>>;

/** What a scenario's `build` gets: the simulator, its parameters, and where to record. */
export interface ScenarioContext<V> {
  readonly kernel: Kernel;
  readonly network: Network;
  readonly params: V;
  readonly profile: Profile;
  /**
   * The run's faults in the fault language (the scenario's sugar and `--fault` alike), which
   * the fault injector schedules once the topology is built: read them to know which
   * outages are expected, never to schedule them again.
   */
  readonly faults: readonly Fault[];
  readonly metrics: Metrics;
  readonly series: SeriesRecorder;
  /**
   * The topology's named processes: start each with `processes.spawn(host, name, start)`
   * so that `crash HOST … for D`, `restart HOST` and `kill PROCESS` faults (the fault
   * language) can stop and start them again.
   */
  readonly processes: Supervisor;
  /** A condition checked at every sample and at the end; return a message when broken. */
  invariant(name: string, check: () => string | null): void;
  /**
   * A scheduled fault (crash, partition …), traced as its own event at `atMs` and annotated
   * with its name (kind `heal` when the name starts with "heal", `admin` with "admin", else `fault`).
   */
  fault(atMs: number, name: string, run: () => void): void;
  /** Records what happened and when, for summary.json's `annotations` and every time chart. */
  annotate(annotation: Annotation): void;
  /** Records a predicted bound with its source, for summary.json's `limits` and its chart. */
  limit(limit: Limit): void;
}

/** Called after the run loop stops, to put the final metrics into `ctx.metrics`. */
export interface BuiltScenario {
  finish(): void;
  /**
   * The scenario's convergence predicate for the quiet phase, read at samples on the
   * kernel clock: null when the system is back to normal (every accepted job answered,
   * every node started, every file at its copy count …), else what is not, in words.
   * `healedMs` is when the last fault healed: work accepted before it is what must end.
   */
  converged?(healedMs: number): string | null;
}

/** A named incident or experiment (DESIGN.md "Scenarios"). */
export interface ScenarioDefinition<P extends ParamRecord> {
  readonly name: string;
  /** One line: what the scenario shows. */
  readonly summary: string;
  /** Profile used when none is given with --profile. */
  readonly profile: string;
  readonly params: P;
  readonly durationMs: (params: ParamValues<P>) => number;
  /**
   * The quiet phase checked when a run has faults from the fault language (given or drawn
   * by `--swarm`): after the last one heals, the system must converge within the bound.
   * Absent: no liveness check unless a scenario file declares one.
   */
  readonly quietPhase?: QuietPhase;
  /** Hosts `--swarm` may fault (crash, partition, delay, loss); default every host of the topology. */
  readonly swarmFaultHosts?: RegExp;
  /** Simulated interval between two samples of the time series (default 1 000). */
  readonly sampleIntervalMs?: number;
  build(ctx: ScenarioContext<ParamValues<P>>): BuiltScenario;
  /**
   * The fault-language strings the scenario's own fault parameters stand for (sugar:
   * `crashStorage=1 crashAtMs=30000` → `crash sto1 at 30s`). They are scheduled with the
   * user's `--fault`s by the one fault injector; the scenario schedules no fault itself.
   */
  faultsOf?(params: ParamValues<P>): string[];
  /**
   * What the rules predict for these parameters and the run's faults (sugar and `--fault`
   * alike), checked against the final metrics: a fault the user asked for is an expected
   * outage, not a failure.
   */
  expectations(params: ParamValues<P>, profile: Profile, faults: readonly Fault[]): Expectation[];
  /** Sentences for the report: what happened and why, from the final data. */
  findings(params: ParamValues<P>, metrics: Readonly<Record<string, number | null>>, series: TimeSeries, profile: Profile, faults: readonly Fault[]): string[];
  readonly charts: readonly ChartSpec[];
  /**
   * The figures that matter, in order: the first two make the run's line in `npm start` and
   * `reports/index.html`, all of them the headline card and the before → after table.
   */
  readonly headlines?: readonly HeadlineSpec[];
  /** Metrics that hold a choice, by the words for each value: `ndb.outcome: ['shut down', 'running']`. */
  readonly enumerations?: Readonly<Record<string, readonly string[]>>;
  /**
   * What the system did, in a short clause for the verdict: "the cluster shut down, as the
   * survival rule predicts". The verdict adds whether the expectations held.
   */
  outcome?(params: ParamValues<P>, metrics: Readonly<Record<string, number | null>>, faults: readonly Fault[]): string;
}

/** A headline figure: which metric, its label in words and its unit. */
export interface HeadlineSpec {
  readonly metric: string;
  readonly label: string;
  /** `ms`, `s`, `/s`, `%` (the value is a ratio 0–1) or a noun like `ports`; none for a count. */
  readonly unit?: string;
}

/** A scenario with its parameter types erased, as the registry and the CLI hold it. */
export type Scenario = ScenarioDefinition<ParamRecord>;

/** Declares a scenario; the type parameters keep `build` and `params` in step. */
export function defineScenario<P extends ParamRecord>(definition: ScenarioDefinition<P>): Scenario {
  for (const required of ['durationMs']) {
    if (!(required in definition.params)) throw new Error(`scenario ${definition.name}: parameter "${required}" is required`);
  }
  return definition as unknown as Scenario;
}
