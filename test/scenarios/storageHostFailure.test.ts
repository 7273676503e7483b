import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { storageHostFailure } from '../../scenarios/storage-host-failure.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

/**
 * 20 s at 100 reads/s: storage1 crashes at 5.1 s (off the 2.5 s monitor grid, so the modern
 * monitor needs 2.4 s to notice) and is marked dead at 12 s.
 */
const short = { durationMs: '20000', failAtMs: '5100', markDeadAtMs: '12000' };

function run(set: Record<string, string>, seed = 3) {
  return runScenario(storageHostFailure, linuxModern, { seed, set: { ...short, ...set } }).summary;
}

describe('storage-host-failure: a MogileFS storage host crashes under reads through Perlbal', () => {
  it('in both monitor modes no read fails within 20 s and the invariant holds', () => {
    for (const monitor of ['2005', 'modern']) {
      const summary = run({ monitor });
      expect(summary.metrics['reads.attempted']).toBe(2_000);
      expect(summary.metrics['reads.failed']).toBe(0);
      expect(summary.metrics['reads.violations']).toBe(0);
      expect(summary.invariants.every((invariant) => invariant.violations === 0)).toBe(true);
      expect(summary.passed).toBe(true);
    }
  });

  it('with the 2005 monitor, reads queued behind the open keep-alive connection to the dead host fail only at the client idle timeout; the modern monitor only those queued before it noticed', () => {
    const long = { durationMs: '60000', markDeadAtMs: '50000' };
    const old = run({ monitor: '2005', ...long });
    // Perlbal holds the dead host's queue while its connection there is open (ReproxyManager.pm):
    // those reads end when the 5 s idle sweep closes clients idle more than 30 s.
    expect(old.metrics['reads.failed']).toBeGreaterThan(100);
    expect(old.metrics['reads.failedIdleTimeout']).toBe(old.metrics['reads.failed']);
    expect(old.metrics['reads.violations']).toBe(0);
    expect(old.metrics['reads.waitMs.max']!).toBeGreaterThan(30_000);
    expect(old.metrics['reads.waitMs.max']!).toBeLessThanOrEqual(36_000);
    expect(old.passed).toBe(true);
    const modern = run({ monitor: 'modern', ...long });
    // Only reads queued for the dead host in the 2.4 s before the monitor noticed are lost.
    expect(modern.metrics['reads.failedAfterMonitor']).toBe(0);
    expect(modern.metrics['reads.failed']!).toBeLessThan(old.metrics['reads.failed']! / 4);
    expect(modern.metrics['reads.failed']!).toBeLessThanOrEqual(Math.ceil(100 * 2.4 / 3 * 1.5));
    expect(modern.passed).toBe(true);
    const onCycle = run({ monitor: 'modern', ...long, failAtMs: '5000' });
    expect(onCycle.metrics['reads.failed']).toBe(0);
  });

  it('the 2005 monitor costs reads at least the 5 s connect timeout; after the modern monitor marks the device down no read is slow', () => {
    const old = run({ monitor: '2005' }).metrics;
    expect(old['monitor.markedDownAtMs']).toBeNull();
    expect(old['reads.waitMs.p99']).toBeGreaterThanOrEqual(5_000);
    expect(old['reads.slow']).toBeGreaterThan(100);

    const modern = run({ monitor: 'modern' }).metrics;
    // The first cycle after the crash at 5.1 s is at 7.5 s.
    expect(modern['monitor.markedDownAtMs']).toBe(7_500);
    expect(modern['reads.slowAfterMonitor']).toBe(0);
    expect(modern['reads.slow']!).toBeLessThan(old['reads.slow']! / 2);
  });

  it('with the crash on a monitor cycle the modern mode shows no latency cost at all', () => {
    const metrics = run({ monitor: 'modern', failAtMs: '5000' }).metrics;
    expect(metrics['reads.slow']).toBe(0);
    expect(metrics['reads.waitMs.p99']!).toBeLessThan(100);
  });

  it('marking the device dead re-replicates every file to 2 copies and reports when', () => {
    const metrics = run({ monitor: '2005' }).metrics;
    // Files are spread evenly over the 3 host pairs: 200 of 300 have a copy on storage1.
    expect(metrics['files.underReplicatedMax']).toBe(200);
    expect(metrics['replication.copies']).toBe(200);
    expect(metrics['files.underReplicatedAtEnd']).toBe(0);
    // One replicate worker, 200 copies in turn, each a GET and a PUT on new connections (4
    // round trips of at least 2 × 80 µs on the LAN) plus 20 000 bytes at 100 Mbit/s (1.6 ms).
    const perCopyMs = 1.6 + 4 * 2 * 0.08;
    expect(metrics['replication.timeMs']!).toBeGreaterThanOrEqual(200 * perCopyMs);
    expect(metrics['replication.timeMs']!).toBeLessThan(200 * (perCopyMs + 1));
    expect(metrics['replication.fullAtMs']).toBe(12_000 + metrics['replication.timeMs']!);
    // The copies reached the storage nodes' own tables by PUT: 2 per file on live hosts.
    expect(metrics['storage.filesOnLiveHosts']).toBe(600);
  });

  it('replication time follows the copy bandwidth: 10 times the bandwidth, the transfer part shrinks 10 times', () => {
    const slow = run({ monitor: '2005', copyMbitPerSec: '10' }).metrics['replication.timeMs']!;
    const fast = run({ monitor: '2005', copyMbitPerSec: '100' }).metrics['replication.timeMs']!;
    // 200 copies of 20 000 bytes: 3.2 s at 10 Mbit/s, 0.32 s at 100 Mbit/s, plus the same round trips.
    expect(slow - fast).toBeGreaterThan(200 * (16 - 1.6) - 200);
    expect(slow - fast).toBeLessThan(200 * (16 - 1.6) + 200);
  });

  it('with 2 storage hosts nothing can be re-replicated, and the run still passes on its own expectations', () => {
    const summary = run({ storageNodes: '2' });
    expect(summary.metrics['replication.fullAtMs']).toBeNull();
    expect(summary.metrics['files.underReplicatedAtEnd']).toBe(300);
    expect(summary.metrics['reads.failed']).toBe(0);
    expect(summary.passed).toBe(true);
  });

  it('the same seed gives the same trace hash; another seed a different one', () => {
    const first = run({ monitor: 'modern' }, 9);
    expect(run({ monitor: 'modern' }, 9).traceHash).toBe(first.traceHash);
    expect(run({ monitor: 'modern' }, 10).traceHash).not.toBe(first.traceHash);
  });
});
