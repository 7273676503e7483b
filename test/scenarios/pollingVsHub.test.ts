import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { pollingVsHub } from '../../scenarios/polling-vs-hub.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

const short = { durationMs: '10000' };

describe('polling-vs-hub', () => {
  it('the hub outruns database polling once the database is the bottleneck, with no query per job', () => {
    const { summary } = runScenario(pollingVsHub, linuxModern, { seed: 2, set: short });
    const metrics = summary.metrics;
    expect(metrics['hub.queriesPerJob']).toBe(0);
    expect(metrics['polling.queriesPerJob']).toBeGreaterThan(5);
    expect(metrics['polling.lockConflictsPerJob']).toBeGreaterThan(1);
    expect(metrics['speedup']).toBeGreaterThan(1.2);
    expect(metrics['hub.jobs.latencyMs.p99']!).toBeLessThan(metrics['polling.latencyMs.p99']!);
    expect(metrics['grab.violations']).toBe(0);
    expect(summary.passed).toBe(true);
  });

  it('at light load polling waits out its poll interval while the hub wakes a sleeping worker at once', () => {
    const { summary } = runScenario(pollingVsHub, linuxModern, { seed: 2, set: { ...short, jobsPerSec: '20', workers: '4' } });
    // A polling worker that found nothing sleeps 5 s (TheSchwartz's delay); a hub NOOPs a sleeper.
    expect(summary.metrics['polling.latencyMs.p50']!).toBeGreaterThan(1_000);
    expect(summary.metrics['hub.jobs.latencyMs.p50']!).toBeLessThan(200);
    expect(summary.metrics['grab.violations']).toBe(0);
  });

  it('gives the same trace hash for the same seed', () => {
    const a = runScenario(pollingVsHub, linuxModern, { seed: 4, set: { durationMs: '3000' } }).summary;
    const b = runScenario(pollingVsHub, linuxModern, { seed: 4, set: { durationMs: '3000' } }).summary;
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.metrics).toEqual(a.metrics);
  });
});
