import { formatNumber } from '../report/formatNumber.js';
import type { RunSummary } from '../report/runSummary.js';

/** A run on one screen: verdict, findings, failed checks and the key numbers. */
export function formatSummary(summary: RunSummary, reportDir: string | null): string {
  const lines: string[] = [];
  const verdict = summary.passed ? 'PASSED' : 'FAILED';
  lines.push(`${summary.scenario} seed ${summary.seed}: ${verdict} (${summary.stopReason}, ${summary.simulatedMs / 1_000} s simulated in ${summary.wallMs} ms, ${summary.events} events, trace ${summary.traceHash})`);
  for (const finding of summary.findings) lines.push(`  - ${finding}`);
  for (const expectation of summary.expectations) {
    const mark = expectation.passed ? 'ok  ' : 'FAIL';
    const threshold = expectation.threshold === null ? '' : ` ${formatNumber(expectation.threshold)}`;
    lines.push(`  ${mark} ${expectation.name}: ${expectation.metric} = ${expectation.value === null ? 'null' : formatNumber(expectation.value)} (${expectation.op}${threshold})`);
  }
  for (const invariant of summary.invariants) {
    if (invariant.violations === 0) continue;
    lines.push(`  FAIL invariant "${invariant.name}": ${invariant.violations} violation(s), first at ${invariant.first?.atMs} ms: ${invariant.first?.message}`);
  }
  if (reportDir) lines.push(`  report: ${reportDir}/report.html (summary.json, report.md beside it)`);
  lines.push(`  replay: ${summary.replay}`);
  return lines.join('\n');
}
