import { chartAnchor } from './chartAnchor.js';
import { renderChartSvg } from './chartSvg.js';
import { escapeHtml } from './escapeHtml.js';
import { formatNumber } from './formatNumber.js';
import { htmlPage } from './htmlPage.js';
import { htmlTable } from './htmlTable.js';
import { machineDiagramSvg } from './machineDiagramSvg.js';
import type { RunResult, RunSummary } from './runSummary.js';
import { summaryTables } from './summaryTables.js';
import { runTitle } from './runTitle.js';
import { verdictText } from './verdictText.js';

/**
 * `report.html` of one run: the same sections as `report.md`, with the charts inline as
 * SVG right after the verdict and findings, where a reader looks first.
 */
export async function renderHtml(result: RunResult): Promise<string> {
  const s = result.summary;
  const tables = summaryTables(s);
  const body = [
    `<h1>${escapeHtml(runTitle(s))}</h1>`,
    `<p class="subtitle">${escapeHtml(s.title)}</p>`,
    verdictHtml(s),
    `<h2>Findings</h2>\n${findingsHtml(s.findings)}`,
    `<h2>Charts</h2>\n${await chartsHtml(result)}`,
    `<h2>Expectations</h2>\n${htmlTable(tables.expectations)}`,
    `<h2>Invariants</h2>\n${htmlTable(tables.invariants)}\n${violationTracesHtml(s)}`,
    `<h2>Metrics</h2>\n${htmlTable(tables.metrics)}`,
    `<h2>Machines</h2>\n${machinesHtml(result)}`,
    `<h2>Parameters</h2>\n${htmlTable(tables.parameters)}`,
    `<h2>Run</h2>\n${htmlTable(tables.run)}\n<h3>Replay</h3>\n<pre><code>${escapeHtml(s.replay)}</code></pre>`,
  ];
  return htmlPage(runTitle(s), body.join('\n'));
}

function verdictHtml(s: RunSummary): string {
  return `<p class="verdict ${s.passed ? 'pass' : 'fail'}">${escapeHtml(verdictText(s))}</p>`;
}

function findingsHtml(findings: readonly string[]): string {
  if (findings.length === 0) return '<p class="none">None.</p>';
  return `<ul>\n${findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('\n')}\n</ul>`;
}

/** Sequential on purpose: Vega rendering is CPU-bound, so parallel views gain nothing. */
async function chartsHtml(result: RunResult): Promise<string> {
  if (result.summary.charts.length === 0) return '<p class="none">None.</p>';
  const figures: string[] = [];
  for (const spec of result.summary.charts) {
    const svg = await renderChartSvg(spec, result.series, result.summary);
    figures.push(`<figure id="${escapeHtml(chartAnchor(spec.id))}">\n${svg}\n</figure>`);
  }
  return figures.join('\n');
}

/**
 * Each statechart that ran, drawn from its definition with how often each state was
 * entered and each transition taken; what the run never reached is drawn faint.
 */
function machinesHtml(result: RunResult): string {
  if (result.machineShapes.length === 0) return '<p class="none">None.</p>';
  return result.machineShapes
    .map((shape) => {
      const counts = result.summary.machines[shape.id] ?? null;
      return `<figure class="machine" id="machine-${escapeHtml(shape.id)}">\n<figcaption>${escapeHtml(shape.id)}</figcaption>\n${machineDiagramSvg(shape, counts)}\n</figure>`;
    })
    .join('\n');
}

function violationTracesHtml(s: RunSummary): string {
  return s.invariants
    .flatMap((inv) => {
      if (inv.first === null) return [];
      const intro = `Events before “${inv.name}” broke at ${formatNumber(inv.first.atMs)} ms`;
      const events = inv.first.recentEvents.join('\n');
      return [`<h3>${escapeHtml(intro)}</h3>\n<pre><code>${escapeHtml(events)}</code></pre>`];
    })
    .join('\n');
}
