import { AssertionTally, findDeclaredAssertion, withAssertionTally } from '../contract/declaredAssertion.js';
import { MachineCoverage, withCoverage } from '../contract/machineCoverage.js';
import { Kernel } from '../kernel/kernel.js';
import type { TraceLog } from '../kernel/traceLog.js';
import { msToUs, usToMs } from '../kernel/time.js';
import type { Annotation, InvariantResult, RunResult } from '../report/runSummary.js';
import type { SeriesRecorder } from '../report/seriesRecorder.js';
import { AbortWatch } from './abortWatch.js';
import { evaluateExpectations } from './expectation.js';
import { checkFaults, scheduleFaults } from './faultInjector.js';
import { parseFault } from './parseFault.js';
import { faultsParam, runFaults } from './runFaults.js';
import { evaluateThresholds, parseThreshold } from './threshold.js';
import type { Profile } from './profile.js';
import { formatParams, resolveParams } from './resolveParams.js';
import { replayCommand, runVariant, variantLabel } from './runVariant.js';
import type { BuiltScenario, Scenario } from './scenario.js';
import type { Fault } from './fault.js';
import { lastFaultHealedMs, type QuietPhase, QuietPhaseWatch } from './quietPhase.js';
import { swarmRunInputs } from './swarm.js';
import { createScenarioContext } from './scenarioContext.js';
import { quoteInput } from './quoteInput.js';
import { UsageError } from './usageError.js';

/** Options of {@link runScenario}: the seed, `--set` overrides, and the run's bounds. */
export interface RunOptions {
  readonly seed: number;
  /** Parameter overrides, as strings from `--set` or values from code. */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly traceLog?: TraceLog;
  /** Default 50 000 000 delivered events. */
  readonly eventsMax?: number;
  /** Default 10 minutes of wall time. */
  readonly wallMsMax?: number;
  /**
   * Faults in the fault language (`crash sto1 at 30s for 60s`, see fault.ts), on top of
   * whatever the scenario itself schedules. Default none.
   */
  readonly faults?: readonly string[];
  /** Thresholds in the style of k6 (`http.latencyMs.p99 < 500`, see threshold.ts), on top of the scenario's expectations. */
  readonly expect?: readonly string[];
  /**
   * `--swarm`: draw the parameters that declare a swarm range (those not in `set`) and a
   * fault schedule from the seed (swarm.ts), logged in summary.json's `swarm`.
   */
  readonly swarm?: boolean;
  /** The quiet phase to check after the last fault heals; default the scenario's own. */
  readonly quietPhase?: QuietPhase;
  /** Told now and then how far the run has got (simulated ms). */
  readonly onProgress?: (simulatedMs: number, durationMs: number, events: number) => void;
}

const seedMax = 4_294_967_295;

/** Checks a seed from the command line or code: an integer from 0 to 2^32 - 1. */
export function parseSeed(raw: unknown): number {
  const seed = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : raw;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > seedMax) {
    throw new UsageError(`invalid seed ${quoteInput(raw)}: expected an integer from 0 to ${seedMax}`);
  }
  return seed;
}

type SwarmInputs = ReturnType<typeof swarmRunInputs>;

interface InvariantState {
  readonly name: string;
  readonly check: () => string | null;
  violations: number;
  first: InvariantResult['first'];
}

/**
 * A run's summary and series, without the machine definitions a report draws
 * (`withMachineShapes` adds them): a sweep's worker then never loads the machine catalog,
 * every system's statecharts, for the one scenario it runs.
 */
export type ScenarioRun = Omit<RunResult, 'machineShapes'>;

/**
 * One run = (scenario, parameters, seed): builds the topology, runs the kernel within its
 * limits, samples the series, checks invariants at every sample and at the end, and
 * returns the summary and series. Deterministic: nothing here reads the wall clock except
 * the kernel's wall-time limit and the reported wallMs.
 */
export function runScenario(scenario: Scenario, profile: Profile, options: RunOptions): ScenarioRun {
  const coverage = new MachineCoverage();
  const tally = new AssertionTally();
  // Drawn before the coverage and tally start: the draw builds a topology of its own to name hosts.
  const swarm = options.swarm
    ? swarmRunInputs(scenario, profile, parseSeed(options.seed), { set: options.set ?? {}, faults: options.faults ?? [], quietPhase: options.quietPhase })
    : null;
  const result = withAssertionTally(tally, () => withCoverage(coverage, () => runCovered(scenario, profile, options, swarm)));
  const machines = coverage.toJSON();
  const assertions = tally.toJSON();
  const reachedUnreachable = Object.keys(assertions).filter((id) => findDeclaredAssertion(id)?.kind === 'unreachable');
  const summary = {
    ...result.summary,
    passed: result.summary.passed && reachedUnreachable.length === 0,
    findings: [...result.summary.findings, ...reachedUnreachable.map((id) => `Reached an unreachable point: ${id}.`)],
    machines,
    assertions,
  };
  return { summary, series: result.series };
}

type CoveredResult = Omit<RunResult, 'machineShapes' | 'summary'> & { summary: Omit<RunResult['summary'], 'machines' | 'assertions'> };

function runCovered(scenario: Scenario, profile: Profile, options: RunOptions, swarm: SwarmInputs | null): CoveredResult {
  const seed = parseSeed(options.seed);
  const params = resolveParams(scenario, profile, swarm?.set ?? options.set ?? {});
  const given = (swarm?.faults ?? options.faults ?? []).map((text) => parseFault(text).text);
  const faults = runFaults(scenario, params, given);
  const thresholds = (options.expect ?? []).map((text) => parseThreshold(text, scenario.enumerations));
  const durationMs = scenario.durationMs(params as never);
  const kernel = new Kernel(seed, options.traceLog ?? null);
  const sampleIntervalMs = scenario.sampleIntervalMs ?? 1_000;
  const invariants: InvariantState[] = [];
  const annotations: Annotation[] = [];
  const context = createScenarioContext(kernel, params, profile, sampleIntervalMs, (name, check) => invariants.push({ name, check, violations: 0, first: null }), annotations, faults);
  const { network, metrics, series, processes, fault, limits } = context;
  // Faults are scheduled before the topology exists (they find their hosts by name when they
  // strike), so a fault at T strikes before anything the system scheduled for T: a crash on
  // a heartbeat tick silences that tick. Their names are checked once the topology is built.
  scheduleFaults(faults, { network, processes, at: fault });
  const built = kernel.deterministically(() => scenario.build(context as never));
  checkFaults(faults, { network, processes, at: fault }, durationMs);
  const aborts = new AbortWatch(thresholds, kernel, metrics, series, annotations);
  const checkInvariants = (): void => {
    for (const invariant of invariants) {
      const message = invariant.check();
      if (message === null) continue;
      invariant.violations++;
      invariant.first ??= { atMs: usToMs(kernel.nowUs), message, recentEvents: kernel.recentEvents() };
    }
  };
  const quiet = quietPhaseWatch(options.quietPhase ?? scenario.quietPhase, faults, built);
  scheduleSampling(kernel, series, sampleIntervalMs, durationMs, (atMs) => {
    checkInvariants();
    quiet?.sample(atMs);
    aborts.check(atMs);
  });
  const outcome = kernel.run({
    durationUs: msToUs(durationMs),
    eventsMax: options.eventsMax,
    wallMsMax: options.wallMsMax,
    onProgress: options.onProgress ? (nowUs, events) => options.onProgress?.(usToMs(nowUs), durationMs, events) : undefined,
  });
  kernel.deterministically(() => built.finish());
  checkInvariants();
  const flat = metrics.flatten();
  const timeSeries = series.result();
  const expectations = [
    ...evaluateExpectations(scenario.expectations(params as never, profile, faults), flat),
    ...evaluateThresholds(thresholds, flat, timeSeries),
  ];
  const invariantResults = invariants.map(({ name, violations, first }) => ({ name, violations, first }));
  // A swarm run's folder and replay name what the user chose (and --swarm), not what the seed drew.
  const variant = runVariant(scenario, profile, swarm ? resolveParams(scenario, profile, options.set ?? {}) : params, {
    faults: swarm ? (options.faults ?? []).map((text) => parseFault(text).text) : given,
    expect: thresholds.map((t) => t.text), swarm: swarm !== null,
  });
  const liveness = quiet?.result(usToMs(outcome.simulatedUs));
  const passed = outcome.stopReason === 'completed'
    && expectations.every((expectation) => expectation.passed)
    && invariantResults.every((invariant) => invariant.violations === 0)
    && (liveness?.passed ?? true);
  return {
    summary: {
      scenario: scenario.name,
      title: scenario.summary,
      profile: profile.name,
      seed,
      params: { ...formatParams(scenario, params), ...faultsParam(faults) },
      simulatedMs: usToMs(outcome.simulatedUs),
      wallMs: outcome.wallMs,
      events: outcome.events,
      traceHash: kernel.traceHashHex(),
      stopReason: outcome.stopReason,
      ...(aborts.aborted ? { abort: aborts.aborted } : {}),
      passed,
      expectations,
      invariants: invariantResults,
      metrics: flat,
      findings: [...abortFindings(aborts), ...scenario.findings(params as never, flat, timeSeries, profile, faults)],
      charts: scenario.charts,
      ...(scenario.enumerations ? { enumerations: scenario.enumerations } : {}),
      annotations: inTimeOrder(annotations.filter((annotation) => annotation.atMs <= durationMs)),
      limits,
      headlines: (scenario.headlines ?? []).map(({ metric, label, unit }) => ({ label, metric, value: flat[metric] ?? null, ...(unit ? { unit } : {}) })),
      ...(scenario.outcome ? { outcome: scenario.outcome(params as never, flat, faults) } : {}),
      variant: variantLabel(variant),
      replay: replayCommand(scenario.name, seed, variant),
      ...(swarm ? { swarm: swarm.drawn } : {}),
      ...(liveness ? { liveness } : {}),
    },
    series: timeSeries,
  };
}

/** The quiet phase's watch when the run has faults from the fault language and a phase is declared; else null. */
function quietPhaseWatch(phase: QuietPhase | undefined, faults: readonly Fault[], built: BuiltScenario): QuietPhaseWatch | null {
  const healedMs = lastFaultHealedMs(faults);
  if (!phase || healedMs === undefined) return null;
  return new QuietPhaseWatch(phase, healedMs, built.converged ? (healedMs) => built.converged!(healedMs) : undefined);
}

/** Samples at every interval up to the end; sampling events are part of the trace. */
function scheduleSampling(
  kernel: Kernel, series: SeriesRecorder, intervalMs: number, durationMs: number, afterSample: (atMs: number) => void,
): void {
  const actor = kernel.name('sampler');
  const type = kernel.name('sample');
  let index = 0;
  const next = (): void => {
    index++;
    const atMs = index * intervalMs;
    if (atMs > durationMs) return;
    kernel.at(msToUs(atMs), actor, type, index, () => {
      series.sample(atMs);
      afterSample(atMs);
      next();
    });
  };
  next();
}

/** The sentence that says a threshold stopped the run, first among the findings. */
function abortFindings(aborts: AbortWatch): string[] {
  const abort = aborts.aborted;
  if (!abort) return [];
  return [`Aborted at ${(abort.atMs / 1_000).toFixed(1)} s of simulated time: the threshold "${abort.threshold}" was crossed (value ${Number(abort.value.toPrecision(4))}), so the run stopped there and what follows describes the run up to then.`];
}

/** Annotations by time; equal times keep the order they were recorded in (sort is stable). */
function inTimeOrder(annotations: readonly Annotation[]): Annotation[] {
  return [...annotations].sort((a, b) => a.atMs - b.atMs);
}
