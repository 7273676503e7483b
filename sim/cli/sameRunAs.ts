import type { SameRun } from './runFolder.js';

/** What names a run: its scenario, profile, seed and every parameter value (summary.json's fields). */
export interface RunIdentity {
  readonly scenario: string;
  readonly profile: string;
  readonly seed: number;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/** Whether a summary.json found in a folder is of the run `identity` names: then the folder may be replaced. */
export function sameRunAs(identity: RunIdentity): SameRun {
  return (summary) =>
    summary.scenario === identity.scenario &&
    summary.profile === identity.profile &&
    summary.seed === identity.seed &&
    JSON.stringify(sortedEntries(summary.params)) === JSON.stringify(sortedEntries(identity.params));
}

function sortedEntries(value: unknown): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
