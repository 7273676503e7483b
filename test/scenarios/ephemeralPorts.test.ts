import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { linux2005 } from '../../profiles/linux-2005.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

/** DOMAIN.md §6's namespace experiment: a 1000-port range, 130 s per case, 25 conn/s unless said. */
const namespaceCase = { portRange: '32768-33767', durationMs: '130000', ratePerSec: '25' };

function run(set: Record<string, string>, seed = 7) {
  return runScenario(ephemeralPorts, linuxModern, { seed, set: { ...namespaceCase, ...set } }).summary;
}

describe("ephemeral-ports reproduces DOMAIN.md §6's measured table", () => {
  it('25 conn/s with the client closing first: first EADDRNOTAVAIL at 40.00 s, 2147 ok / 1103 failed', () => {
    const summary = run({});
    expect(summary.metrics['client.tcp.firstEaddrnotavailMs']).toBe(40_000);
    expect(summary.metrics['requests.ok']).toBe(2147);
    expect(summary.metrics['requests.failed']).toBe(1103);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBe(1000);
    expect(summary.passed).toBe(true);
  });

  it('10 conn/s never runs out, with TIME_WAIT peaking at 621', () => {
    const summary = run({ ratePerSec: '10' });
    expect(summary.metrics['requests.ok']).toBe(1300);
    expect(summary.metrics['requests.failed']).toBe(0);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBe(621);
  });

  it('with the server closing first the client keeps no TIME_WAIT and the server about 490', () => {
    const summary = run({ closer: 'server' });
    expect(summary.metrics['requests.failed']).toBe(0);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBe(0);
    expect(summary.metrics['server.tcp.timeWaitMax']).toBeGreaterThanOrEqual(480);
    expect(summary.metrics['server.tcp.timeWaitMax']).toBeLessThanOrEqual(500);
    expect(summary.metrics['server.tcp.timeWaitRecycled']).toBeGreaterThan(0);
  });

  it('with tcp_tw_reuse=1 nothing fails and TIME_WAIT stays near 490', () => {
    const summary = run({ twReuse: '1' });
    expect(summary.metrics['requests.failed']).toBe(0);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBeGreaterThanOrEqual(480);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBeLessThanOrEqual(500);
  });

  it('with two server ports nothing fails and TIME_WAIT peaks near 1551', () => {
    const summary = run({ destinations: '2' });
    expect(summary.metrics['requests.failed']).toBe(0);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBeGreaterThanOrEqual(1530);
    expect(summary.metrics['client.tcp.timeWaitMax']).toBeLessThanOrEqual(1570);
  });
});

describe('ephemeral-ports at the default 600 conn/s', () => {
  it('port exhaustion: 600 conn/s to one destination runs out when the whole range is in use, then settles at the TIME_WAIT bound', () => {
    const summary = runScenario(ephemeralPorts, linuxModern, { seed: 3 }).summary;
    // 28 232 usable ports at one connection every 1/600 s: the 28 233rd connect fails.
    expect(summary.metrics['client.tcp.firstEaddrnotavailMs']).toBeCloseTo((28_232 * 1_000) / 600, 0);
    expect(summary.metrics['client.tcp.portsInUseMax']).toBe(28_232);
    // The bound is 28 232 ports per 62.048 s (TIME_WAIT plus one reap interval) = 455/s.
    const steady = summary.metrics['requests.okPerSecSteady'] as number;
    expect(steady).toBeGreaterThan(455 * 0.98);
    expect(steady).toBeLessThan(455 * 1.02);
    expect(summary.expectations.every((expectation) => expectation.passed)).toBe(true);
  });

  it('with the server closing first the same load never fails', () => {
    const summary = runScenario(ephemeralPorts, linuxModern, { seed: 3, set: { closer: 'server', durationMs: '120000' } }).summary;
    expect(summary.metrics['client.tcp.eaddrnotavail']).toBe(0);
    expect(summary.metrics['requests.failed']).toBe(0);
    expect(summary.metrics['requests.ok']).toBe(72_000);
    expect(summary.passed).toBe(true);
  });
});

describe('ephemeral-ports on the linux-2005 profile', () => {
  it("uses every port of an odd-sized range, as the 2.6 kernel's walk did, and passes", () => {
    const set = { ...namespaceCase, portRange: '32768-33768' };
    const summary = runScenario(ephemeralPorts, linux2005, { seed: 1, set }).summary;
    expect(summary.metrics['client.tcp.portsInUseMax']).toBe(1001);
    expect(summary.passed).toBe(true);
  });
});
