import { profiles } from '../../profiles/index.js';
import type { Profile } from '../scenario/profile.js';
import type { Scenario } from '../scenario/scenario.js';
import { UsageError } from '../scenario/usageError.js';

/** The profile called `name` (default: the scenario's own), or a UsageError listing them. */
export function findProfile(scenario: Scenario, name?: string): Profile {
  const wanted = name ?? scenario.profile;
  const profile = profiles.find((candidate) => candidate.name === wanted);
  if (!profile) throw new UsageError(`unknown profile "${wanted}" (profiles: ${profiles.map((p) => p.name).join(', ')})`);
  return profile;
}
