import { describe, expect, it } from 'vitest';
import { renderStartIndexHtml, renderStartIndexMarkdown } from '../../sim/report/startIndex.js';
import { fakeRunResult } from './fixture.js';

const summary = fakeRunResult('client').summary;
const groups = [{
  scenario: 'ephemeral-ports', title: 'ports <run out>', link: './ephemeral-ports/index.html',
  runs: [{ label: 'client-closes', link: './client-closes/report.html', summary: { ...summary, findings: ['ran out at <40 s>'] } }],
}];

describe('npm start front page', () => {
  it('lists every scenario with its side-by-side page and each run with its verdict, findings and report link', () => {
    const md = renderStartIndexMarkdown(groups);
    expect(md).toMatch(/## ephemeral-ports/);
    expect(md).toMatch(/\[\.\/ephemeral-ports\/index\.html\]/);
    expect(md).toMatch(/\*\*client-closes\*\* — .* — \[report\]\(\.\/client-closes\/report\.html\)/);
    expect(md).toMatch(/ran out at <40 s>/);
  });

  it('escapes text in the HTML and needs nothing from the network', () => {
    const html = renderStartIndexHtml(groups);
    expect(html).toMatch(/ran out at &lt;40 s&gt;/);
    expect(html).not.toMatch(/<run out>/);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
