import { describe, expect, it } from 'vitest';
import { formatStartTable } from '../../sim/cli/startTable.js';
import { fakeRunResult } from '../report/fixture.js';

describe('npm start fits one screen', () => {
  const summary = {
    ...fakeRunResult('client').summary,
    headlines: [
      { label: 'failed requests', metric: 'http.requests.failed', value: 80_978 },
      { label: 'first EADDRNOTAVAIL', metric: 'proxy.tcp.firstEaddrnotavailMs', value: 47_060, unit: 'ms' },
    ],
  };
  const rows = Array.from({ length: 11 }, (_, i) => ({ label: `a-long-run-label-of-some-scenario-${i}`, summary }));
  const text = formatStartTable(rows, 'file:///home/user/stacksim/reports/start/index.html');
  const lines = text.split('\n');

  it('prints at most 40 lines of at most 100 characters', () => {
    expect(lines.length).toBeLessThanOrEqual(40);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('gives each run its verdict and two headline figures, in words', () => {
    expect(lines[1]).toMatch(/^a-long-run-label-of-some-scenario-0\s+FAILED\s+failed requests: 80 978; first EADDRNOTAVAIL: 47.06 s$/);
  });

  it('ends with where the reports are, as a file:// URL', () => {
    expect(lines.at(-1)).toBe('Reports: file:///home/user/stacksim/reports/start/index.html');
  });
});
