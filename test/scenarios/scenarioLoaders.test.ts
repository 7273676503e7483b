import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.js';
import { loadScenario, scenarioLoaders } from '../../scenarios/scenarioLoaders.js';

describe('scenarioLoaders: each scenario loaded alone, as a sweep and its workers load it', () => {
  it('names every registered scenario, in the order `sim list` shows them', () => {
    expect(Object.keys(scenarioLoaders)).toEqual(scenarios.map((scenario) => scenario.name));
  });

  it('loads the very scenario the registry holds under each name', async () => {
    for (const scenario of scenarios) expect(await loadScenario(scenario.name)).toBe(scenario);
  });

  it('finds nothing under a name no scenario has, nor under an Object property', async () => {
    expect(await loadScenario('no-such-scenario')).toBeUndefined();
    expect(await loadScenario('toString')).toBeUndefined();
  });
});
