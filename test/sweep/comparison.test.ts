import { describe, expect, it } from 'vitest';
import { findProfile, findScenario } from '../../sim/cli/registry.js';
import { runScenario } from '../../sim/scenario/runScenario.js';
import { UsageError } from '../../sim/scenario/usageError.js';
import { compare, type Compared } from '../../sim/sweep/comparison.js';

function runOf(crashProbability: string): Compared {
  const scenario = findScenario('worker-crash');
  const { summary } = runScenario(scenario, findProfile(scenario), { seed: 1, set: { durationMs: '1000', crashProbability } });
  return { kind: 'run', path: `crash-${crashProbability}`, summary: { ...summary, commit: null } };
}

describe('comparing two runs', () => {
  const calm = runOf('0.05');
  const stormy = runOf('0.5');

  it('names the parameter that differs and the metrics that changed, with the change in percent', () => {
    const comparison = compare(calm, stormy, []);
    expect(comparison.paramsChanged).toEqual([{ name: 'crashProbability', before: '0.05', after: '0.5' }]);
    const lost = comparison.metrics.find((m) => m.metric === 'workers.lost')!;
    expect(lost.after).toBeGreaterThan(lost.before!);
    expect(lost.changePercent).toBeGreaterThan(0);
    expect(comparison.regressions).toEqual([]);
  });

  it('reports a regression when a declared threshold is crossed', () => {
    const comparison = compare(calm, stormy, [{ metric: 'workers.lost', direction: 'increase', percent: 10 }]);
    expect(comparison.regressions[0]).toMatch(/^workers\.lost increased by .* \(limit 10 %\)$/);
  });

  it('refuses a threshold on a metric neither side has, and a run compared with a sweep', () => {
    expect(() => compare(calm, stormy, [{ metric: 'no.such', direction: 'increase', percent: 1 }])).toThrow(UsageError);
    const sweep: Compared = { kind: 'sweep', path: 's', sweep: { format: 'stacksim-sweep/1' } as never };
    expect(() => compare(calm, sweep, [])).toThrow(UsageError);
  });
});
