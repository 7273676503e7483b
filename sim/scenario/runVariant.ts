import type { ParamValue } from './param.js';
import type { Profile } from './profile.js';
import { defaultOf } from './resolveParams.js';
import type { Scenario } from './scenario.js';
import { shellWord } from './shellWord.js';

/** What sets a run apart from the scenario at its defaults: the parameters and profile it changed. */
export interface RunVariant {
  /** Non-default parameters in the scenario's order, values as summary.json writes them. */
  readonly sets: readonly (readonly [name: string, value: string])[];
  /** The profile when it is not the scenario's own, else null. */
  readonly profile: string | null;
  /** Faults in the fault language given for the run (`--fault`), in order. */
  readonly faults: readonly string[];
  /** Thresholds given for the run (`--expect`), in order. */
  readonly expect: readonly string[];
  /** `--swarm`: the seed draws the other parameters and the faults. */
  readonly swarm: boolean;
}

/** The parameters whose values differ from their defaults under `profile`, and the profile if not the scenario's. */
export function runVariant(
  scenario: Scenario, profile: Profile, params: Readonly<Record<string, ParamValue>>,
  given: { readonly faults: readonly string[]; readonly expect: readonly string[]; readonly swarm?: boolean } = { faults: [], expect: [] },
): RunVariant {
  const sets: (readonly [string, string])[] = [];
  for (const [name, spec] of Object.entries(scenario.params)) {
    const value = String(spec.format(params[name] as ParamValue));
    if (value !== String(spec.format(defaultOf(spec, profile)))) sets.push([name, value]);
  }
  return { sets, profile: profile.name === scenario.profile ? null : profile.name, faults: given.faults, expect: given.expect, swarm: given.swarm ?? false };
}

/**
 * The variant in words for titles and tables: `reproxy=close`, `kill=(none) partition=1,3|2,4`,
 * `profile=linux-2005`; `defaults` when nothing was changed.
 */
export function variantLabel(variant: RunVariant): string {
  const words = variant.swarm ? ['swarm'] : [];
  words.push(...variant.sets.map(([name, value]) => `${name}=${value === '' ? '(none)' : value}`));
  if (variant.profile !== null) words.push(`profile=${variant.profile}`);
  for (const fault of variant.faults) words.push(`fault=${fault.replace(/ /g, '_')}`);
  for (const threshold of variant.expect) words.push(`expect=${threshold.replace(/ /g, '')}`);
  return words.length === 0 ? 'defaults' : words.join(' ');
}

/**
 * The command that runs exactly this again, as a shell takes it: `npx sim` (the package's
 * own bin, which works in the checkout after `npm ci`), the seed, the profile if not the
 * scenario's own, and every non-default parameter, each word quoted where the shell needs it.
 */
export function replayCommand(scenarioName: string, seed: number, variant: RunVariant): string {
  const words = ['npx', 'sim', 'run', scenarioName, '--seed', String(seed)];
  if (variant.swarm) words.push('--swarm');
  if (variant.profile !== null) words.push('--profile', variant.profile);
  for (const [name, value] of variant.sets) words.push('--set', `${name}=${value}`);
  for (const fault of variant.faults) words.push('--fault', fault);
  for (const threshold of variant.expect) words.push('--expect', threshold);
  return words.map(shellWord).join(' ');
}
