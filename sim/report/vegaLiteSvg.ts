import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Every chart's whole size, title and legend included, so charts line up side by side. */
export const chartWidthPx = 720;
export const chartHeightPx = 260;
export const chartFont = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

/**
 * Renders a Vega-Lite spec as a standalone SVG string. Headless: Vega's 'none' renderer
 * builds the scenegraph without a canvas, and all data is inline, so nothing is loaded.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
