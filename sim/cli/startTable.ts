import { formatHeadline } from '../report/formatHeadline.js';
import type { RunSummary } from '../report/runSummary.js';
import { verdictWord } from '../report/verdictText.js';

/** The widest line `npm start` prints: one screen is at most 40 lines of at most 100 characters. */
export const startLineCharsMax = 100;

/** One run of `npm start`: its label and what it produced. */
export interface StartRow {
  readonly label: string;
  readonly summary: RunSummary;
}

/**
 * `npm start` on one screen: a table of runs (run, verdict, two headline figures), a count
 * and where the reports are, as a file:// URL a terminal can open. The detail is in the
 * reports; every line is cut to {@link startLineCharsMax}.
 */
export function formatStartTable(rows: readonly StartRow[], indexUrl: string): string {
  const labelWidth = Math.max(3, ...rows.map((row) => row.label.length));
  const line = (label: string, verdict: string, figures: string): string =>
    fit(`${label.padEnd(labelWidth)}  ${verdict.padEnd(7)} ${figures}`.trimEnd());
  const lines = [line('run', 'verdict', 'headline figures')];
  for (const { label, summary } of rows) {
    lines.push(line(label, verdictWord(summary), (summary.headlines ?? []).slice(0, 2).map(formatHeadline).join('; ')));
  }
  const failed = rows.filter((row) => !row.summary.passed).length;
  lines.push('', fit(`${rows.length - failed} of ${rows.length} runs met every expectation and invariant; each verdict says what happened.`));
  lines.push(fit(`Reports: ${indexUrl}`));
  return lines.join('\n');
}

function fit(text: string): string {
  return text.length <= startLineCharsMax ? text : `${text.slice(0, startLineCharsMax - 1)}…`;
}
