import { describeTopology } from '../scenario/describeTopology.js';
import { findProfile, findScenario } from './registry.js';

export interface HostsOptions {
  readonly set?: Record<string, string>;
  readonly profile?: string;
  readonly json?: boolean;
}

/** `sim hosts <scenario>`: the host and process names of the topology these parameters build. */
export function hostsCommand(name: string, options: HostsOptions): number {
  const scenario = findScenario(name);
  const profile = findProfile(scenario, options.profile);
  const topology = describeTopology(scenario, profile, options.set ?? {});
  if (options.json) {
    process.stdout.write(`${JSON.stringify(topology, null, 2)}\n`);
    return 0;
  }
  const lines = [`${scenario.name}: ${topology.hosts.length} hosts, ${topology.processes.length} named processes`, '', 'hosts (crash, restart, partition, delay, loss):'];
  for (const host of topology.hosts) lines.push(`  ${host.name.padEnd(16)} ${host.address}`);
  lines.push('', 'processes (kill):');
  if (topology.processes.length === 0) lines.push('  none registered: this scenario starts its processes itself');
  for (const process of topology.processes) lines.push(`  ${process.name.padEnd(16)} on ${process.host}${process.supervised ? ', restarted when killed' : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
