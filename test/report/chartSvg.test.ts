import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../sim/report/chartSvg.js';
import type { TimeSeries } from '../../sim/report/runSummary.js';
import { CHARTS, fakeRunResult } from './fixture.js';

const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');

describe('renderChartSvg', () => {
  it('draws a titled SVG with both axis titles and a legend entry per series', async () => {
    const svg = await renderChartSvg(CHARTS[0]!, fakeRunResult().series);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Client ephemeral ports', 'simulated time (s)', 'ports', 'client: ports in use', 'client: TIME_WAIT']),
    );
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
