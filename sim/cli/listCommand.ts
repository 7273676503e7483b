import type { ParamValue } from '../scenario/param.js';
import { defaultOf } from '../scenario/resolveParams.js';
import { findProfile, profiles, scenarios } from './registry.js';

/** `sim list`: scenarios with their parameters (default, what is allowed), then profiles. */
export function listCommand(): number {
  const lines: string[] = ['Scenarios (sim run <name> [--set key=value]...):', ''];
  for (const scenario of scenarios) {
    const profile = findProfile(scenario);
    lines.push(`  ${scenario.name}  —  ${scenario.summary}`, `    profile: ${scenario.profile}`);
    for (const [name, spec] of Object.entries(scenario.params)) {
      const value = spec.format(defaultOf(spec, profile) as ParamValue);
      lines.push(`    --set ${name}=${value}`.padEnd(44) + `${spec.description}; ${spec.allowed}`);
    }
    lines.push('');
  }
  lines.push('Profiles (--profile <name>):', '');
  for (const profile of profiles) lines.push(`  ${profile.name}  —  ${profile.summary}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
