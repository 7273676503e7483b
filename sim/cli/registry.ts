import { profiles } from '../../profiles/index.js';
import { scenarios } from '../../scenarios/index.js';
import type { Profile } from '../scenario/profile.js';
import type { Scenario } from '../scenario/scenario.js';
import { UsageError } from '../scenario/usageError.js';

/** The scenario called `name`, or a UsageError listing the ones there are. */
export function findScenario(name: string): Scenario {
  const scenario = scenarios.find((candidate) => candidate.name === name);
  if (!scenario) {
    throw new UsageError(`unknown scenario "${name}" (scenarios: ${scenarios.map((s) => s.name).join(', ')}; see \`sim list\`)`);
  }
  return scenario;
}

/** The profile called `name` (default: the scenario's own), or a UsageError listing them. */
export function findProfile(scenario: Scenario, name?: string): Profile {
  const wanted = name ?? scenario.profile;
  const profile = profiles.find((candidate) => candidate.name === wanted);
  if (!profile) throw new UsageError(`unknown profile "${wanted}" (profiles: ${profiles.map((p) => p.name).join(', ')})`);
  return profile;
}

export { profiles, scenarios };
