import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../sim/report/markdownReport.js';
import { fakeRunResult } from './fixture.js';

describe('renderMarkdown', () => {
  it('starts with the scenario, seed, one-line title and verdict', () => {
    const md = renderMarkdown(fakeRunResult('client'));
    expect(md.startsWith('# ephemeral-ports — seed 42\n\nA client without keep-alive')).toBe(true);
    expect(md).toContain('**FAILED: 2 of 2 expectations did not hold');
  });

  it('shows a null metric as — and keeps integers as plain digits', () => {
    const md = renderMarkdown(fakeRunResult('server'));
    expect(md).toContain('| client.tcp.firstEaddrnotavailMs | — |');
    expect(renderMarkdown(fakeRunResult('client'))).toContain('| client.tcp.eaddrnotavail | 41231 |');
  });

  it('rounds non-integer metrics to 3 decimals', () => {
    expect(renderMarkdown(fakeRunResult('client'))).toContain('| requests.latencyP99Ms | 0.873 |');
  });

  it('marks a failed expectation with ✗ and a passed one with ✓', () => {
    expect(renderMarkdown(fakeRunResult('client'))).toContain('| no EADDRNOTAVAIL | client.tcp.eaddrnotavail | 41231 | == 0 | ✗ |');
    expect(renderMarkdown(fakeRunResult('server'))).toContain('| no EADDRNOTAVAIL | client.tcp.eaddrnotavail | 0 | == 0 | ✓ |');
  });

  it('lists metrics sorted by name', () => {
    const md = renderMarkdown(fakeRunResult());
    const names = [...md.matchAll(/^\| ((?:client|requests)\.[\w.]+) \| [^|]+ \|$/gm)].map((m) => m[1] ?? '');
    expect(names.length).toBe(7);
    expect(names).toEqual([...names].sort());
  });

  it('puts the trace before a violated invariant in a code block', () => {
    const md = renderMarkdown(fakeRunResult('client'));
    expect(md).toContain('| connect errors reach the caller | 3 | 35312 ms | connect() returned EADDRNOTAVAIL');
    expect(md).toMatch(/```\n35311\.870 client socket 28232 bind port=60999\n[^`]*```/);
  });

  it('shows every parameter, the replay command and links to the charts in report.html', () => {
    const md = renderMarkdown(fakeRunResult('client'));
    expect(md).toContain('| closer | client |');
    expect(md).toContain('| keepAlive | false |');
    expect(md).toContain('```sh\nnpx tsx sim/cli/main.ts run ephemeral-ports --seed 42 --param closer=client\n```');
    expect(md).toContain('- [Client ephemeral ports](report.html#chart-ports)');
  });

  it('escapes a pipe in a table cell so the row keeps its columns', () => {
    const base = fakeRunResult();
    const md = renderMarkdown({ ...base, summary: { ...base.summary, params: { filter: 'a|b' } } });
    expect(md).toContain('| filter | a\\|b |');
  });
});
