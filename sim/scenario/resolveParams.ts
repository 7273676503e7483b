import type { ParamSpec, ParamValue } from './param.js';
import type { Profile } from './profile.js';
import type { Scenario } from './scenario.js';
import { quoteInput } from './quoteInput.js';
import { UsageError } from './usageError.js';

/**
 * Every parameter's value for a run: defaults (some from the profile) overridden by what
 * the user set. An unknown name or a value that does not parse is a UsageError naming the
 * parameter and what it allows.
 */
export function resolveParams(
  scenario: Scenario, profile: Profile, set: Readonly<Record<string, unknown>>,
): Record<string, ParamValue> {
  const specs = scenario.params;
  for (const name of Object.keys(set)) {
    if (!Object.hasOwn(specs, name)) {
      throw new UsageError(
        `unknown parameter ${quoteInput(name)} for scenario ${scenario.name} (parameters: ${Object.keys(specs).join(', ')})`,
      );
    }
  }
  const values: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = Object.hasOwn(set, name) ? parseOne(scenario, name, spec, set[name]) : defaultOf(spec, profile);
  }
  return values;
}

function parseOne(scenario: Scenario, name: string, spec: ParamSpec<ParamValue>, raw: unknown): ParamValue {
  try {
    return spec.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`scenario ${scenario.name}: invalid value for ${name}: ${reason}`);
  }
}

export function defaultOf(spec: ParamSpec<ParamValue>, profile: Profile): ParamValue {
  return typeof spec.defaultValue === 'function' ? spec.defaultValue(profile) : spec.defaultValue;
}

/** Values as summary.json writes them (port ranges as `low-high`). */
export function formatParams(scenario: Scenario, values: Record<string, ParamValue>): Record<string, string | number | boolean> {
  const formatted: Record<string, string | number | boolean> = {};
  for (const [name, spec] of Object.entries(scenario.params)) formatted[name] = spec.format(values[name] as ParamValue);
  return formatted;
}
