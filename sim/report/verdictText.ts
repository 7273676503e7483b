import type { RunSummary } from './runSummary.js';

/**
 * The verdict in one sentence: whether the expectations held *and* what the system did, so
 * a predicted outage ("PASSED: the cluster shut down, as the survival rule predicts") reads
 * differently from an unpredicted one ("FAILED: 1 of 3 expectations did not hold …").
 */
export function verdictText(summary: RunSummary): string {
  const what = summary.outcome ? `; ${summary.outcome}` : '';
  if (summary.abort) {
    return `FAILED: aborted at ${(summary.abort.atMs / 1_000).toFixed(1)} s: the threshold "${summary.abort.threshold}" was crossed (value ${Number(summary.abort.value.toPrecision(4))})${what}`;
  }
  if (summary.stopReason !== 'completed') {
    return `FAILED: the run stopped early (${summary.stopReason}), so nothing it predicts was checked${what}`;
  }
  const failed = summary.expectations.filter((expectation) => !expectation.passed);
  const broken = summary.invariants.filter((invariant) => invariant.violations > 0);
  if (summary.passed) {
    return `PASSED: ${summary.outcome ?? 'every expectation and invariant held'}`;
  }
  const reasons: string[] = [];
  if (failed.length > 0) {
    reasons.push(`${failed.length} of ${summary.expectations.length} expectations did not hold (${failed.map((e) => e.name).join('; ')})`);
  }
  if (broken.length > 0) reasons.push(`invariant broken: ${broken.map((i) => i.name).join('; ')}`);
  return `FAILED: ${reasons.join(', ')}${what}`;
}

/** `PASSED` or `FAILED`, for tables with little room. */
export function verdictWord(summary: RunSummary): string {
  return summary.passed ? 'PASSED' : 'FAILED';
}
