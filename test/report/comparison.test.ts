import { describe, expect, it } from 'vitest';
import { renderComparisonHtml, renderComparisonMarkdown } from '../../sim/report/comparison.js';
import { fakeRunResult } from './fixture.js';

const runs = [fakeRunResult('client'), fakeRunResult('server')];
const links = ['./client-first/42/report.html', './server-first/42/report.html'];

describe('renderComparisonMarkdown', () => {
  it('lists only the parameters that differ between runs', () => {
    const md = renderComparisonMarkdown(runs, 'Who closes first', links);
    expect(md).toContain('|  | closer=client | closer=server |');
    expect(md).toContain('| closer | client | server |');
    for (const same of ['requestsPerSec', 'keepAlive', 'tcpTimeWaitMs', 'ephemeralPortLow', 'seed', 'scenario']) {
      expect(md).not.toContain(`| ${same} |`);
    }
  });

  it('has a row per metric in name order, with — where a run has none', () => {
    const md = renderComparisonMarkdown(runs, 'Who closes first', links);
    expect(md).toContain('| client.tcp.firstEaddrnotavailMs | 35312 | — |');
    const names = [...md.matchAll(/^\| ((?:client|requests)\.[\w.]+) \|/gm)].map((m) => m[1] ?? '');
    expect(names).toEqual([...names].sort());
    expect(names.length).toBe(7);
  });

  it("ends with each run's verdict and a link to its own report", () => {
    const md = renderComparisonMarkdown(runs, 'Who closes first', links);
    expect(md).toContain('| verdict | FAILED | PASSED |');
    expect(md).toContain('| report | [report](<./client-first/42/report.html>) | [report](<./server-first/42/report.html>) |');
  });

  it('refuses a links list that does not match the runs', () => {
    expect(() => renderComparisonMarkdown(runs, 'x', links.slice(1))).toThrow(/2 runs, 1 links/);
  });
});

describe('renderComparisonHtml', () => {
  it('overlays the runs in one chart per metric, a row per chart id, each line named by what differs', async () => {
    const html = await renderComparisonHtml(runs, 'Who closes first', links);
    expect(html.match(/<div class="charts-row"/g)).toHaveLength(2);
    // Ports in use and TIME_WAIT (the ports chart), EADDRNOTAVAIL per second: three metrics.
    expect(html.match(/<svg/g)).toHaveLength(3);
    for (const svg of html.split('<svg').slice(1)) {
      expect(svg).toMatch(/>closer=client<\/text>/);
      expect(svg).toMatch(/>closer=server<\/text>/);
    }
    expect(html).toContain('<title>client.tcp.portsInUse (closer=server)</title>');
    expect(html).toContain('<a href="./server-first/42/report.html">report</a>');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  });

  it('only shows charts every run has', async () => {
    const [client, server] = runs;
    const fewer = { ...server!, summary: { ...server!.summary, charts: server!.summary.charts.slice(1) } };
    const html = await renderComparisonHtml([client!, fewer], 'x', links);
    expect(html.match(/<div class="charts-row"/g)).toHaveLength(1);
    expect(html).toContain('<h3>EADDRNOTAVAIL per second</h3>');
  });
});

describe('a side-by-side page says what changed and reads at a glance', () => {
  const withHeadlines = runs.map((run) => ({
    ...run,
    summary: { ...run.summary, headlines: [{ label: 'EADDRNOTAVAIL', metric: 'client.tcp.eaddrnotavail', value: run.summary.metrics['client.tcp.eaddrnotavail'] ?? null }] },
  }));

  it('names what changed and gives the headline figures before → after', async () => {
    const html = await renderComparisonHtml(withHeadlines, 'Who closes first', links);
    expect(html).toContain('What changed: closer client → server');
    expect(html).toMatch(/<td>EADDRNOTAVAIL<\/td><td>41 231<\/td><td>0<\/td>/);
  });

  it('draws both runs of a metric on one y-axis that holds the higher one', async () => {
    const html = await renderComparisonHtml(withHeadlines, 'Who closes first', links);
    const portsChart = html.split('<figure>')[1] ?? '';
    const ticks = [...portsChart.matchAll(/<text[^>]*>([\d,]+)<\/text>/g)].map((m) => Number((m[1] ?? '').replace(/,/g, '')));
    const highest = Math.max(...runs.flatMap((run) => run.series.series['client.tcp.portsInUse'] ?? []));
    expect(Math.max(...ticks) * 1.25).toBeGreaterThanOrEqual(highest);
    expect(portsChart.match(/<path[^>]*stroke-dasharray/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  });
});
