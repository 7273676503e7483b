import type { TopLevelSpec } from 'vega-lite';
import { downsampleMax } from './downsampleMax.js';
import type { Annotation, ChartSpec, Limit, TimeSeries } from './runSummary.js';
import { seriesLabel } from './seriesLabel.js';
import { chartFont, chartHeightPx, chartWidthPx, renderVegaLiteSvg } from './vegaLiteSvg.js';

/** Points per series above which a chart is downsampled. */
export const CHART_MAX_POINTS = 2000;

/** One row of the long-format table Vega-Lite draws: a sample of one series. */
interface Row {
  readonly t: number;
  /** The series in words, as the legend shows it. */
  readonly series: string;
  readonly value: number;
}

/** What a chart draws over its series: the run's annotations and the limits meant for it. */
export interface ChartMarks {
  readonly annotations?: readonly Annotation[];
  readonly limits?: readonly Limit[];
  /** The top of the y axis, so charts of several runs side by side share one scale. */
  readonly yMax?: number;
}

/** The x axis of every time chart; layers share it by having the same title. */
const timeTitle = 'simulated time (s)';

/** Dash patterns by series order, so a series drawn under another still shows. */
const seriesDashes = [[1, 0], [7, 3], [2, 2], [10, 3, 2, 3], [4, 4]];

/** One line of a chart: its legend label, what its tooltip names (a metric id), its samples. */
export interface ChartLine {
  readonly label: string;
  readonly tooltip: string;
  readonly tMs: readonly number[];
  readonly values: readonly number[];
}

/**
 * Renders one chart of a run as a standalone SVG string: simulated time in seconds on x,
 * one line per series named in `spec` (its own colour and dash, labelled in words, its
 * metric id in the label's tooltip), the run's annotations as labelled rules (a shaded
 * band when they last), and the limits meant for this chart as dashed lines. Headless:
 * Vega's 'none' renderer builds the scenegraph without a canvas, and all data is inline,
 * so nothing is loaded.
 */
export async function renderChartSvg(spec: ChartSpec, series: TimeSeries, marks: ChartMarks = {}): Promise<string> {
  return renderLinesSvg(spec, spec.series.map((name) => seriesLine(name, series)), marks);
}

/** A chart of any lines, e.g. one metric of several runs overlaid (a side-by-side page). */
export async function renderLinesSvg(spec: Pick<ChartSpec, 'id' | 'title' | 'yLabel'>, lines: readonly ChartLine[], marks: ChartMarks = {}): Promise<string> {
  const rows = lines.flatMap(lineRows);
  const svg = await renderVegaLiteSvg(vegaLiteSpec(spec, lines.map((line) => line.label), rows, marks));
  return withLegendTooltips(svg, lines);
}

function seriesLine(name: string, series: TimeSeries): ChartLine {
  const values = series.series[name];
  if (values === undefined) {
    const available = Object.keys(series.series).join(', ') || '(none)';
    throw new Error(`chart series "${name}" is not in the run's time series; available: ${available}`);
  }
  if (values.length !== series.tMs.length) {
    throw new Error(`series "${name}" has ${values.length} samples but tMs has ${series.tMs.length}`);
  }
  return { label: seriesLabel(name), tooltip: name, tMs: series.tMs, values };
}

function lineRows({ label, tMs, values }: ChartLine): Row[] {
  // Vega-Lite keeps every row in its dataflow and the SVG gets one path vertex per row;
  // a few thousand points already exceed the 720 px width, so more only slows rendering
  // and bloats the page. Runs of up to ~600 samples are drawn as they are.
  return downsampleMax(values, CHART_MAX_POINTS).map((i) => ({
    t: (tMs[i] ?? Number.NaN) / 1000,
    series: label,
    value: values[i] ?? Number.NaN,
  }));
}

/**
 * Gives each legend label an SVG `<title>` (a browser's tooltip) naming what it draws: the
 * legend reads in words, the metric id stays one hover away. Vega's SVG output has no
 * tooltips of its own (its tooltip handler needs a live view), so they are added here.
 */
function withLegendTooltips(svg: string, lines: readonly ChartLine[]): string {
  let result = svg;
  for (const { label, tooltip } of lines) {
    const text = escapeXml(label);
    // Vega makes legend labels transparent to the pointer; a label with a tooltip must not be.
    const legendLabel = new RegExp(`<g class="mark-text role-legend-label" pointer-events="none">(<text[^>]*>)${escapeRegExp(text)}</text>`);
    result = result.replace(legendLabel, `<g class="mark-text role-legend-label">$1<title>${escapeXml(tooltip)}</title>${text}</text>`);
  }
  return result;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function vegaLiteSpec(spec: Pick<ChartSpec, 'id' | 'title' | 'yLabel'>, labels: readonly string[], rows: readonly Row[], marks: ChartMarks): TopLevelSpec {
  const limits = (marks.limits ?? []).filter((limit) => limit.chart === spec.id);
  const layers = [lineLayer(spec.yLabel, labels, rows, limits.length > 0, marks.yMax), ...annotationLayers(marks.annotations ?? []), ...limitLayers(limits, spec.yLabel)];
  return {
    title: spec.title,
    width: chartWidthPx,
    height: chartHeightPx,
    // 'fit' makes the whole SVG, title and legend included, 720 x 260 px (the plot
    // itself is about 640 x 170), so every chart has the same size whatever its tick
    // labels, and charts of different runs line up side by side in a comparison.
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    layer: layers,
    config: { font: chartFont, view: { stroke: '#ddd' } },
  } as TopLevelSpec;
}

function lineLayer(yLabel: string, labels: readonly string[], rows: readonly Row[], hasLimits: boolean, yMax: number | undefined): object {
  // Two labels to a legend row past two series: a row of three long labels runs off the chart.
  const legend = { title: null, orient: 'bottom', direction: 'horizontal', labelLimit: 0, columns: labels.length > 2 ? 2 : labels.length };
  return {
    data: { values: [...rows] },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: timeTitle },
      // A series that stays at 0 would get the domain [0, 0] and a lone "0.000000" tick:
      // give such a chart a 0-1 axis so "nothing happened" reads as a flat line at 0.
      y: {
        field: 'value', type: 'quantitative', title: yLabel,
        ...(yMax !== undefined && yMax > 0 ? { scale: { domain: [0, yMax] } }
          : !hasLimits && rows.every((row) => !(row.value > 0)) ? { scale: { domain: [0, 1] } } : {}),
      },
      // Domain in the spec's order: stable colours, dashes and legend order across runs.
      color: { field: 'series', type: 'nominal', scale: { domain: [...labels] }, legend },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: [...labels], range: seriesDashes } },
    },
  };
}

/** Instants as red rules with their label at the top; periods as a shaded band. */
function annotationLayers(annotations: readonly Annotation[]): object[] {
  if (annotations.length === 0) return [];
  const values = annotations.map((a) => ({ t: a.atMs / 1000, tEnd: (a.untilMs ?? a.atMs) / 1000, label: a.label, kind: a.kind }));
  const instants = values.filter((v) => v.tEnd === v.t);
  const periods = values.filter((v) => v.tEnd !== v.t);
  const layers: object[] = [];
  if (periods.length > 0) {
    layers.push({ data: { values: periods }, mark: { type: 'rect', color: '#c0392b', opacity: 0.08 }, encoding: { x: { field: 't', type: 'quantitative', title: timeTitle }, x2: { field: 'tEnd' } } });
  }
  layers.push(
    { data: { values: instants }, mark: { type: 'rule', color: '#c0392b', strokeWidth: 1 }, encoding: { x: { field: 't', type: 'quantitative', title: timeTitle } } },
    {
      data: { values },
      mark: { type: 'text', color: '#8e2a20', align: 'left', baseline: 'top', dx: 3, fontSize: 10 },
      encoding: { x: { field: 't', type: 'quantitative', title: timeTitle }, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } },
      transform: [{ window: [{ op: 'row_number', as: 'n' }] }, { calculate: '2 + ((datum.n - 1) % 4) * 12', as: 'row' }],
    },
  );
  return layers;
}

/** Predicted bounds as dashed grey lines, labelled with their name and value. */
function limitLayers(limits: readonly Limit[], yTitle: string): object[] {
  if (limits.length === 0) return [];
  const values = limits.map((l) => ({ value: l.value, label: `${l.name}: ${Math.round(l.value * 100) / 100} ${l.unit}` }));
  return [
    { data: { values }, mark: { type: 'rule', color: '#555', strokeDash: [5, 4], strokeWidth: 1.2 }, encoding: { y: { field: 'value', type: 'quantitative', title: yTitle } } },
    {
      data: { values },
      mark: { type: 'text', color: '#444', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10 },
      encoding: { y: { field: 'value', type: 'quantitative', title: yTitle }, x: { value: chartWidthPx - 90 }, text: { field: 'label' } },
    },
  ];
}
