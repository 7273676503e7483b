/**
 * The HTML id of a chart's figure, so `report.md` can link to `report.html#chart-ports`.
 * Characters outside [A-Za-z0-9_-] become `-`, which keeps the fragment the same whether
 * or not a markdown viewer percent-encodes the link.
 */
export function chartAnchor(chartId: string): string {
  return `chart-${chartId.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
