import type { TopLevelSpec } from 'vega-lite';
import { downsampleMax } from './downsampleMax.js';
import type { ChartSpec, TimeSeries } from './runSummary.js';
import { chartFont, chartHeightPx, chartWidthPx, renderVegaLiteSvg } from './vegaLiteSvg.js';

/** Points per series above which a chart is downsampled. */
export const CHART_MAX_POINTS = 2000;

/** One row of the long-format table Vega-Lite draws: a sample of one series. */
interface Row {
  readonly t: number;
  readonly series: string;
  readonly value: number;
}

/**
 * Renders one chart of a run as a standalone SVG string: simulated time in seconds on x,
 * one coloured line per series named in `spec`. Headless: Vega's 'none' renderer builds
 * the scenegraph without a canvas, and all data is inline, so nothing is loaded.
 */
export async function renderChartSvg(spec: ChartSpec, series: TimeSeries): Promise<string> {
  const rows = spec.series.flatMap((name) => seriesRows(name, series));
  return renderVegaLiteSvg(vegaLiteSpec(spec, rows));
}

function seriesRows(name: string, series: TimeSeries): Row[] {
  const values = series.series[name];
  if (values === undefined) {
    const available = Object.keys(series.series).join(', ') || '(none)';
    throw new Error(`chart series "${name}" is not in the run's time series; available: ${available}`);
  }
  if (values.length !== series.tMs.length) {
    throw new Error(`series "${name}" has ${values.length} samples but tMs has ${series.tMs.length}`);
  }
  // Vega-Lite keeps every row in its dataflow and the SVG gets one path vertex per row;
  // a few thousand points already exceed the 720 px width, so more only slows rendering
  // and bloats the page. Runs of up to ~600 samples are drawn as they are.
  return downsampleMax(values, CHART_MAX_POINTS).map((i) => ({
    t: (series.tMs[i] ?? Number.NaN) / 1000,
    series: name,
    value: values[i] ?? Number.NaN,
  }));
}

function vegaLiteSpec(spec: ChartSpec, rows: readonly Row[]): TopLevelSpec {
  return {
    title: spec.title,
    width: chartWidthPx,
    height: chartHeightPx,
    // 'fit' makes the whole SVG, title and legend included, 720 x 260 px (the plot
    // itself is about 640 x 170), so every chart has the same size whatever its tick
    // labels, and charts of different runs line up side by side in a comparison.
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    data: { values: [...rows] },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'simulated time (s)' },
      // A series that stays at 0 would get the domain [0, 0] and a lone "0.000000" tick:
      // give such a chart a 0-1 axis so "nothing happened" reads as a flat line at 0.
      y: {
        field: 'value', type: 'quantitative', title: spec.yLabel,
        ...(rows.every((row) => !(row.value > 0)) ? { scale: { domain: [0, 1] } } : {}),
      },
      color: {
        field: 'series',
        type: 'nominal',
        // Domain in the spec's order: stable colours and legend order across runs.
        scale: { domain: [...spec.series] },
        legend: { title: null, orient: 'bottom', direction: 'horizontal', labelLimit: 0 },
      },
    },
    config: { font: chartFont, view: { stroke: '#ddd' } },
  };
}
