import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

/** A 4000-port range on the proxy, so exhaustion comes early: 4000 / 600 per second = 6.67 s. */
const shortCase = { portRange: '32768-36767', durationMs: '60000' };

function run(set: Record<string, string>, seed = 7) {
  return runScenario(portExhaustion, linuxModern, { seed, set: { ...shortCase, ...set } }).summary;
}

describe('port-exhaustion: Perlbal reproxying with one connection per file runs out of ports (docs/seed-post.md)', () => {
  it('close mode: the proxy runs out of ports at usable ports / rate, and clients get 503s', () => {
    const summary = run({ reproxy: 'close' });
    const onsetMs = summary.metrics['proxy.tcp.firstEaddrnotavailMs'] as number;
    expect(onsetMs).toBeGreaterThan((4_000 * 1_000) / 600);
    expect(onsetMs).toBeLessThan(((4_000 * 1_000) / 600) * 1.01);
    expect(summary.metrics['proxy.tcp.portsInUseMax']).toBe(4_000);
    expect(summary.metrics['proxy.tcp.eaddrnotavail']).toBeGreaterThan(0);
    expect(summary.metrics['http.requests.failed.503']).toBeGreaterThan(0);
    // Until the first TIME_WAIT ends (62 s) nothing more gets through: 4000 files, the rest 503.
    expect(summary.metrics['http.requests.ok']).toBe(4_000);
    expect(summary.metrics['http.requests.failed']).toBe(summary.metrics['http.requests.failed.503']);
    expect(summary.invariants.every((invariant) => invariant.violations === 0)).toBe(true);
    expect(summary.passed).toBe(true);
  });

  it('a storage host crash in keepalive mode: requests held behind it end at the client idle sweep, the rest go through', () => {
    const summary = run({ reproxy: 'keepalive', storageNodes: '2', crashStorage: '1', crashAtMs: '10000', ratePerSec: '200' });
    const m = summary.metrics;
    expect(m['http.requests.failed.closed']).toBeGreaterThan(0);
    expect(m['http.requests.failed']).toBe(m['http.requests.failed.closed']);
    // Requests naming the live host first never wait on the dead one: well over half succeed.
    expect(m['http.requests.ok']!).toBeGreaterThan(m['http.requests.attempted']! / 2);
    expect(m['http.latencyMs.max']!).toBeLessThanOrEqual(36_000);
    expect(summary.passed).toBe(true);
  });

  it('crashing more storage hosts than there are is a usage error naming the limit', () => {
    expect(() => run({ storageNodes: '2', crashStorage: '3' })).toThrow(/crashStorage should be at most storageNodes \(2\), got 3/);
  });

  it('keepalive mode at the same rate: no EADDRNOTAVAIL, no failure, a handful of reproxy connects', () => {
    const summary = run({ reproxy: 'keepalive' });
    expect(summary.metrics['proxy.tcp.eaddrnotavail']).toBe(0);
    expect(summary.metrics['proxy.tcp.firstEaddrnotavailMs']).toBeNull();
    expect(summary.metrics['http.requests.failed']).toBe(0);
    expect(summary.metrics['proxy.reproxyConnects']).toBeLessThanOrEqual(10);
    expect(summary.passed).toBe(true);
  });

  it('two storage nodes double the port budget: the onset doubles', () => {
    const one = run({ reproxy: 'close', storageNodes: '1' });
    const two = run({ reproxy: 'close', storageNodes: '2' });
    const ratio = (two.metrics['proxy.tcp.firstEaddrnotavailMs'] as number) / (one.metrics['proxy.tcp.firstEaddrnotavailMs'] as number);
    expect(ratio).toBeGreaterThan(1.95);
    expect(ratio).toBeLessThan(2.05);
    expect(two.passed).toBe(true);
  });

  it('with the storage node closing first the TIME_WAIT moves to storage and the proxy keeps its ports', () => {
    const summary = run({ reproxy: 'close', closer: 'storage', durationMs: '30000' });
    expect(summary.metrics['proxy.tcp.eaddrnotavail']).toBe(0);
    expect(summary.metrics['http.requests.failed']).toBe(0);
    expect(summary.metrics['storage.tcp.timeWaitMax']).toBeGreaterThan(0);
    expect(summary.passed).toBe(true);
  });

  it('the same seed gives the same trace hash; another seed a different one', () => {
    const set = { durationMs: '10000' };
    const first = run(set, 11);
    const again = run(set, 11);
    const other = run(set, 12);
    expect(again.traceHash).toBe(first.traceHash);
    expect(other.traceHash).not.toBe(first.traceHash);
  });
});
