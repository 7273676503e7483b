import { describe, expect, it } from 'vitest';
import { machineShape } from '../../sim/contract/machineShape.js';
import { machineCatalog } from '../../sim/models/machineCatalog.js';
import { mergeSweeps } from '../../sim/sweep/mergeSweeps.js';
import { runSweep, type SweepOptions } from '../../sim/sweep/runSweep.js';
import { analyzeSweep } from '../../sim/sweep/sweepAnalysis.js';
import type { SweepTask } from '../../sim/sweep/sweepTask.js';
import { prestartSweepWorkers, WorkerPool } from '../../sim/sweep/workerPool.js';
import { findProfile, findScenario } from '../../sim/cli/registry.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { frozenClock, inlineExecutor } from './inlineExecutor.js';

const task: SweepTask = { scenario: 'worker-crash', set: { durationMs: '1000', crashProbability: '0.3' } };
const shapes = machineCatalog.map((entry) => machineShape(entry.machine));

function sweep(options: Partial<SweepOptions> & { slots?: number }) {
  return runSweep({
    task, profile: 'linux-modern', seeds: { first: 1, last: 6 }, shard: null, commit: null,
    executor: inlineExecutor(task, options.slots ?? 2), nowMs: frozenClock, ...options,
  });
}

describe('a sweep over seeds', () => {
  it('keeps every run in seed order with its trace hash and replay command', async () => {
    const file = await sweep({ slots: 3 });
    expect(file.runs.map((run) => run.seed)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(file.runs[0]!.replay).toBe('npx sim run worker-crash --seed 1 --set crashProbability=0.3 --set durationMs=1000');
    expect(file.stop.reason).toBe('allSeeds');
  });

  it('gives, merged from shards 1/3, 2/3 and 3/3, the pass count, failing seeds and distributions of the whole sweep', async () => {
    const whole = await sweep({});
    const shards = await Promise.all([1, 2, 3].map((index) => sweep({ shard: { index, count: 3 } })));
    expect(shards.map((s) => s.runs.map((r) => r.seed))).toEqual([[1, 2], [3, 4], [5, 6]]);
    const merged = mergeSweeps(shards);
    const [a, b] = [analyzeSweep(whole, shapes), analyzeSweep(merged, shapes)];
    expect(b.runsPassed).toBe(a.runsPassed);
    expect(b.failingSeeds).toEqual(a.failingSeeds);
    expect(b.metrics).toEqual(a.metrics);
    const withoutWallTime = (file: typeof whole) => ({ ...file, runs: file.runs.map((run) => ({ ...run, wallMs: 0 })) });
    expect(withoutWallTime(merged)).toEqual(withoutWallTime(whole));
  });

  it('counts the seeds of a missing shard as not run, which fails the merged sweep', async () => {
    const merged = mergeSweeps([await sweep({ shard: { index: 1, count: 3 } })]);
    const analysis = analyzeSweep(merged, shapes);
    expect(analysis.seedsNotRun).toBe(4);
    expect(analysis.passed).toBe(false);
  });

  it('stops --until-coverage at the same seed whatever the number of slots', async () => {
    const one = await sweep({ slots: 1, coveragePatienceRuns: 2 });
    const three = await sweep({ slots: 3, coveragePatienceRuns: 2 });
    expect(one.stop.reason).toBe('coverageStoppedGrowing');
    expect(three.runs.map((r) => r.seed)).toEqual(one.runs.map((r) => r.seed));
    expect(three.stop.message).toBe(one.stop.message);
  });

  it('gives in a worker thread the trace hash `sim run` gives for the same seed', async () => {
    const scenario = findScenario('worker-crash');
    const direct = runScenario(scenario, findProfile(scenario), { seed: 2, set: task.set });
    const pool = new WorkerPool(task, 2);
    try {
      const file = await sweep({ seeds: { first: 1, last: 2 }, executor: pool });
      expect(file.runs[1]!.traceHash).toBe(direct.summary.traceHash);
    } finally {
      await pool.close();
    }
  });

  it('runs seeds on workers started before its task was known, with the trace hash `sim run` gives', async () => {
    const scenario = findScenario('worker-crash');
    const direct = runScenario(scenario, findProfile(scenario), { seed: 3, set: task.set });
    prestartSweepWorkers(2);
    const pool = new WorkerPool(task, 1);
    try {
      const file = await sweep({ seeds: { first: 3, last: 3 }, executor: pool });
      expect(file.runs[0]!.traceHash).toBe(direct.summary.traceHash);
    } finally {
      await pool.close();
    }
  });

  it('runs the task\'s scenario on a worker told to load another one as it started', async () => {
    const scenario = findScenario('worker-crash');
    const direct = runScenario(scenario, findProfile(scenario), { seed: 2, set: task.set });
    prestartSweepWorkers(1, 'polling-vs-hub');
    const pool = new WorkerPool(task, 1);
    try {
      const file = await sweep({ seeds: { first: 2, last: 2 }, executor: pool });
      expect(file.runs[0]!.traceHash).toBe(direct.summary.traceHash);
    } finally {
      await pool.close();
    }
  });
});
