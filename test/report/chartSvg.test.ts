import { describe, expect, it } from 'vitest';
import { renderChartSvg, renderLinesSvg } from '../../sim/report/chartSvg.js';
import type { TimeSeries } from '../../sim/report/runSummary.js';
import { CHARTS, fakeRunResult } from './fixture.js';

/** The text each SVG text element shows (a legend label's tooltip title left out). */
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('renderChartSvg', () => {
  it('draws a titled SVG with both axis titles and a legend entry per series', async () => {
    const svg = await renderChartSvg(CHARTS[0]!, fakeRunResult().series);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Client ephemeral ports', 'simulated time (s)', 'ports', 'client: ports in use', 'client: TIME_WAIT']),
    );
  });

  it('names each legend label\'s metric id in a tooltip a pointer can reach', async () => {
    const svg = await renderChartSvg(CHARTS[0]!, fakeRunResult().series);
    expect(svg).toMatch(/<g class="mark-text role-legend-label"><text[^>]*><title>client\.tcp\.portsInUse<\/title>client: ports in use<\/text>/);
    expect(svg).toMatch(/<title>client\.tcp\.timeWait<\/title>client: TIME_WAIT</);
  });

  it('puts three long legend labels on two rows rather than running one off the chart', async () => {
    const tMs = [1_000, 2_000];
    const lines = ['transactions: committed /s', 'transactions: aborted temporary /s', 'transactions: failed after retries /s']
      .map((label, i) => ({ label, tooltip: `m${i}`, tMs, values: [i, i + 1] }));
    const svg = await renderLinesSvg({ id: 'x', title: 'x', yLabel: 'per second' }, lines);
    // Legend entries are groups translated to their place: two rows means two distinct y offsets.
    const legend = svg.slice(svg.indexOf('role-legend-entry'));
    const rows = new Set([...legend.matchAll(/<g transform="translate\([\d.]+,(\d+)\)">/g)].map((m) => m[1]));
    expect(texts(svg)).toEqual(expect.arrayContaining(lines.map((line) => line.label)));
    expect(rows.size).toBe(2);
  });

  it('names the missing series and the available ones when a chart asks for an unknown series', async () => {
    const spec = { id: 'x', title: 'x', yLabel: 'y', series: ['client.tcp.nope'] };
    await expect(renderChartSvg(spec, fakeRunResult().series)).rejects.toThrow(
      /"client\.tcp\.nope".*available: client\.tcp\.portsInUse, client\.tcp\.timeWait, client\.tcp\.eaddrnotavailPerSec/,
    );
  });

  it('keeps a one-sample spike visible when a long series is downsampled', async () => {
    const n = 10_000;
    const series: TimeSeries = {
      intervalMs: 10,
      tMs: Array.from({ length: n }, (_, i) => (i + 1) * 10),
      series: { load: Array.from({ length: n }, (_, i) => (i === 7_777 ? 5000 : 1)) },
    };
    const svg = await renderChartSvg({ id: 'load', title: 'load', yLabel: 'load', series: ['load'] }, series);
    expect(texts(svg)).toContain('5,000');
  });

  it('draws annotations as labelled rules and the limits meant for the chart as dashed lines', async () => {
    const marks = {
      annotations: [{ atMs: 47_060, kind: 'threshold', label: 'first EADDRNOTAVAIL' }, { atMs: 10_000, untilMs: 20_000, kind: 'fault', label: 'partition' }],
      limits: [{ name: 'port budget', value: 28_232, unit: 'ports', source: 'docs/DOMAIN.md §6', chart: 'ports' }, { name: 'elsewhere', value: 1, unit: '/s', source: 'x', chart: 'errors' }],
    };
    const svg = await renderChartSvg(CHARTS[0]!, fakeRunResult().series, marks);
    expect(texts(svg)).toEqual(expect.arrayContaining(['first EADDRNOTAVAIL', 'partition', 'port budget: 28232 ports']));
    expect(texts(svg)).not.toContain('elsewhere: 1 /s');
    expect(svg).toContain('stroke-dasharray="5,4"');
  });
});
