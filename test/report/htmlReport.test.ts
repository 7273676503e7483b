import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../sim/report/htmlReport.js';
import type { RunResult } from '../../sim/report/runSummary.js';
import { fakeRunResult } from './fixture.js';

function withFindings(result: RunResult, findings: string[]): RunResult {
  return { ...result, summary: { ...result.summary, findings } };
}

describe('renderHtml', () => {
  it('produces a self-contained page: inline SVG charts, no remote src or href, no scripts', async () => {
    const html = await renderHtml(fakeRunResult());
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
  });

  it("renders each chart spec's title and its y axis label", async () => {
    const result = fakeRunResult();
    const html = await renderHtml(result);
    for (const chart of result.summary.charts) {
      expect(html).toContain(`>${chart.title}</text>`);
      expect(html).toContain(`>${chart.yLabel}</text>`);
      expect(html).toContain(`id="chart-${chart.id}"`);
    }
  });

  it('escapes a <script> tag quoted in a finding', async () => {
    const html = await renderHtml(withFindings(fakeRunResult(), ['log said <script>alert("x")</script> & stopped']));
    expect(html).not.toContain('<script>');
    expect(html).toContain('log said &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; stopped');
  });

  it('escapes markup in a chart title inside the inline SVG', async () => {
    const base = fakeRunResult();
    const charts = [{ ...base.summary.charts[0]!, title: '<script>ports</script>' }];
    const html = await renderHtml({ ...base, summary: { ...base.summary, charts } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;ports&lt;/script&gt;');
  });

  it('shows a red FAILED verdict for a failed run and a green PASSED one otherwise', async () => {
    expect(await renderHtml(fakeRunResult('client'))).toMatch(/<p class="verdict fail">FAILED: 2 of 2 expectations did not hold \(no EADDRNOTAVAIL; ports below range\)/);
    expect(await renderHtml(fakeRunResult('server'))).toContain('<p class="verdict pass">PASSED: every expectation and invariant held</p>');
  });

  it('puts the charts after the findings and before the expectations', async () => {
    const html = await renderHtml(fakeRunResult());
    const findings = html.indexOf('<h2>Findings</h2>');
    const svg = html.indexOf('<svg');
    expect(findings).toBeGreaterThan(0);
    expect(svg).toBeGreaterThan(findings);
    expect(html.indexOf('<h2>Expectations</h2>')).toBeGreaterThan(svg);
  });

  it("shows the events before an invariant's first violation", async () => {
    const html = await renderHtml(fakeRunResult('client'));
    expect(html).toContain('35312.004 client socket 28233 bind -&gt; EADDRNOTAVAIL');
  });
});
