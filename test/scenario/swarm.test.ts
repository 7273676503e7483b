import { describe, expect, it } from 'vitest';
import { findProfile, findScenario, scenarios } from '../../sim/cli/registry.js';
import { deriveSeed, RandomStream } from '../../sim/kernel/randomStream.js';
import { parseFault } from '../../sim/scenario/parseFault.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { drawSwarm, drawValue } from '../../sim/scenario/swarm.js';
import { loadTaskScenario, runSweepTask } from '../../sim/sweep/sweepTask.js';
import { simCli } from '../helpers/simCli.js';

const scenario = findScenario('worker-crash');
const profile = findProfile(scenario);
/** Short runs: the window is fixed, everything else is drawn. */
const set = { durationMs: '5000' };

describe('swarm', () => {
  it('draws the same parameters and faults from the same seed, and others from another seed', () => {
    const a = drawSwarm(scenario, profile, 7, set, scenario.quietPhase);
    expect(drawSwarm(scenario, profile, 7, set, scenario.quietPhase)).toEqual(a);
    const others = [8, 9, 10].map((seed) => drawSwarm(scenario, profile, seed, set, scenario.quietPhase));
    expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(a))).toBe(true);
  });

  it('keeps a parameter the user set, and draws the others as they would be drawn without it', () => {
    const free = drawSwarm(scenario, profile, 3, {}, scenario.quietPhase);
    const fixed = drawSwarm(scenario, profile, 3, { mode: 'fail' }, scenario.quietPhase);
    expect(fixed.params.mode).toBeUndefined();
    expect(fixed.params.workers).toBe(free.params.workers);
    expect(fixed.params.jobMs).toBe(free.params.jobMs);
  });

  it('draws faults in the fault language over the scenario\'s worker hosts and their processes, all healed before the quiet phase', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const drawn = drawSwarm(scenario, profile, seed, set, { convergeWithinMs: 30_000 });
      for (const fault of drawn.faults.map(parseFault)) {
        expect(fault.text).toMatch(/^(crash|partition|delay|loss|kill) worker\d+/);
        expect(fault.atMs + ('forMs' in fault ? (fault.forMs ?? 0) : 0)).toBeLessThanOrEqual(5_000);
      }
    }
  });

  it('draws values on the grid of a range and among the choices', () => {
    const stream = new RandomStream('test', deriveSeed(1, 'test'));
    const values = Array.from({ length: 200 }, () => drawValue(stream, { min: 0.01, max: 0.2, step: 0.01 }) as number);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.01);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.2);
    expect(values.every((v) => String(v).length <= 4)).toBe(true);
    expect(new Set(Array.from({ length: 50 }, () => drawValue(stream, { choices: ['a', 'b'] })))).toEqual(new Set(['a', 'b']));
  });

  it('has ranges whose every end and choice each scenario\'s parameter accepts', () => {
    for (const each of scenarios) {
      for (const [name, spec] of Object.entries(each.params)) {
        if (!spec.swarm) continue;
        const ends = 'choices' in spec.swarm ? spec.swarm.choices : [spec.swarm.min, spec.swarm.max];
        for (const value of ends) expect(() => spec.parse(value), `${each.name} ${name} ${value}`).not.toThrow();
      }
    }
  });

  it('logs the draw in the summary, and a sweep\'s run N replays with `sim run --swarm --seed N` to the same trace hash', async () => {
    const task = { scenario: 'worker-crash', set, swarm: true };
    const outcome = runSweepTask(task, 4, await loadTaskScenario(task));
    expect(outcome.run.swarm?.params.workers).toEqual(expect.any(Number));
    expect(outcome.run.replay).toBe('npx sim run worker-crash --seed 4 --swarm --set durationMs=5000');
    const { code, out } = await simCli(['run', 'worker-crash', '--seed', '4', '--swarm', '--set', 'durationMs=5000', '--json', '--out', `/tmp/stacksim-swarm-test-${process.pid}`, '--force']);
    const summary = JSON.parse(out) as { traceHash: string; swarm: unknown };
    expect(code).toBe(outcome.run.passed ? 0 : 1);
    expect(summary.traceHash).toBe(outcome.run.traceHash);
    expect(summary.swarm).toEqual(outcome.run.swarm);
  });

  it('prints every drawn value before the run', async () => {
    const { out } = await simCli(['run', 'worker-crash', '--seed', '4', '--swarm', '--set', 'durationMs=5000', '--out', `/tmp/stacksim-swarm-test-${process.pid}`, '--force']);
    const [params, faults] = out.split('\n');
    expect(params).toMatch(/^swarm drew: mode=\w+ jobRetries=\d+ crashProbability=[\d.]+ workers=\d+ jobsPerSec=\d+ jobMs=\d+ restartMs=\d+$/);
    expect(faults).toMatch(/^swarm faults: /);
  });

  it('leaves the run\'s own random stream alone: without --swarm, the same parameters give the same trace', () => {
    const drawn = drawSwarm(scenario, profile, 5, set, scenario.quietPhase);
    const swarmRun = runScenario(scenario, profile, { seed: 5, set, swarm: true });
    const plain = runScenario(scenario, profile, { seed: 5, set: { ...drawn.params, ...set }, faults: drawn.faults });
    expect(swarmRun.summary.traceHash).toBe(plain.summary.traceHash);
  });
});
