import { formatNumber } from '../report/formatNumber.js';
import type { RunSummary } from '../report/runSummary.js';

/** A run on one screen: verdict, findings, failed checks and the key numbers. */
export function formatSummary(summary: RunSummary, reportDir: string | null): string {
  const lines: string[] = [];
  const verdict = summary.passed ? 'PASSED' : 'FAILED';
  lines.push(`${summary.scenario} seed ${summary.seed}: ${verdict} (${summary.stopReason}, ${formatSeconds(summary.simulatedMs)} s simulated in ${summary.wallMs} ms, ${summary.events} events, trace ${summary.traceHash})`);
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

/** Milliseconds as seconds with at most three decimals: 92880.338 ms is "92.88", not 92.88033800000001. */
function formatSeconds(ms: number): string {
  return String(Number((ms / 1_000).toFixed(3)));
}
