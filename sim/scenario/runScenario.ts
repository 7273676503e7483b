import { Kernel } from '../kernel/kernel.js';
import type { TraceLog } from '../kernel/traceLog.js';
import { msToUs, usToMs } from '../kernel/time.js';
import { Network } from '../net/network.js';
import { Metrics } from '../report/metrics.js';
import type { InvariantResult, RunResult } from '../report/runSummary.js';
import { SeriesRecorder } from '../report/seriesRecorder.js';
import { evaluateExpectations } from './expectation.js';
import type { ParamValue } from './param.js';
import type { Profile } from './profile.js';
import { defaultOf, formatParams, resolveParams } from './resolveParams.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { quoteInput } from './quoteInput.js';
import { UsageError } from './usageError.js';

export interface RunOptions {
  readonly seed: number;
  /** Parameter overrides, as strings from `--set` or values from code. */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly traceLog?: TraceLog;
  /** Default 50 000 000 delivered events. */
  readonly eventsMax?: number;
  /** Default 10 minutes of wall time. */
  readonly wallMsMax?: number;
  /** Told now and then how far the run has got (simulated ms). */
  readonly onProgress?: (simulatedMs: number, durationMs: number) => void;
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

interface InvariantState {
  readonly name: string;
  readonly check: () => string | null;
  violations: number;
  first: InvariantResult['first'];
}

/**
 * One run = (scenario, parameters, seed): builds the topology, runs the kernel within its
 * limits, samples the series, checks invariants at every sample and at the end, and
 * returns the summary and series. Deterministic: nothing here reads the wall clock except
 * the kernel's wall-time limit and the reported wallMs.
 */
export function runScenario(scenario: Scenario, profile: Profile, options: RunOptions): RunResult {
  const seed = parseSeed(options.seed);
  const params = resolveParams(scenario, profile, options.set ?? {});
  const durationMs = scenario.durationMs(params as never);
  const kernel = new Kernel(seed, options.traceLog ?? null);
  const network = new Network(kernel);
  const metrics = new Metrics();
  const sampleIntervalMs = scenario.sampleIntervalMs ?? 1_000;
  const series = new SeriesRecorder(sampleIntervalMs);
  const invariants: InvariantState[] = [];
  const faults = kernel.name('faults');
  const context: ScenarioContext<Record<string, ParamValue>> = {
    kernel, network, params, profile, metrics, series,
    invariant: (name, check) => invariants.push({ name, check, violations: 0, first: null }),
    fault: (atMs, name, run) => void kernel.at(msToUs(atMs), faults, kernel.name(name), 0, run),
  };
  const built = kernel.deterministically(() => scenario.build(context as never));
  const checkInvariants = (): void => {
    for (const invariant of invariants) {
      const message = invariant.check();
      if (message === null) continue;
      invariant.violations++;
      invariant.first ??= { atMs: usToMs(kernel.nowUs), message, recentEvents: kernel.recentEvents() };
    }
  };
  scheduleSampling(kernel, series, sampleIntervalMs, durationMs, checkInvariants);
  const outcome = kernel.run({
    durationUs: msToUs(durationMs),
    eventsMax: options.eventsMax,
    wallMsMax: options.wallMsMax,
    onProgress: options.onProgress ? (nowUs) => options.onProgress?.(usToMs(nowUs), durationMs) : undefined,
  });
  kernel.deterministically(() => built.finish());
  checkInvariants();
  const flat = metrics.flatten();
  const expectations = evaluateExpectations(scenario.expectations(params as never, profile), flat);
  const invariantResults = invariants.map(({ name, violations, first }) => ({ name, violations, first }));
  const timeSeries = series.result();
  const passed = outcome.stopReason === 'completed'
    && expectations.every((expectation) => expectation.passed)
    && invariantResults.every((invariant) => invariant.violations === 0);
  return {
    summary: {
      scenario: scenario.name,
      title: scenario.summary,
      profile: profile.name,
      seed,
      params: formatParams(scenario, params),
      simulatedMs: usToMs(outcome.simulatedUs),
      wallMs: outcome.wallMs,
      events: outcome.events,
      traceHash: kernel.traceHashHex(),
      stopReason: outcome.stopReason,
      passed,
      expectations,
      invariants: invariantResults,
      metrics: flat,
      findings: scenario.findings(params as never, flat, timeSeries, profile),
      charts: scenario.charts,
      replay: replayCommand(scenario, profile, seed, params),
    },
    series: timeSeries,
  };
}

/** Samples at every interval up to the end; sampling events are part of the trace. */
function scheduleSampling(
  kernel: Kernel, series: SeriesRecorder, intervalMs: number, durationMs: number, afterSample: () => void,
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
      afterSample();
      next();
    });
  };
  next();
}

/** The command that runs exactly this again: non-default parameters spelled out. */
function replayCommand(scenario: Scenario, profile: Profile, seed: number, params: Record<string, ParamValue>): string {
  const sets: string[] = [];
  for (const [name, spec] of Object.entries(scenario.params)) {
    const value = spec.format(params[name] as ParamValue);
    if (value !== spec.format(defaultOf(spec, profile))) sets.push(`--set ${name}=${value}`);
  }
  const profileFlag = profile.name === scenario.profile ? '' : ` --profile ${profile.name}`;
  return `sim run ${scenario.name} --seed ${seed}${profileFlag}${sets.length > 0 ? ' ' + sets.join(' ') : ''}`;
}
