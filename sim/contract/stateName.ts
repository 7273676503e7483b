import type { StateValue } from 'xstate';

/**
 * A state value as one name: `"idle"`, or `"running.copying"` for a nested state. Parallel
 * regions are not used by this project's machines; their value is joined region by region
 * (`"a.x|b.y"`) so it still names one configuration.
 */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) parts.push(child === undefined ? key : `${key}.${stateName(child)}`);
  return parts.join('|');
}
