import { MachineCoverage, withCoverage } from '../../contract/machineCoverage.js';
import { machineShapesOf } from '../../models/machineShapes.js';
import type { RunResult } from '../../report/runSummary.js';
import { checkGrabAtomicity, formatViolation } from '../grabAtomicity.js';
import type { GrabRule } from '../grabViolation.js';
import type { GrabModel } from './grabModel.js';
import { formatReplayToken, type ReplayToken } from './replayToken.js';

const rules: readonly { readonly rule: GrabRule; readonly name: string }[] = [
  { rule: 'doubleHold', name: 'no job held by two live workers at once' },
  { rule: 'jobLost', name: 'no accepted job lost' },
  { rule: 'clientReply', name: 'every foreground client gets exactly one terminal reply per job' },
  { rule: 'notExactlyOnce', name: 'without faults, each job completes exactly once' },
  { rule: 'inconsistent', name: 'the history is consistent' },
];

/**
 * The report of one grab case, in the same shape as a scenario run's (summary.json,
 * report.md, report.html): the case's schedule and each violation with its history
 * excerpt as findings, one invariant per checker rule, and history counts as metrics.
 */
export function grabCaseReport<T>(model: GrabModel<T>, token: ReplayToken, testCase: T, wallMs: number): RunResult {
  const coverage = new MachineCoverage();
  const run = withCoverage(coverage, () => model.run(testCase, token.mode));
  const machines = coverage.toJSON();
  const violations = checkGrabAtomicity(run.history, { mode: token.mode, faults: model.faults(testCase), drained: true });
  const metrics: Record<string, number | null> = { 'history.events': run.history.length, violations: violations.length };
  for (const event of run.history) metrics[`history.${event.kind}`] = (metrics[`history.${event.kind}`] ?? 0) + 1;
  const invariants = rules.map(({ rule, name }) => {
    const broken = violations.filter((violation) => violation.rule === rule);
    const first = broken[0];
    return {
      name, violations: broken.length,
      first: first ? { atMs: first.atUs / 1_000, message: first.text, recentEvents: formatViolation(first, run.history).split('\n').slice(1) } : null,
    };
  });
  const tokenText = formatReplayToken(token);
  return {
    summary: {
      scenario: `check-grab-${model.name}`,
      title: `Grab atomicity of the ${model.name} model on one generated case (worker loss: ${token.mode})`,
      profile: 'linux-modern',
      seed: token.seed,
      params: { model: model.name, mode: token.mode, path: token.path },
      simulatedMs: run.simulatedMs, wallMs, events: run.events, traceHash: run.traceHash,
      stopReason: 'completed', passed: violations.length === 0,
      expectations: [], invariants, metrics,
      findings: [`The case, as fast-check shrank it:\n${model.format(testCase)}`, ...violations.map((violation) => formatViolation(violation, run.history))],
      charts: [],
      replay: `npx sim replay ${tokenText}`,
      machines,
    },
    series: { intervalMs: 0, tMs: [], series: {} },
    machineShapes: machineShapesOf(machines),
  };
}
