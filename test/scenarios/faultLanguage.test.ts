import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { scenarios } from '../../scenarios/index.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';
import { ndbNodeFailure } from '../../scenarios/ndb-node-failure.js';
import { pollingVsHub } from '../../scenarios/polling-vs-hub.js';
import { portExhaustion } from '../../scenarios/port-exhaustion.js';
import { storageHostFailure } from '../../scenarios/storage-host-failure.js';
import { workerCrash } from '../../scenarios/worker-crash.js';
import { describeTopology } from '../../sim/scenario/describeTopology.js';
import { type RunOptions, runScenario } from '../../sim/scenario/runScenario.js';
import type { Scenario } from '../../sim/scenario/scenario.js';
import { simCli } from '../helpers/simCli.js';

const run = (scenario: Scenario, options: Omit<RunOptions, 'seed'>) => runScenario(scenario, linuxModern, { seed: 1, ...options }).summary;

describe('every scenario takes the one fault language; its old fault parameters are sugar for it', () => {
  it('port-exhaustion: crashStorage=1 crashAtMs=30000 and --fault "crash sto1 at 30s" are the same run, and both pass', () => {
    const set = { durationMs: '60000' };
    const sugar = run(portExhaustion, { set: { ...set, crashStorage: '1', crashAtMs: '30000' } });
    const spelled = run(portExhaustion, { set, faults: ['crash sto1 at 30s'] });
    expect(spelled.traceHash).toBe(sugar.traceHash);
    expect(spelled.metrics).toEqual(sugar.metrics);
    expect(sugar.params.faults).toBe('crash sto1 at 30s');
    expect(spelled.params.faults).toBe('crash sto1 at 30s');
    // The crash the user asked for is an expected outage: requests held by it end at the idle sweep.
    expect(spelled.passed).toBe(true);
    expect(spelled.annotations).toContainEqual({ atMs: 30_000, kind: 'fault', label: 'crash sto1 at 30s' });
    expect(spelled.replay).toContain("--fault 'crash sto1 at 30s'");
  }, 120_000);

  it('ndb-node-failure: --fault "crash ndbd1 at 10s" with kill cleared is the default kill=1 run, trace for trace', () => {
    const sugar = run(ndbNodeFailure, { set: { durationMs: '20000' } });
    const spelled = run(ndbNodeFailure, { set: { durationMs: '20000', kill: '' }, faults: ['crash ndbd1 at 10s'] });
    const twice = run(ndbNodeFailure, { set: { durationMs: '20000' }, faults: ['crash ndbd1 at 10000ms'] });
    expect(spelled.traceHash).toBe(sugar.traceHash);
    expect(twice.traceHash).toBe(sugar.traceHash);
    expect(spelled.expectations).toEqual(sugar.expectations);
    expect(spelled.passed).toBe(true);
    expect(spelled.metrics['ndb.failureDetectedMs']).toBe(6_500);
  }, 120_000);

  it('ndb-node-failure: a partition and a restart in the fault language get the survivor rule\'s predictions', () => {
    const sugar = run(ndbNodeFailure, { set: { durationMs: '30000', kill: '', partition: '1,3,mgm|2,4', partitionAtMs: '10000' } });
    const spelled = run(ndbNodeFailure, { set: { durationMs: '30000', kill: '' }, faults: ['partition ndbd1,ndbd3,mgm|ndbd2,ndbd4 at 10s'] });
    expect(spelled.traceHash).toBe(sugar.traceHash);
    expect(spelled.expectations.map((e) => e.name)).toContain('exactly the predicted survivors are started at the end (1,3)');
    const restarted = run(ndbNodeFailure, { set: { durationMs: '30000', kill: '' }, faults: ['crash ndbd1 at 10s for 10s'] });
    expect(restarted.passed).toBe(true);
    expect(restarted.metrics['ndb.nodesStartedAtEnd']).toBe(4);
  }, 120_000);

  it('storage-host-failure: failAtMs is sugar for "crash storage1 at 20s"', () => {
    const set = { durationMs: '40000', markDeadAtMs: '30000' };
    const sugar = run(storageHostFailure, { set });
    const spelled = run(storageHostFailure, { set: { ...set, failAtMs: '86400000' }, faults: ['crash storage1 at 20s'] });
    expect(spelled.traceHash).toBe(sugar.traceHash);
    expect(spelled.passed).toBe(true);
  }, 120_000);

  it('a crash for a while brings the storage host back with its mogstored, and reads succeed again', () => {
    const summary = run(portExhaustion, { set: { reproxy: 'keepalive', durationMs: '90000' }, faults: ['crash sto1 at 20s for 10s'] });
    expect(summary.passed).toBe(true);
    expect(summary.annotations).toContainEqual({ atMs: 30_000, kind: 'heal', label: 'heal: crash sto1 at 20s for 10s' });
    const ok = runScenario(portExhaustion, linuxModern, { seed: 1, set: { reproxy: 'keepalive', durationMs: '90000' }, faults: ['crash sto1 at 20s for 10s'] }).series.series['http.okPerSec']!;
    expect(ok[25]).toBe(0);
    expect(ok[80]).toBeGreaterThan(500);
  }, 120_000);

  it('worker-crash and polling-vs-hub: a killed worker comes back as a new incarnation, a crashed hub is an expected outage', () => {
    const killed = run(workerCrash, { set: { durationMs: '10000', crashProbability: '0' }, faults: ['kill worker0 at 5s'] });
    expect(killed.passed).toBe(true);
    // The hub loses the killed incarnation with its job, requeues the job, and the new incarnation registers afresh.
    expect(killed.metrics['workers.lost']).toBe(1);
    expect(killed.metrics['jobs.requeued']).toBe(1);
    expect(killed.metrics['grab.violations']).toBe(0);
    const hub = run(pollingVsHub, { set: { durationMs: '10000' }, faults: ['crash hub at 4s for 2s'] });
    expect(hub.passed).toBe(true);
    expect(hub.params.faults).toBe('crash hub at 4s for 2s');
  }, 120_000);
});

describe('ephemeral-ports reads its faults too', () => {
  it('a server crash for 5 s is an expected outage: only what holds for any fault is checked', () => {
    const summary = run(ephemeralPorts, { set: { ratePerSec: '100', durationMs: '20000' }, faults: ['crash server at 5s for 5s'] });
    expect(summary.expectations.map((expectation) => expectation.metric)).toEqual(['client.tcp.portsInUseMax']);
    expect(summary.passed).toBe(true);
  }, 60_000);
});

describe('a fault that does not fit exits 2 naming what is wrong, for every scenario', () => {
  it.each(scenarios.map((scenario) => scenario.name))('%s: an unknown host is listed against the hosts there are; a bad string names the position', async (name) => {
    const scenario = scenarios.find((candidate) => candidate.name === name)!;
    const { hosts } = describeTopology(scenario, linuxModern, {});
    const parent = mkdtempSync(join(tmpdir(), 'stacksim-fault-'));
    try {
      const unknown = await simCli(['run', name, '--fault', 'crash nosuchhost at 1s', '--quiet', '--out', join(parent, 'a')]);
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain('names nosuchhost, not a host of this topology: hosts are');
      for (const host of hosts.slice(0, 3)) expect(unknown.err).toContain(host.name);
      const bad = await simCli(['run', name, '--fault', `crash ${hosts[0]!.name} at 30`, '--quiet', '--out', join(parent, 'b')]);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/bad fault "crash \S+ at 30": the time after "at" is "30" \(word 4\)/);
      expect(bad.err).toContain('crash HOST at T [for D]');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
