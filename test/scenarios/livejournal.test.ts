import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { liveJournal } from '../../scenarios/livejournal.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { simCli } from '../helpers/simCli.js';

function runResult(set: Record<string, string>, faults: string[] = [], seed = 1) {
  return runScenario(liveJournal, linuxModern, { seed, set, faults });
}

function run(set: Record<string, string>, faults: string[] = [], seed = 1) {
  return runResult(set, faults, seed).summary;
}

/** Metrics whose name starts with `prefix`. */
function tier(metrics: Record<string, number | null>, prefix: string): string[] {
  return Object.keys(metrics).filter((name) => name.startsWith(prefix));
}

/** The sum of a per-second series over the samples from `fromMs` to `toMs`. */
function sumBetween(result: ReturnType<typeof runResult>, name: string, fromMs: number, toMs: number): number {
  const { tMs, series } = result.series;
  return tMs.reduce((sum, t, index) => (t > fromMs && t <= toMs ? sum + series[name]![index]! : sum), 0);
}

describe('livejournal: the whole 2005 stack in one run', () => {
  it('passes at defaults with every page, userpic and resize job served, and metrics of every tier', () => {
    const summary = run({});
    const { metrics } = summary;
    expect(summary.passed).toBe(true);
    for (const prefix of ['http.', 'proxy.', 'tracker.', 'mogilefs.', 'ndb.', 'jobs.']) expect(tier(metrics, prefix).length).toBeGreaterThan(0);
    expect(metrics['http.pages.ok']).toBeGreaterThan(3_000);
    expect(metrics['http.userpics.ok']).toBeGreaterThan(4_000);
    expect(metrics['http.requests.failed']).toBe(0);
    // Every page ran one NDB transaction; every upload was stored, copied to a second storage
    // host by the tracker's replication, and its resize job reached a worker.
    expect(metrics['ndb.txn.committed']).toBe(metrics['http.pages.ok']);
    expect(metrics['http.uploads.ok']).toBeGreaterThan(300);
    expect(metrics['tracker.filesReplicated']!).toBeGreaterThanOrEqual(metrics['http.uploads.ok']! - 5);
    expect(metrics['jobs.submitted']).toBe(metrics['http.uploads.ok']);
    expect(metrics['jobs.completed']!).toBeGreaterThanOrEqual(metrics['http.uploads.ok']! - 5);
    expect(metrics['jobs.failed']).toBe(0);
    expect(metrics['proxy.tcp.eaddrnotavail']).toBe(0);
    // Keep-alive reproxying: a handful of storage connections, not one per userpic.
    expect(metrics['proxy.reproxyConnects']).toBeLessThan(50);
    expect(summary.invariants.every((invariant) => invariant.violations === 0)).toBe(true);
  });

  it("every upload's resize job reads the file, stores a half-size copy the tracker knows, and commits its row in NDB", () => {
    const { metrics } = run({ durationMs: '10000', uploadsPercent: '20' });
    expect(metrics['http.uploads.ok']).toBeGreaterThan(100);
    expect(metrics['jobs.submitted']).toBe(metrics['http.uploads.ok']);
    expect(metrics['jobs.completed']).toBe(metrics['jobs.submitted']);
    // A copy counts once create_close is answered OK: the tracker holds '<key>.resized'.
    expect(metrics['mogilefs.resized']).toBe(metrics['jobs.completed']);
    expect(metrics['ndb.jobRows.committed']).toBe(metrics['jobs.completed']);
    // The jobs' rows are apart from the pages' transactions.
    expect(metrics['ndb.txn.committed']).toBe(metrics['http.pages.ok']);
  });

  it("with both storage hosts of the files down, queued resize jobs fail at the read instead of completing", () => {
    // The workers are down from 1 s to 5 s, so the uploads of 1–2 s wait in the hub; at 2 s
    // both storage hosts die. Each job then tries both paths, 3 s each, and sends WORK_FAIL.
    const workersDown = [1, 2, 3, 4].map((worker) => `crash worker${worker} at 1s for 4s`);
    const { metrics } = run({ durationMs: '18000', storageNodes: '2', load: 'constant 40/s', uploadsPercent: '20' }, [...workersDown, 'crash sto1 at 2s', 'crash sto2 at 2s']);
    expect(metrics['jobs.failed']).toBeGreaterThan(0);
    expect(metrics['jobs.failed']).toBe(metrics['jobs.submitted']! - metrics['jobs.completed']!);
    expect(metrics['jobs.failedAt.read']).toBe(metrics['jobs.failed']);
    expect(metrics['mogilefs.resized']).toBe(metrics['jobs.completed']);
    expect(metrics['ndb.jobRows.committed']).toBe(metrics['jobs.completed']);
  });

  it('resize=wait keeps the timed wait: jobs complete without storing a copy or writing a row', () => {
    const { metrics } = run({ durationMs: '5000', uploadsPercent: '20', resize: 'wait' });
    expect(metrics['jobs.completed']).toBeGreaterThan(30);
    expect(metrics['mogilefs.resized']).toBe(0);
    expect(metrics['ndb.jobRows.committed']).toBe(0);
  });

  it('is deterministic: the same seed gives the same trace hash, another seed another', () => {
    const short = { durationMs: '3000' };
    expect(run(short).traceHash).toBe(run(short).traceHash);
    expect(run(short, [], 2).traceHash).not.toBe(run(short).traceHash);
  });

  it('a node group lost (both data nodes of group 0 crash): pages answer 503 while userpics still load', () => {
    const result = runResult({ durationMs: '20000' }, ['crash ndbd1 at 5s', 'crash ndbd2 at 5s']);
    const { metrics } = result.summary;
    expect(metrics['ndb.outcome']).toBe(0);
    expect(metrics['http.pages.failed']).toBeGreaterThan(100);
    expect(metrics['http.requests.failed.503']).toBe(metrics['http.pages.failed']);
    expect(metrics['ndb.txn.failedAfterRetries']).toBe(metrics['http.pages.failed']);
    expect(metrics['http.userpics.failed']).toBe(0);
    // The cluster shuts down at 11 s, once the survivors miss four 1.5 s heartbeats (ndbSettings.ts).
    expect(sumBetween(result, 'http.userpics.okPerSec', 12_000, 20_000)).toBeGreaterThan(500);
    expect(sumBetween(result, 'http.pages.okPerSec', 12_000, 20_000)).toBe(0);
    // The faults are on the charts' time axis.
    expect((result.summary.annotations ?? []).filter((annotation) => annotation.kind === 'fault').map((annotation) => annotation.atMs)).toEqual([5_000, 5_000]);
  });

  it('a storage host lost under keep-alive reproxying (2005 monitor): reads queued for it are held for the idle timeout while pages are fine', () => {
    const summary = run({ durationMs: '45000', load: 'constant 60/s', reproxy: 'keepalive', monitor: '2005' }, ['crash sto1 at 5s']);
    const { metrics } = summary;
    expect(metrics['http.pages.failed']).toBe(0);
    expect(metrics['http.pages.latencyMs.max']!).toBeLessThan(100);
    expect(metrics['http.userpics.failed']).toBeGreaterThan(10);
    // They end when Perlbal's sweep closes clients idle for more than 30 s, not sooner; so do
    // uploads the tracker still sent to sto1 (the 2005 monitor never marks it down).
    expect(metrics['http.requests.failed.closed']).toBe(metrics['http.userpics.failed']! + metrics['http.uploads.failed']!);
    expect(metrics['http.userpics.latencyMs.max']!).toBeGreaterThan(30_000);
    expect(metrics['http.userpics.latencyMs.max']!).toBeLessThanOrEqual(36_000);
    expect(metrics['ndb.outcome']).toBe(1);
  });

  it('reproxy=close at the evening peak: the proxy runs out of ports and only userpics fail', () => {
    const set = { durationMs: '16000', load: 'diurnal 100/s to 600/s over 24s', reproxy: 'close', portRange: '40000-40999' };
    const summary = run(set);
    const { metrics } = summary;
    expect(metrics['proxy.tcp.firstEaddrnotavailMs']!).toBeGreaterThan(5_000);
    expect(metrics['proxy.tcp.portsInUseMax']).toBe(1_000);
    expect(metrics['http.userpics.failed']).toBeGreaterThan(200);
    expect(metrics['http.requests.failed.503']).toBe(metrics['http.userpics.failed']);
    expect(metrics['http.pages.failed']).toBe(0);
    expect(metrics['ndb.txn.committed']).toBe(metrics['http.pages.ok']);
    // The same evening with keep-alive reproxying loses nothing.
    const keepalive = run({ ...set, reproxy: 'keepalive' }).metrics;
    expect(keepalive['http.requests.failed']).toBe(0);
    expect(keepalive['proxy.tcp.eaddrnotavail']).toBe(0);
  });

  it('sim hosts livejournal lists every tier by the names faults use', async () => {
    const { code, out } = await simCli(['hosts', 'livejournal', '--set', 'storageNodes=2', '--set', 'hubs=2']);
    expect(code).toBe(0);
    for (const name of ['perlbal', 'web1', 'web2', 'api1', 'api6', 'tracker', 'sto1', 'sto2', 'ndbd1', 'ndbd4', 'mgm', 'hub1', 'hub2', 'worker1', 'browser1']) {
      expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(out).not.toMatch(/^ {2}sto3 /m);
  });

  it('a fault naming a host the stack lacks exits 2 before any work, listing the hosts there are', async () => {
    const { code, err } = await simCli(['run', 'livejournal', '--fault', 'crash sto9 at 1s', '--out', '/nonexistent/never-written']);
    expect(code).toBe(2);
    expect(err).toMatch(/sto9, not a host of this topology: hosts are .*sto1, sto2, sto3/);
  });
});
