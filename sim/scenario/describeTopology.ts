import { Kernel } from '../kernel/kernel.js';
import type { ProcessListing } from '../net/supervisor.js';
import type { Profile } from './profile.js';
import { resolveParams } from './resolveParams.js';
import type { Scenario } from './scenario.js';
import { createScenarioContext } from './scenarioContext.js';

/** The names faults can use for one parameter set: hosts with their addresses, and processes. */
export interface TopologyListing {
  readonly hosts: readonly { readonly name: string; readonly address: string }[];
  readonly processes: readonly ProcessListing[];
}

/** Builds the scenario's topology for these parameters (nothing runs) and lists its names. */
export function describeTopology(scenario: Scenario, profile: Profile, set: Readonly<Record<string, unknown>>): TopologyListing {
  const params = resolveParams(scenario, profile, set);
  const kernel = new Kernel(1);
  const context = createScenarioContext(kernel, params, profile, scenario.sampleIntervalMs ?? 1_000, () => {});
  kernel.deterministically(() => scenario.build(context as never));
  return {
    hosts: context.network.hosts().map((host) => ({ name: host.name, address: host.address })),
    processes: context.processes.list(),
  };
}
