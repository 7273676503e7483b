import { formatNumber } from '../report/formatNumber.js';
import { markdownTable } from '../report/markdownTable.js';
import type { Comparison, MetricChange } from './comparison.js';

/**
 * `compare.md`, also what `sim compare` prints: the two sides with their commits, the
 * parameters that differ, every metric that changed (for sweeps, whether beyond noise),
 * the expectations whose verdict moved, and the regressions.
 */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const { before, after } = comparison;
  const sameCommit = before.commit === after.commit;
  const changed = comparison.metrics.filter(isChanged);
  const parts = [
    `# Comparison of two ${comparison.kind}: ${before.scenario}${before.scenario === after.scenario ? '' : ` vs ${after.scenario}`}`,
    `Before: ${before.path} (${before.verdict}; commit ${before.commit ?? 'unknown'})\n\nAfter: ${after.path} (${after.verdict}; commit ${after.commit ?? 'unknown'})` +
      (sameCommit ? '' : '\n\nThe two were made from different commits.'),
    comparison.regressions.length > 0
      ? `REGRESSED:\n\n${comparison.regressions.map((r) => `- ${r}`).join('\n')}`
      : 'No declared regression threshold crossed.',
    '## Parameters that differ',
    markdownTable({ head: ['parameter', 'before', 'after'], rows: comparison.paramsChanged.map((p) => ({ cells: [p.name, p.before, p.after] })) }),
    `## Metrics that changed (${changed.length} of ${comparison.metrics.length})`,
    comparison.kind === 'sweeps' ? 'Means over the runs; "beyond noise" is a two-sample Kolmogorov-Smirnov test at the 5 % level.' : '',
    markdownTable(metricTable(changed, comparison.kind === 'sweeps')),
    '## Expectations whose verdict moved',
    markdownTable({
      head: ['expectation', 'before', 'after'],
      rows: comparison.expectations.filter((e) => e.before !== e.after).map((e) => ({ cells: [e.name, e.before, e.after], status: e.regressed ? 'fail' as const : undefined })),
    }),
  ];
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function isChanged(change: MetricChange): boolean {
  return change.before !== change.after || change.differsBeyondNoise === true;
}

function metricTable(changes: readonly MetricChange[], sweeps: boolean) {
  const head = ['metric', 'before', 'after', 'change', ...(sweeps ? ['beyond noise'] : [])];
  const rows = changes.map((c) => ({
    cells: [
      c.metric, formatNumber(c.before), formatNumber(c.after),
      c.changePercent === null ? 'n/a' : `${c.changePercent >= 0 ? '+' : ''}${c.changePercent.toFixed(1)} %`,
      ...(sweeps ? [c.differsBeyondNoise ? 'yes' : 'no'] : []),
    ],
  }));
  return { head, rows };
}
