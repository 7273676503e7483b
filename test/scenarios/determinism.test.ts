import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { ephemeralPorts } from '../../scenarios/ephemeral-ports.js';
import { ndbNodeFailure } from '../../scenarios/ndb-node-failure.js';
import { TraceLog } from '../../sim/kernel/traceLog.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

const set = { durationMs: '60000', ratePerSec: '600' };

describe('same scenario, parameters and seed give the same trace', () => {
  it('gives the same trace hash and summary metrics for the same seed', () => {
    const a = runScenario(ephemeralPorts, linuxModern, { seed: 11, set }).summary;
    const b = runScenario(ephemeralPorts, linuxModern, { seed: 11, set }).summary;
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.events).toBe(a.events);
  });

  it('gives a different trace hash for a different seed', () => {
    const a = runScenario(ephemeralPorts, linuxModern, { seed: 11, set }).summary;
    const b = runScenario(ephemeralPorts, linuxModern, { seed: 12, set }).summary;
    expect(b.traceHash).not.toBe(a.traceHash);
  });

  it('gives a different trace hash for a different parameter', () => {
    const a = runScenario(ephemeralPorts, linuxModern, { seed: 11, set }).summary;
    const b = runScenario(ephemeralPorts, linuxModern, { seed: 11, set: { ...set, closer: 'server' } }).summary;
    expect(b.traceHash).not.toBe(a.traceHash);
  });

  it('records identical full traces event by event', () => {
    const logA = new TraceLog();
    const logB = new TraceLog();
    runScenario(ephemeralPorts, linuxModern, { seed: 4, set: { durationMs: '5000' }, traceLog: logA });
    runScenario(ephemeralPorts, linuxModern, { seed: 4, set: { durationMs: '5000' }, traceLog: logB });
    expect(logA.size).toBeGreaterThan(10_000);
    expect(logA.firstDifference(logB)).toBe(-1);
  });
});

describe('ndb-node-failure: same parameters and seed give the same trace', () => {
  // A partition with the arbitrator reachable from both sides: which side lives is a race the seed decides.
  const ndbSet = { durationMs: '15000', txnPerSec: '100', kill: '', partition: '1,3|2,4', partitionAtMs: '4000', restart: '2', restartAtMs: '9000' };

  it('gives the same trace hash and metrics for the same seed, and another for another seed', () => {
    const a = runScenario(ndbNodeFailure, linuxModern, { seed: 21, set: ndbSet }).summary;
    const b = runScenario(ndbNodeFailure, linuxModern, { seed: 21, set: ndbSet }).summary;
    const c = runScenario(ndbNodeFailure, linuxModern, { seed: 22, set: ndbSet }).summary;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.metrics).toEqual(a.metrics);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('records identical full traces event by event', () => {
    const logA = new TraceLog();
    const logB = new TraceLog();
    runScenario(ndbNodeFailure, linuxModern, { seed: 8, set: ndbSet, traceLog: logA });
    runScenario(ndbNodeFailure, linuxModern, { seed: 8, set: ndbSet, traceLog: logB });
    expect(logA.size).toBeGreaterThan(10_000);
    expect(logA.firstDifference(logB)).toBe(-1);
  });
});
