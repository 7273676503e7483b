import { byCodeUnit } from './byCodeUnit.js';
import { renderLinesSvg } from './chartSvg.js';
import { seriesLabel } from './seriesLabel.js';
import { metricText } from './summaryTables.js';
import { formatHeadlineValue } from './formatHeadline.js';
import { escapeHtml } from './escapeHtml.js';
import { MISSING } from './formatNumber.js';
import { formatParam } from './formatParam.js';
import { htmlPage } from './htmlPage.js';
import { htmlTable } from './htmlTable.js';
import { markdownTable } from './markdownTable.js';
import type { Annotation, Limit, RunResult, RunSummary } from './runSummary.js';
import type { Table, TableRow } from './table.js';
import { verdictWord } from './verdictText.js';

/**
 * `index.md` comparing runs side by side: a column per run; rows for the parameters that
 * differ (the ones that are equal explain nothing), every metric, the verdict, and a
 * link to each run's own report. `links[i]` is the relative path to run i's report.
 */
export function renderComparisonMarkdown(
  results: readonly RunResult[],
  heading: string,
  links: readonly string[],
): string {
  const table = comparisonTable(results, links);
  const chartsNote = 'Charts side by side: [index.html](index.html).';
  return `# ${heading}\n\n${markdownTable(table)}\n\n${chartsNote}\n`;
}

/** `index.html`: the same table, then each chart every run has, one run per column. */
export async function renderComparisonHtml(
  results: readonly RunResult[],
  heading: string,
  links: readonly string[],
): Promise<string> {
  const table = comparisonTable(results, links);
  const changed = differingFields(results).map((field) => `${field.name} ${field.values.join(' → ')}`);
  const body = [
    `<h1>${escapeHtml(heading)}</h1>`,
    `<p class="subtitle">What changed: ${escapeHtml(changed.join('; ') || 'nothing but the run')}</p>`,
    `<h2>Headline figures</h2>\n${htmlTable(headlineTable(results))}`,
    await sharedChartsHtml(results),
    `<h2>Every metric</h2>\n${htmlTable(table)}`,
  ];
  return htmlPage(heading, body.join('\n'));
}

/** The first run's headline figures, before → after across the runs, in words. */
function headlineTable(results: readonly RunResult[]): Table {
  const first = results[0]?.summary.headlines ?? [];
  const rows = first.map((headline) => ({
    cells: [headline.label, ...results.map((r) => {
      const same = r.summary.headlines?.find((h) => h.metric === headline.metric);
      return same ? formatHeadlineValue(same) : MISSING;
    })],
  }));
  rows.push({ cells: ['verdict', ...results.map((r) => verdictWord(r.summary))] });
  return { head: ['', ...runLabels(results)], rows };
}

function comparisonTable(results: readonly RunResult[], links: readonly string[]): Table {
  if (links.length !== results.length) {
    throw new Error(`comparison needs one link per run: ${results.length} runs, ${links.length} links`);
  }
  const summaries = results.map((r) => r.summary);
  const metricNames = [...new Set(summaries.flatMap((s) => Object.keys(s.metrics)))].sort(byCodeUnit);
  const rows: TableRow[] = [
    ...differingFields(results).map((field) => ({ cells: [field.name, ...field.values] })),
    ...metricNames.map((name) => ({
      cells: [name, ...summaries.map((s) => metricCell(s, name))],
    })),
    { cells: ['verdict', ...summaries.map(verdictWord)] },
    { cells: ['report', ...links.map((href) => ({ text: 'report', href }))] },
  ];
  return { head: ['', ...runLabels(results)], rows };
}

/** A metric's value, or — when the run has no such metric (or has it as null). */
function metricCell(s: RunSummary, name: string): string {
  return Object.hasOwn(s.metrics, name) ? metricText(s, name, s.metrics[name] ?? null) : MISSING;
}

interface Field {
  readonly name: string;
  /** One formatted value per run. */
  readonly values: readonly string[];
}

/**
 * Scenario and seed when they differ, then every parameter whose formatted value is not
 * the same in all runs (a parameter only some runs have counts as differing).
 */
function differingFields(results: readonly RunResult[]): Field[] {
  const summaries = results.map((r) => r.summary);
  const paramNames = [...new Set(summaries.flatMap((s) => Object.keys(s.params)))];
  const fields: Field[] = [
    { name: 'scenario', values: summaries.map((s) => s.scenario) },
    { name: 'seed', values: summaries.map((s) => String(s.seed)) },
    ...paramNames.map((name) => ({ name, values: summaries.map((s) => formatParam(s.params[name])) })),
  ];
  return fields.filter((f) => new Set(f.values).size > 1);
}

/** A column title per run from what sets it apart, e.g. `closer=client`. */
function runLabels(results: readonly RunResult[]): string[] {
  const fields = differingFields(results);
  return results.map((_, i) => {
    const label = fields.map((f) => `${f.name}=${f.values[i] ?? MISSING}`).join(', ');
    return label || `run ${i + 1}`;
  });
}

/** The highest value any run draws of `metric`, and the limits of chart `id`: the y-axis top. */
function sharedYMax(results: readonly RunResult[], id: string, metric: string): number {
  let max = 0;
  for (const { summary, series } of results) {
    for (const value of series.series[metric] ?? []) if (value > max) max = value;
    for (const limit of summary.limits ?? []) if (limit.chart === id && limit.value > max) max = limit.value;
  }
  return max;
}

/**
 * What the runs' charts draw over their lines: each run's annotations, named by the run
 * when the runs differ in them (one label when all runs have it at the same time), and the
 * limits, each once.
 */
function overlayMarks(results: readonly RunResult[], labels: readonly string[]): { annotations: Annotation[]; limits: Limit[] } {
  const seen = new Map<string, { annotation: Annotation; runs: number[] }>();
  for (const [i, { summary }] of results.entries()) {
    for (const annotation of summary.annotations ?? []) {
      const key = `${annotation.atMs}|${annotation.untilMs ?? ''}|${annotation.label}`;
      const entry = seen.get(key) ?? { annotation, runs: [] };
      entry.runs.push(i);
      seen.set(key, entry);
    }
  }
  const annotations = [...seen.values()].flatMap(({ annotation, runs }) => (runs.length === results.length
    ? [annotation]
    : runs.map((i) => ({ ...annotation, label: `${labels[i] ?? ''}: ${annotation.label}` }))));
  const limits = new Map<string, Limit>();
  for (const { summary } of results) for (const limit of summary.limits ?? []) limits.set(`${limit.chart}|${limit.name}|${limit.value}`, limit);
  return { annotations, limits: [...limits.values()] };
}

/**
 * For each chart id every run has (in the first run's order), one chart per metric with
 * every run's line overlaid on one y-axis: the runs differ where the lines part. Each run
 * has its own colour and dash, so one drawn under another still shows.
 */
async function sharedChartsHtml(results: readonly RunResult[]): Promise<string> {
  const first = results[0];
  if (first === undefined) return '';
  const shared = first.summary.charts.filter((c) => results.every((r) => r.summary.charts.some((o) => o.id === c.id)));
  const labels = runLabels(results);
  const marks = overlayMarks(results, labels);
  const sections: string[] = [];
  for (const chart of shared) {
    const figures: string[] = [];
    for (const metric of chart.series) {
      const lines = results.flatMap(({ series }, i) => {
        const values = series.series[metric];
        const label = labels[i] ?? `run ${i + 1}`;
        return values ? [{ label, tooltip: `${metric} (${label})`, tMs: series.tMs, values }] : [];
      });
      const title = seriesLabel(metric);
      const svg = await renderLinesSvg({ id: chart.id, title, yLabel: chart.yLabel }, lines, { ...marks, yMax: sharedYMax(results, chart.id, metric) });
      figures.push(`<figure>\n${svg}\n</figure>`);
    }
    const row = `<div class="charts-row" style="--runs: ${Math.min(2, figures.length)}">\n${figures.join('\n')}\n</div>`;
    sections.push(`<h3>${escapeHtml(chart.title)}</h3>\n${row}`);
  }
  return sections.length > 0 ? `<h2>Charts</h2>\n${sections.join('\n')}` : '';
}
