import { hostFacts, hostLifecycle, type HostState } from './hostLifecycle.js';

/** A storage host in the tracker's table: its name and its state (hostLifecycle.ts). */
export interface StorageHost {
  readonly name: string;
  state: HostState;
}

export function newStorageHost(name: string): StorageHost {
  return { name, state: hostLifecycle.start() };
}

/** True when `name` does not answer now, whatever the monitor has noticed; an unknown host answers. */
export function hostSilent(hosts: ReadonlyMap<string, StorageHost>, name: string): boolean {
  const host = hosts.get(name);
  return host !== undefined && hostFacts[host.state].silent;
}
