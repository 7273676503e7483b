import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ndbNodeFailure } from '../../scenarios/ndb-node-failure.js';
import { pollingVsHub } from '../../scenarios/polling-vs-hub.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { storageHostFailure } from '../../scenarios/storage-host-failure.js';
import { workerCrash } from '../../scenarios/worker-crash.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import type { Scenario } from '../../sim/scenario/scenario.js';

/**
 * Each scenario with a constant rate R and the same R with a spike ×4 for 4 s: the spike
 * adds about 3 × R × 4 arrivals (seeded Poisson, so within a tenth), and the metric that
 * counts arrivals says so. Faults are cleared so only the load differs.
 */
const cases: readonly { scenario: Scenario; set: Record<string, string>; rate: number; arrivals: string; windowMs: number }[] = [
  { scenario: portExhaustion, set: { reproxy: 'keepalive', ratePerSec: '100', durationMs: '12000' }, rate: 100, arrivals: 'http.requests.attempted', windowMs: 12_000 },
  { scenario: storageHostFailure, set: { ratePerSec: '50', durationMs: '12000', failAtMs: '86400000' }, rate: 50, arrivals: 'reads.attempted', windowMs: 12_000 },
  { scenario: ndbNodeFailure, set: { txnPerSec: '50', durationMs: '12000', kill: '' }, rate: 50, arrivals: 'txn.started', windowMs: 11_900 },
  { scenario: workerCrash, set: { jobsPerSec: '20', durationMs: '12000', crashProbability: '0' }, rate: 20, arrivals: 'jobs.submitted', windowMs: 11_900 },
  { scenario: pollingVsHub, set: { jobsPerSec: '50', durationMs: '12000' }, rate: 50, arrivals: 'hub.jobs.attempted', windowMs: 11_900 },
];

describe('every scenario takes an open-model load shape (load=…), seeded', () => {
  it.each(cases.map((entry) => [entry.scenario.name, entry] as const))('%s: a spike x4 for 4 s adds three times the rate for 4 s', (_name, { scenario, set, rate, arrivals, windowMs }) => {
    const constant = runScenario(scenario, linuxModern, { seed: 1, set }).summary;
    const spiked = runScenario(scenario, linuxModern, { seed: 1, set: { ...set, load: `spike ${rate}/s x4 at 4s for 4s` } }).summary;
    const expected = (rate * windowMs) / 1_000 + 3 * rate * 4;
    expect(constant.metrics[arrivals]).toBeCloseTo((rate * windowMs) / 1_000, -1);
    expect(spiked.metrics[arrivals]).toBeGreaterThan(expected * 0.9);
    expect(spiked.metrics[arrivals]).toBeLessThan(expected * 1.1);
    expect(spiked.stopReason).toBe('completed');
    expect(spiked.expectations.filter((expectation) => !expectation.passed)).toEqual([]);
    expect(spiked.passed).toBe(true);
    const again = runScenario(scenario, linuxModern, { seed: 1, set: { ...set, load: `spike ${rate}/s x4 at 4s for 4s` } }).summary;
    expect(again.traceHash).toBe(spiked.traceHash);
  }, 120_000);

  it('port-exhaustion: a ramp shows in the served rate, low at the start and high at the end', () => {
    const { series } = runScenario(portExhaustion, linuxModern, { seed: 1, set: { reproxy: 'keepalive', durationMs: '20000', load: 'ramp 20/s to 400/s over 20s even' } });
    const ok = series.series['http.okPerSec']!;
    expect(ok[2]!).toBeLessThan(80);
    expect(ok[18]!).toBeGreaterThan(300);
  }, 120_000);

  it('a shape that does not parse is refused with the parameters, naming the forms', () => {
    expect(() => runScenario(workerCrash, linuxModern, { seed: 1, set: { load: 'spike 50/s' } })).toThrow(/invalid value for load: bad load shape "spike 50\/s"/);
  });
});
