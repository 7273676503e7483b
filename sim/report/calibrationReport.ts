import type { TopLevelSpec } from 'vega-lite';
import type { Calibration, CalibrationFigure } from './calibration.js';
import { escapeHtml } from './escapeHtml.js';
import { formatNumber } from './formatNumber.js';
import { htmlPage } from './htmlPage.js';
import { htmlTable } from './htmlTable.js';
import { markdownTable } from './markdownTable.js';
import type { Table } from './table.js';
import { chartFont, chartHeightPx, chartWidthPx, renderVegaLiteSvg } from './vegaLiteSvg.js';

/** The figures in words, in report order. */
const figureLabels: Readonly<Record<string, string>> = {
  onsetMs: 'first EADDRNOTAVAIL (ms)',
  failureShare: 'failure share',
  timeWaitPeak: 'TIME_WAIT peak on the proxy (to storage)',
  steadySuccessPerSec: 'steady success rate (/s, last third)',
};

/** The charts: each draws a predicted and a measured series on one time axis. */
const charts = [
  { id: 'timeWait', title: 'Proxy sockets in TIME_WAIT towards storage', yLabel: 'sockets', series: ['predicted TIME_WAIT', 'measured TIME_WAIT'] },
  { id: 'ports', title: 'Proxy ports in use towards its backends', yLabel: 'ports', series: ['predicted ports in use', 'measured ports in use'] },
  { id: 'success', title: 'Successful requests per second', yLabel: 'per second', series: ['predicted ok /s', 'measured ok /s'] },
];

function figuresTable(calibration: Calibration): Table {
  const within = (figure: CalibrationFigure): boolean => figure.errorPercent !== null && figure.errorPercent <= calibration.tolerancePercent;
  return {
    head: ['figure', 'predicted', 'measured', 'error %', `within ${calibration.tolerancePercent} %`],
    rows: Object.entries(calibration.figures).map(([name, figure]: [string, CalibrationFigure]) => ({
      cells: [figureLabels[name] ?? name, formatNumber(figure.predicted), formatNumber(figure.measured), errorText(figure), within(figure) ? 'yes' : 'no'],
      status: within(figure) ? 'pass' : 'fail',
    })),
  };
}

/** The error in percent, saying of what when it is not of the prediction (`2 of 1 000 ports in the range`). */
function errorText(figure: CalibrationFigure): string {
  const error = formatNumber(figure.errorPercent);
  return figure.scale ? `${error} of ${formatNumber(figure.scale.value)} ${figure.scale.label}` : error;
}

function recordTable(record: Readonly<Record<string, string | number>>): Table {
  return { head: ['', ''], rows: Object.entries(record).map(([key, value]) => ({ cells: [key, String(value)] })) };
}

function verdict(calibration: Calibration): string {
  return calibration.disagreements.length === 0
    ? `Predicted and measured agree within ${calibration.tolerancePercent} % on every figure.`
    : `Outside ${calibration.tolerancePercent} %: ${calibration.disagreements.map((name) => figureLabels[name] ?? name).join(', ')}.`;
}

/** report.md of a calibration. */
export function renderCalibrationMarkdown(calibration: Calibration): string {
  return [
    `# ${calibration.title}`, '', `**${verdict(calibration)}**`, '',
    '## Figures', '', markdownTable(figuresTable(calibration)), '',
    '## What happened', '', ...calibration.findings.map((line) => `- ${line}`), '',
    '## Settings', '', markdownTable(recordTable(calibration.settings)), '',
    '## Live environment', '', markdownTable(recordTable(calibration.environment)), '',
    '## Simulation', '', markdownTable(recordTable(calibration.simulation)), '',
    'The charts are in report.html; the per-second numbers in calibration.json.', '',
  ].join('\n');
}

/** report.html of a calibration: the tables and one chart per series pair (vega-lite, rendered to SVG here). */
export async function renderCalibrationHtml(calibration: Calibration): Promise<string> {
  const figures: string[] = [];
  for (const chart of charts) {
    const svg = await renderVegaLiteSvg(chartSpec(calibration, chart));
    figures.push(`<figure><figcaption>${escapeHtml(chart.title)}</figcaption>${svg}</figure>`);
  }
  const pass = calibration.disagreements.length === 0;
  return htmlPage(calibration.title, [
    `<h1>${escapeHtml(calibration.title)}</h1>`,
    `<p class="verdict ${pass ? 'pass' : 'fail'}">${escapeHtml(verdict(calibration))}</p>`,
    '<h2>Figures</h2>', htmlTable(figuresTable(calibration)),
    '<h2>Predicted and measured, second by second</h2>', ...figures,
    '<h2>What happened</h2>', `<ul>${calibration.findings.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    '<h2>Settings</h2>', htmlTable(recordTable(calibration.settings)),
    '<h2>Live environment</h2>', htmlTable(recordTable(calibration.environment)),
    '<h2>Simulation</h2>', htmlTable(recordTable(calibration.simulation)),
  ].join('\n'));
}

function chartSpec(calibration: Calibration, chart: (typeof charts)[number]): TopLevelSpec {
  const rows = chart.series.flatMap((name) =>
    (calibration.series.series[name] ?? []).flatMap((value, index) => (value === null ? [] : [{ t: calibration.series.tSec[index], series: name, value }])));
  return {
    title: chart.title,
    width: chartWidthPx,
    height: chartHeightPx,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time from the first request (s)' },
      y: { field: 'value', type: 'quantitative', title: chart.yLabel },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#1a5fb4', '#c01c28'] } },
      strokeDash: { field: 'series', type: 'nominal', legend: null, scale: { range: [[1, 0], [6, 3]] } },
    },
    config: { font: chartFont, view: { stroke: '#ddd' } },
  } as TopLevelSpec;
}
