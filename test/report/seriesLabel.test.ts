import { describe, expect, it } from 'vitest';
import { seriesLabel } from '../../sim/report/seriesLabel.js';

describe('legends name a series in words with its unit', () => {
  it.each([
    ['proxy.tcp.portsInUse', 'proxy: ports in use'],
    ['proxy.tcp.timeWait', 'proxy: TIME_WAIT'],
    ['client.tcp.eaddrnotavailPerSec', 'client: EADDRNOTAVAIL /s'],
    ['requests.okPerSec', 'requests: ok /s'],
    ['http.latencyMsMean', 'HTTP: latency mean (ms)'],
    ['txn.committedPerSec', 'transactions: committed /s'],
  ])('%s reads "%s"', (id, label) => {
    expect(seriesLabel(id)).toBe(label);
  });
});
