import { formatNumber } from '../report/formatNumber.js';
import type { RunSummary, SwarmDrawn } from '../report/runSummary.js';
import { metricText } from '../report/summaryTables.js';

/** A run on one screen: verdict, findings, failed checks and the key numbers. */
export function formatSummary(summary: RunSummary, reportDir: string | null): string {
  const lines: string[] = [];
  const verdict = summary.passed ? 'PASSED' : 'FAILED';
  lines.push(`${summary.scenario} seed ${summary.seed}: ${verdict} (${summary.stopReason}, ${formatSeconds(summary.simulatedMs)} s simulated in ${summary.wallMs} ms, ${summary.events} events, trace ${summary.traceHash})`);
  for (const finding of summary.findings) lines.push(`  - ${finding}`);
  for (const expectation of summary.expectations) {
    const mark = expectation.passed ? 'ok  ' : 'FAIL';
    // A metric that holds a choice reads as its word on both sides (`shut down (0) (== shut down)`).
    const word = expectation.threshold === null ? undefined : summary.enumerations?.[expectation.metric]?.[expectation.threshold];
    const threshold = expectation.threshold === null ? '' : ` ${word ?? formatNumber(expectation.threshold)}`;
    lines.push(`  ${mark} ${expectation.name}: ${expectation.metric} = ${metricText(summary, expectation.metric, expectation.value)} (${expectation.op}${threshold})`);
  }
  for (const invariant of summary.invariants) {
    if (invariant.violations === 0) continue;
    lines.push(`  FAIL invariant "${invariant.name}": ${invariant.violations} violation(s), first at ${invariant.first?.atMs} ms: ${invariant.first?.message}`);
  }
  if (summary.liveness) lines.push(`  ${summary.liveness.passed ? 'ok  ' : 'FAIL'} ${summary.liveness.message}`);
  if (reportDir) lines.push(`  report: ${reportDir}/report.html (summary.json, report.md beside it)`);
  lines.push(`  replay: ${summary.replay}`);
  return lines.join('\n');
}

/** Milliseconds as seconds with at most three decimals: 92880.338 ms is "92.88", not 92.88033800000001. */
function formatSeconds(ms: number): string {
  return String(Number((ms / 1_000).toFixed(3)));
}

/** What `--swarm` drew, printed before the run starts: every parameter and fault, as `--set` and `--fault` take them. */
export function formatSwarmDraw(drawn: SwarmDrawn): string {
  const params = Object.entries(drawn.params).map(([name, value]) => `${name}=${value === '' ? '(none)' : String(value)}`);
  const lines = [`swarm drew: ${params.length > 0 ? params.join(' ') : 'no parameters'}`];
  lines.push(drawn.faults.length > 0 ? `swarm faults: ${drawn.faults.join('; ')}` : 'swarm faults: none');
  return lines.join('\n');
}
