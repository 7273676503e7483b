import { profiles } from '../../profiles/index.js';
import { scenarios } from '../../scenarios/index.js';
import { unknownScenarioError } from '../../scenarios/scenarioLoaders.js';
import type { Scenario } from '../scenario/scenario.js';
import { findProfile } from './findProfile.js';

/** The scenario called `name`, or a UsageError listing the ones there are. */
export function findScenario(name: string): Scenario {
  const scenario = scenarios.find((candidate) => candidate.name === name);
  if (!scenario) throw unknownScenarioError(name);
  return scenario;
}

export { findProfile, profiles, scenarios };
