import type { TopLevelSpec } from 'vega-lite';
import { chartFont, chartHeightPx, chartWidthPx, renderVegaLiteSvg } from './vegaLiteSvg.js';

/** One bar: its group on x (a round, a percentile), its series (colour), its value. */
export interface BarRow {
  readonly group: string;
  readonly series: string;
  readonly value: number;
}

/** A grouped bar chart: bars of each series side by side per group. */
export interface BarChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Series in legend order (stable colours). */
  readonly series: readonly string[];
}

/**
 * Renders a grouped bar chart as a standalone SVG string, headless like renderChartSvg
 * (Vega's 'none' renderer, data inline, nothing loaded).
 */
export async function renderBarChartSvg(spec: BarChartSpec, rows: readonly BarRow[]): Promise<string> {
  const vlSpec: TopLevelSpec = {
    title: spec.title,
    width: chartWidthPx,
    height: chartHeightPx,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    data: { values: [...rows] },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'group', type: 'nominal', title: spec.xLabel, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: [...spec.series] },
      y: { field: 'value', type: 'quantitative', title: spec.yLabel },
      color: { field: 'series', type: 'nominal', scale: { domain: [...spec.series] }, legend: { title: null, orient: 'bottom', direction: 'horizontal' } },
    },
    config: { font: chartFont, view: { stroke: '#ddd' } },
  };
  return renderVegaLiteSvg(vlSpec);
}
