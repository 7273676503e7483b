import { describe, expect, it } from 'vitest';
import { AssertionTally, declaredAssertions, reachable, sometimes, unreachable, withAssertionTally } from '../../sim/contract/declaredAssertion.js';
import { machineShape } from '../../sim/contract/machineShape.js';
import { machineCatalog } from '../../sim/models/machineCatalog.js';
import { runSweep } from '../../sim/sweep/runSweep.js';
import { analyzeSweep } from '../../sim/sweep/sweepAnalysis.js';
import type { SweepTask } from '../../sim/sweep/sweepTask.js';
import '../../scenarios/index.js';
import { frozenClock, inlineExecutor } from './inlineExecutor.js';

const neverTrue = sometimes('worker-crash', 'a test condition that never holds');
const ndbOnly = reachable('ndbDataNode', 'a point only NDB runs reach');
const shapes = machineCatalog.map((entry) => machineShape(entry.machine));

async function sweepOf(set: Record<string, string>) {
  const task: SweepTask = { scenario: 'worker-crash', set: { durationMs: '1000', ...set } };
  const file = await runSweep({
    task, profile: 'linux-modern', seeds: { first: 1, last: 2 }, shard: null, commit: null,
    executor: inlineExecutor(task, 1), nowMs: frozenClock,
  });
  return analyzeSweep(file, shapes);
}

describe('sometimes and reachable assertions', () => {
  it('count a run that sees the condition true or reaches the point, and not one that sees it false', () => {
    const tally = new AssertionTally();
    const point = unreachable('test', 'a point no run may reach');
    withAssertionTally(tally, () => {
      neverTrue.observe(false);
      point.reach();
      point.reach();
    });
    expect(tally.toJSON()).toEqual({ 'test: a point no run may reach': 2 });
  });

  it('are listed from the code that declares them, seen or not', () => {
    const ids = declaredAssertions().map((a) => a.id);
    expect(ids).toContain('worker-crash: a worker dies mid-job');
    expect(ids).toContain(neverTrue.declared.id);
    expect(ids).toContain(ndbOnly.declared.id);
  });

  it('fail a sweep with their own message when no run saw a sometimes, leaving out those of machines that never ran', async () => {
    const analysis = await sweepOf({ crashProbability: '0.3' });
    expect(analysis.failingSeeds).toEqual([]);
    expect(analysis.passed).toBe(false);
    expect(analysis.sweepFailures).toEqual(['sometimes never seen in 2 runs: worker-crash: a test condition that never holds']);
    const listed = analysis.assertions.map((a) => [a.assertion.id, a.runs]);
    expect(listed).toContainEqual(['worker-crash: a worker dies mid-job', 2]);
    expect(listed.map(([id]) => id)).not.toContain(ndbOnly.declared.id);
  });

  it("name the scenario's own sometimes when a sweep never kills a worker", async () => {
    const analysis = await sweepOf({ crashProbability: '0' });
    expect(analysis.sweepFailures).toContain('sometimes never seen in 2 runs: worker-crash: a worker dies mid-job');
  });
});
