import { describe, expect, it } from 'vitest';
import { linuxModern } from '../../profiles/linux-modern.js';
import { workerCrash } from '../../scenarios/worker-crash.js';
import { resolveParams } from '../../sim/scenario/resolveParams.js';
import { runScenario } from '../../sim/scenario/runScenario.js';

/** 10 s of submissions (495 jobs at 50/s) and the 30 s drain: a few hundred ms per run. */
const small = { durationMs: '10000' };

function run(set: Record<string, string>, seed = 5) {
  return runScenario(workerCrash, linuxModern, { seed, set: { ...small, ...set } }).summary;
}

describe('worker-crash: workers die mid-job, the hub requeues or fails their jobs', () => {
  it('in requeue mode every job is answered WORK_COMPLETE though workers crashed and jobs were requeued', () => {
    const summary = run({ mode: 'requeue' });
    const metrics = summary.metrics;
    expect(metrics['jobs.submitted']).toBe(495);
    expect(metrics['workers.lost']).toBeGreaterThan(0);
    expect(metrics['jobs.requeued']).toBeGreaterThan(0);
    // Each lost worker held exactly one job, which went back to the queue.
    expect(metrics['jobs.requeued']).toBe(metrics['workers.lost']);
    expect(metrics['jobs.failed']).toBe(0);
    expect(metrics['clients.complete']).toBe(495);
    expect(metrics['clients.fail']).toBe(0);
    expect(metrics['clients.lost']).toBe(0);
    expect(metrics['grab.violations']).toBe(0);
    expect(summary.passed).toBe(true);
  });

  it('in fail mode clients see WORK_FAIL for the crashed jobs and every job is answered exactly once', () => {
    const summary = run({ mode: 'fail' });
    const metrics = summary.metrics;
    expect(metrics['clients.fail']).toBeGreaterThan(0);
    // One WORK_FAIL per job whose worker died, and nothing requeued.
    expect(metrics['clients.fail']).toBe(metrics['jobs.failed']);
    expect(metrics['jobs.failed']).toBe(metrics['workers.lost']);
    expect(metrics['jobs.requeued']).toBe(0);
    expect(metrics['clients.answered']).toBe(metrics['jobs.submitted']);
    expect((metrics['clients.complete'] ?? 0) + (metrics['clients.fail'] ?? 0)).toBe(metrics['jobs.submitted']);
    expect(metrics['clients.answeredTwice']).toBe(0);
    expect(metrics['jobs.inFlightAtEnd']).toBe(0);
    expect(metrics['grab.violations']).toBe(0);
    expect(summary.invariants.every((invariant) => invariant.violations === 0)).toBe(true);
    expect(summary.passed).toBe(true);
  });

  it('without crashes nothing is requeued or failed, in either mode', () => {
    for (const mode of ['requeue', 'fail']) {
      const summary = run({ mode, crashProbability: '0' });
      const metrics = summary.metrics;
      expect(metrics['workers.lost']).toBe(0);
      expect(metrics['jobs.requeued']).toBe(0);
      expect(metrics['jobs.failed']).toBe(0);
      expect(metrics['clients.fail']).toBe(0);
      expect(metrics['clients.complete']).toBe(495);
      expect(summary.passed).toBe(true);
    }
  });

  it('with --job-retries=1 in requeue mode the first lost assignment fails the job to its client', () => {
    const summary = run({ mode: 'requeue', jobRetries: '1' });
    const metrics = summary.metrics;
    expect(metrics['clients.fail']).toBeGreaterThan(0);
    expect(metrics['jobs.requeued']).toBe(0);
    expect(metrics['clients.fail']).toBe(metrics['workers.lost']);
    expect(metrics['clients.answered']).toBe(metrics['jobs.submitted']);
    expect(metrics['grab.violations']).toBe(0);
  });

  it('requeued jobs cost latency: requeue p99 is above the crash-free p99', () => {
    const crashing = run({ mode: 'requeue' });
    const clean = run({ mode: 'requeue', crashProbability: '0' });
    expect(crashing.metrics['jobs.latencyMs.p99']).toBeGreaterThan(clean.metrics['jobs.latencyMs.p99'] ?? Infinity);
  });

  it('same seed and parameters give the same trace hash; another seed gives another', () => {
    const a = run({ mode: 'fail' }, 11);
    const b = run({ mode: 'fail' }, 11);
    const c = run({ mode: 'fail' }, 12);
    expect(a.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.metrics).toEqual(a.metrics);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it('the summary passes its expectations at the default parameters in both modes', () => {
    for (const mode of ['requeue', 'fail']) {
      const { summary, series } = runScenario(workerCrash, linuxModern, { seed: 1, set: { mode } });
      expect(summary.params).toMatchObject({ mode, jobRetries: 0, crashProbability: 0.05, workers: 8, jobsPerSec: 50, jobMs: 100, durationMs: 60_000 });
      expect(summary.simulatedMs).toBe(90_000);
      expect(summary.stopReason).toBe('completed');
      expect(summary.expectations.length).toBeGreaterThanOrEqual(3);
      expect(summary.expectations.filter((expectation) => !expectation.passed)).toEqual([]);
      expect(summary.invariants.map((invariant) => invariant.name)).toContain('grab atomicity holds');
      expect(summary.passed).toBe(true);
      expect(summary.findings.length).toBeGreaterThan(3);
      expect(summary.charts.map((chart) => chart.id)).toEqual(['replies', 'workers', 'losses', 'inflight', 'latency']);
      // Per-second latency: the p99 never below the median, and a requeued job's wait shows in it.
      const p50 = series.series['jobs.latencyMsP50'] ?? [];
      const p99 = series.series['jobs.latencyMsP99'] ?? [];
      expect(p99.every((value, i) => value >= (p50[i] ?? 0))).toBe(true);
      expect(Math.max(...p99)).toBeGreaterThan(Math.max(...p50));
      // Every series is sampled once a second over the whole run, drain included.
      expect(series.tMs).toHaveLength(90);
      expect(series.series['workers.alive']?.every((alive) => alive >= 0 && alive <= 8)).toBe(true);
      expect(series.series['jobs.inFlight']?.at(-1)).toBe(0);
    }
  });

  it('expectations follow the parameters: fail mode with enough crashes expects WORK_FAIL, no crashes expects no lost worker', () => {
    const names = (set: Record<string, string>) => workerCrash
      .expectations(resolveParams(workerCrash, linuxModern, { ...small, ...set }), linuxModern, [])
      .map((expectation) => `${expectation.metric} ${expectation.op} ${expectation.threshold}`);
    expect(names({ mode: 'fail' })).toContain('clients.fail > 0');
    expect(names({ mode: 'fail' })).toContain('clients.answered == 495');
    expect(names({ mode: 'requeue' })).toContain('clients.fail == 0');
    expect(names({ mode: 'requeue', jobRetries: '3' })).not.toContain('clients.fail == 0');
    expect(names({ crashProbability: '0' })).toEqual(expect.arrayContaining(['workers.lost == 0', 'clients.fail == 0']));
    // 50 jobs at 0.05: 2.5 crashes expected, too few to count on one.
    expect(names({ mode: 'fail', durationMs: '1100' })).not.toContain('clients.fail > 0');
  });
});
