import type { OpenLoadResult } from '../live/load/openModelLoad.js';
import type { ReproductionMeasurement } from '../live/reproduce/reproductionMeasurement.js';
import { calibrationFigure, disagreementsOf, type Calibration, type CalibrationFigures } from '../report/calibration.js';
import type { RunResult } from '../report/runSummary.js';

/** The agreement issue 15 asks for between the simulator and the real kernel. */
export const calibrationTolerancePercent = 5;

/** The first `steadyFraction` of a run is the build-up; the success rate is averaged over the rest. */
const steadyFrom = 2 / 3;

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.round((1_000 * values.reduce((sum, value) => sum + value, 0)) / values.length) / 1_000;
}

function measuredFigures(measurement: ReproductionMeasurement, durationMs: number) {
  const load: OpenLoadResult = measurement.load;
  // A timeout says the proxy was slow, not that a connect() failed: Perlbal answers a failed
  // reproxy connect at once (it closes the client connection; ours answers 503).
  const onsets = Object.entries(load.firstErrorMs).filter(([kind]) => kind !== 'timeout').map(([, atMs]) => atMs);
  const steady = load.perSecond.filter((second) => second.second >= Math.ceil((durationMs * steadyFrom) / 1_000)).map((second) => second.ok);
  return {
    onsetMs: onsets.length === 0 ? null : Math.min(...onsets),
    failureShare: load.intended === 0 ? null : Math.round((1e4 * (load.errors + load.dropped)) / load.intended) / 1e4,
    timeWaitPeak: measurement.samples.length === 0 ? null : Math.max(...measurement.samples.map((sample) => sample.timeWait)),
    steadySuccessPerSec: mean(steady),
  };
}

function predictedFigures(simulation: RunResult, durationMs: number) {
  const metrics = simulation.summary.metrics;
  const attempted = metrics['http.requests.attempted'] ?? 0;
  const { tMs, series } = simulation.series;
  const ok = series['http.okPerSec'] ?? [];
  const steady = ok.filter((_, index) => (tMs[index] ?? 0) > durationMs * steadyFrom);
  return {
    onsetMs: metrics['proxy.tcp.firstEaddrnotavailMs'] ?? null,
    failureShare: attempted === 0 ? null : Math.round((1e4 * (metrics['http.requests.failed'] ?? 0)) / attempted) / 1e4,
    timeWaitPeak: metrics['proxy.tcp.timeWaitOutgoingMax'] ?? null,
    steadySuccessPerSec: mean(steady),
  };
}

/** The per-second series of both sides on one axis: second n holds what happened by its end. */
function seriesOf(measurement: ReproductionMeasurement, simulation: RunResult, durationMs: number): Calibration['series'] {
  const seconds = Math.ceil(durationMs / 1_000);
  const tSec = Array.from({ length: seconds }, (_, index) => index + 1);
  const simAt = (name: string) => tSec.map((t) => {
    const index = simulation.series.tMs.indexOf(t * 1_000);
    return index < 0 ? null : (simulation.series.series[name]?.[index] ?? null);
  });
  const sampleAt = (pick: (sample: ReproductionMeasurement['samples'][number]) => number) =>
    tSec.map((t) => {
      const sample = measurement.samples.find((s) => s.atMs === t * 1_000);
      return sample ? pick(sample) : null;
    });
  return {
    tSec,
    series: {
      'predicted TIME_WAIT': simAt('proxy.tcp.timeWaitOutgoing'),
      'measured TIME_WAIT': sampleAt((sample) => sample.timeWait),
      'predicted ports in use': simAt('proxy.tcp.portsInUse'),
      'measured ports in use': sampleAt((sample) => sample.portsInUse),
      'predicted ok /s': simAt('http.okPerSec'),
      // The driver counts by the second a request was due; it was answered in the same or the next.
      'measured ok /s': tSec.map((t) => measurement.load.perSecond[t - 1]?.ok ?? null),
    },
  };
}

/** The calibration of a live reproduction against the simulator's run of the same settings. */
export function portExhaustionCalibration(
  measurement: ReproductionMeasurement, simulation: RunResult, settings: Readonly<Record<string, string | number>>, durationMs: number,
): Calibration {
  const predicted = predictedFigures(simulation, durationMs);
  const measured = measuredFigures(measurement, durationMs);
  const figures: CalibrationFigures = {
    onsetMs: calibrationFigure(predicted.onsetMs, measured.onsetMs),
    failureShare: calibrationFigure(predicted.failureShare, measured.failureShare),
    // Judged against the port budget the simulated run computed: the peak matters only as a share of what can run out.
    timeWaitPeak: calibrationFigure(predicted.timeWaitPeak, measured.timeWaitPeak, portBudgetOf(simulation)),
    steadySuccessPerSec: calibrationFigure(predicted.steadySuccessPerSec, measured.steadySuccessPerSec),
  };
  const load = measurement.load;
  const kinds = Object.entries(load.errorsByKind).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
  return {
    scenario: 'port-exhaustion',
    title: `Port exhaustion on the real kernel and in the simulator: ${settings.reproxy} reproxy at ${settings.ratePerSec}/s, ports ${settings.portRange}`,
    settings,
    environment: measurement.environment,
    figures,
    tolerancePercent: calibrationTolerancePercent,
    disagreements: disagreementsOf(figures, calibrationTolerancePercent),
    series: seriesOf(measurement, simulation, durationMs),
    simulation: {
      scenario: simulation.summary.scenario, profile: simulation.summary.profile, seed: simulation.summary.seed,
      traceHash: simulation.summary.traceHash, events: simulation.summary.events,
    },
    findings: [
      `On the real kernel the proxy also held up to ${Math.max(0, ...measurement.samples.map((sample) => sample.timeWaitToApp))} TIME_WAIT sockets towards the app ` +
        '(it closed some app connections before the app did); they block no connect() to storage, so the figures leave them out, and the model (the app closes first) has none.',
      `The live driver had ${load.intended} requests due, sent ${load.sent}, dropped ${load.dropped}; ${load.completed} succeeded and ${load.errors} failed (by kind: ${kinds}). ` +
        `Latency from the due time: p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, max ${load.latencyMs.max} ms.`,
      ...simulation.summary.findings.map((line) => `Simulator: ${line}`),
    ],
  };
}

/** The proxy's port budget as the scenario states it among its limits (docs/DOMAIN.md §6), if it does. */
function portBudgetOf(simulation: RunResult): { label: string; value: number } | undefined {
  const budget = simulation.summary.limits?.find((limit) => limit.name === 'port budget');
  return budget && budget.value > 0 ? { label: 'ports in the budget', value: budget.value } : undefined;
}
