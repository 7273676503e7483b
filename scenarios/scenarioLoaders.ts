import type { Scenario } from '../sim/scenario/scenario.js';
import { UsageError } from '../sim/scenario/usageError.js';

/**
 * Every scenario's module, loaded only when asked for, in `sim list`'s order: the one list
 * of scenarios (scenarios/index.ts loads them all). `sim sweep` and its workers load the one
 * scenario they run: importing all seven builds every system's machines and parameter
 * schemas first, about a tenth of a second of CPU in each thread before its first seed
 * (profiled). A test holds each key to its scenario's name.
 */
export const scenarioLoaders: Readonly<Record<string, () => Promise<Scenario>>> = {
  'ephemeral-ports': async () => (await import('./ephemeral-ports.js')).ephemeralPorts,
  'port-exhaustion': async () => (await import('./port-exhaustion.js')).portExhaustion,
  'storage-host-failure': async () => (await import('./storage-host-failure.js')).storageHostFailure,
  'polling-vs-hub': async () => (await import('./polling-vs-hub.js')).pollingVsHub,
  'worker-crash': async () => (await import('./worker-crash.js')).workerCrash,
  'ndb-node-failure': async () => (await import('./ndb-node-failure.js')).ndbNodeFailure,
  livejournal: async () => (await import('./livejournal.js')).liveJournal,
};

/** The scenario called `name`, its module loaded now; undefined when there is none. */
export async function loadScenario(name: string): Promise<Scenario | undefined> {
  return Object.hasOwn(scenarioLoaders, name) ? scenarioLoaders[name]!() : undefined;
}

/** The scenario called `name`, its module loaded now, or a UsageError listing the ones there are. */
export async function loadRegisteredScenario(name: string): Promise<Scenario> {
  const scenario = await loadScenario(name);
  if (!scenario) throw unknownScenarioError(name);
  return scenario;
}

/** What `sim` says of a scenario name it does not know: the names it knows, in `sim list`'s order. */
export function unknownScenarioError(name: string): UsageError {
  return new UsageError(`unknown scenario "${name}" (scenarios: ${Object.keys(scenarioLoaders).join(', ')}; see \`sim list\`)`);
}
