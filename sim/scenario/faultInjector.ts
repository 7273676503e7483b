import type { Host } from '../net/host.js';
import { delayedBy } from '../net/latency.js';
import type { Link } from '../net/link.js';
import type { Network } from '../net/network.js';
import type { Supervisor } from '../net/supervisor.js';
import { type Fault, faultEndMs, faultHosts } from './fault.js';
import { UsageError } from './usageError.js';

/** What faults act on, and how a scenario schedules one (ScenarioContext.fault). */
export interface FaultTarget {
  readonly network: Network;
  readonly processes: Supervisor;
  at(atMs: number, name: string, run: () => void): void;
}

/**
 * Refuses faults that name a host or process the topology lacks, listing the names there
 * are (`sim hosts` prints the same), and faults that start after the run ends.
 */
export function checkFaults(faults: readonly Fault[], target: FaultTarget, durationMs: number): void {
  const hosts = new Set(target.network.hosts().map((host) => host.name));
  const processes = new Set(target.processes.list().map((process) => process.name));
  for (const fault of faults) {
    const unknown = faultHosts(fault).filter((name) => !hosts.has(name));
    if (unknown.length > 0) throw new UsageError(`fault "${fault.text}" names ${unknown.join(', ')}, not a host of this topology: hosts are ${[...hosts].join(', ')}`);
    if (fault.kind === 'kill' && !processes.has(fault.process)) {
      throw new UsageError(`fault "${fault.text}" names ${fault.process}, not a process of this topology: processes are ${[...processes].join(', ') || 'none'}`);
    }
    if (fault.atMs > durationMs) throw new UsageError(`fault "${fault.text}" starts at ${fault.atMs} ms, after the run ends (${durationMs} ms)`);
  }
}

/** Schedules each fault, and its healing when it has a duration, as traced kernel events. */
export function scheduleFaults(faults: readonly Fault[], target: FaultTarget): void {
  for (const fault of faults) {
    const heal = schedule(fault, target);
    const endMs = faultEndMs(fault);
    if (endMs !== null && heal) target.at(endMs, `heal: ${fault.text}`, heal);
  }
}

/** Starts the fault at its time; returns what undoes it, for faults that can end. */
function schedule(fault: Fault, target: FaultTarget): (() => void) | null {
  const { network } = target;
  switch (fault.kind) {
    case 'crash':
      target.at(fault.atMs, fault.text, () => network.host(fault.host).crash());
      return () => network.host(fault.host).restart();
    case 'restart':
      target.at(fault.atMs, fault.text, () => reboot(network.host(fault.host)));
      return null;
    case 'kill':
      target.at(fault.atMs, fault.text, () => target.processes.kill(fault.process));
      return null;
    case 'partition':
      target.at(fault.atMs, fault.text, () => eachPair(fault, network, (from, to) => network.partition(from, to, fault.oneWay)));
      return () => eachPair(fault, network, (from, to) => network.heal(from, to, fault.oneWay));
    case 'delay':
      return changeLinks(fault, target, (link) => ({ ...link, latency: delayedBy(link.latency, fault.extraMs * 1_000) }));
    case 'loss':
      return changeLinks(fault, target, (link) => ({ ...link, lossRate: fault.lossPercent / 100 }));
  }
}

/**
 * A restart: a crashed host comes back; a running one is rebooted, so its processes die
 * (connections vanish without FIN) and start again as new incarnations.
 */
function reboot(host: Host): void {
  host.crash();
  host.restart();
}

function eachPair(fault: Extract<Fault, { kind: 'partition' }>, network: Network, act: (from: Host, to: Host) => void): void {
  for (const from of fault.from) for (const to of fault.to) act(network.host(from), network.host(to));
}

/** Both directions of a path changed at the fault's start; the links in force before, put back at its end. */
function changeLinks(fault: Extract<Fault, { kind: 'delay' | 'loss' }>, target: FaultTarget, change: (link: Link) => Link): () => void {
  const { network } = target;
  let before: [Link, Link] | null = null;
  target.at(fault.atMs, fault.text, () => {
    const a = network.host(fault.a);
    const b = network.host(fault.b);
    before = [network.link(a, b), network.link(b, a)];
    network.setLink(a, b, change(before[0]), true);
    network.setLink(b, a, change(before[1]), true);
  });
  return () => {
    if (!before) return;
    network.setLink(network.host(fault.a), network.host(fault.b), before[0], true);
    network.setLink(network.host(fault.b), network.host(fault.a), before[1], true);
  };
}
