import { describe, expect, it } from 'vitest';
import { machineShape } from '../../sim/contract/machineShape.js';
import { findProfile, findScenario } from '../../sim/cli/registry.js';
import { machineCatalog } from '../../sim/models/machineCatalog.js';
import { parseFault } from '../../sim/scenario/parseFault.js';
import { lastFaultHealedMs } from '../../sim/scenario/quietPhase.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { runSweep } from '../../sim/sweep/runSweep.js';
import { analyzeSweep } from '../../sim/sweep/sweepAnalysis.js';
import { verdictLine } from '../../sim/sweep/sweepReport.js';
import type { SweepTask } from '../../sim/sweep/sweepTask.js';
import { frozenClock, inlineExecutor } from '../sweep/inlineExecutor.js';

const scenario = findScenario('worker-crash');
const profile = findProfile(scenario);
/** One worker cut off from the hub for 0.6 s: jobs submitted meanwhile wait for TCP's retransmission backoff after the heal. */
const cutOff = { set: { durationMs: '2000', workers: '1', jobsPerSec: '5', crashProbability: '0' }, faults: ['partition worker0|hub0 at 0.2s for 0.6s'] };

describe('the quiet phase after faults', () => {
  it('starts when the last fault heals, at the moment of a one-off kill, and not at all while a fault lasts', () => {
    expect(lastFaultHealedMs([])).toBeUndefined();
    expect(lastFaultHealedMs(['crash a at 1s for 2s', 'kill p at 5s', 'loss a-b 5% at 2s for 1s'].map(parseFault))).toBe(5_000);
    expect(lastFaultHealedMs(['crash a at 1s for 2s', 'partition a|b at 2s'].map(parseFault))).toBeNull();
  });

  it('passes a run whose jobs are all answered within the bound after the heal', () => {
    const { summary } = runScenario(scenario, profile, { seed: 1, ...cutOff, quietPhase: { convergeWithinMs: 30_000 } });
    expect(summary.liveness?.passed).toBe(true);
    expect(summary.liveness?.lastFaultHealedMs).toBe(800);
    expect(summary.liveness?.message).toMatch(/^liveness: converged at \d+(\.\d+)? s, .* after the last fault healed at 0.8 s$/);
  });

  it('fails a run that does not converge within the bound, as liveness, while its expectations and invariants hold', () => {
    const { summary } = runScenario(scenario, profile, { seed: 1, ...cutOff, quietPhase: { convergeWithinMs: 100 } });
    expect(summary.passed).toBe(false);
    expect(summary.expectations.every((e) => e.passed)).toBe(true);
    expect(summary.invariants.every((i) => i.violations === 0)).toBe(true);
    expect(summary.liveness?.message).toMatch(/^liveness: \d+ job\(s\) submitted before the last fault healed still unanswered: did not converge within 0.1 s after the last fault healed at 0.8 s \(converged only at 2 s\)$/);
  });

  it('fails a sweep with its own message, apart from safety failures', async () => {
    const task: SweepTask = { scenario: 'worker-crash', ...cutOff, quietPhase: { convergeWithinMs: 100 } };
    const file = await runSweep({
      task, profile: profile.name, seeds: { first: 1, last: 2 }, shard: null, commit: null, executor: inlineExecutor(task, 1), nowMs: frozenClock,
    });
    const analysis = analyzeSweep(file, machineCatalog.map((entry) => machineShape(entry.machine)));
    expect(analysis.passed).toBe(false);
    expect(analysis.livenessFailures).toEqual([1, 2]);
    expect(analysis.failingSeeds[0]!.failures).toEqual([expect.stringMatching(/^liveness: .*did not converge within 0.1 s after the last fault healed at 0.8 s/)]);
    expect(verdictLine(analysis)).toMatch(/^FAILED: 0 of 2 runs passed, 2 failed \(2 by liveness: did not converge after the last fault healed\)/);
  });

  it('is not checked in a run without faults from the fault language, so its trace is what it was', () => {
    const { summary } = runScenario(scenario, profile, { seed: 1, set: cutOff.set });
    expect(summary.liveness).toBeUndefined();
  });
});
