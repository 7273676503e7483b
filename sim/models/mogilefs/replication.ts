import { factsOf, isReadable, isWriteable, type Device } from './device.js';
import type { FileRecord } from './fileIndex.js';
import { hostSilent, type StorageHost } from './storageHost.js';
import { weightedOrder } from './weightedOrder.js';

/** What planning a replication attempt needs to see of the tracker. */
export interface ReplicationView {
  readonly devices: ReadonlyMap<number, Device>;
  /** The storage hosts: one that does not answer, whatever the monitor has noticed, fails a copy to or from it. */
  readonly hosts: ReadonlyMap<string, StorageHost>;
  readonly mindevcount: number;
  readonly random: () => number;
}

/**
 * Hosts holding a copy that counts, leaving out `maskDevice` (a drain device's copy, which
 * is about to go). Copies on down devices still count: in 2005 a down device's files were
 * re-made only after it was marked dead (DeviceState.pm: down has no `drain` flag), and marking a device dead removes
 * its copies from the file before this is asked.
 */
export function copyHosts(view: ReplicationView, file: FileRecord, maskDevice: number | null = null): Set<string> {
  const hosts = new Set<string>();
  for (const id of file.devices) {
    const device = view.devices.get(id);
    if (device && id !== maskDevice && !factsOf(device).dead) hosts.add(device.host);
  }
  return hosts;
}

/** The copies one attempt should make: from `source` to each of `targets`, one per new host. */
export interface CopyPlan {
  readonly source: Device | null;
  readonly targets: readonly Device[];
  /** Copies still missing to reach `mindevcount` on distinct hosts; 0 means nothing to do. */
  readonly missing: number;
}

/**
 * Plans one attempt of the replicate worker for one file: copy from a
 * readable, reachable copy to writeable devices with room, on reachable hosts that hold no
 * copy yet, until the file would have `mindevcount` copies on distinct hosts. A drain
 * device's copy is masked away, as MogileFS-Server lib/MogileFS/Worker/Replicate.pm
 * (rebalance_devfid) replicates with `mask_devids` before deleting it.
 */
export function planCopies(view: ReplicationView, file: FileRecord, maskDevice: number | null = null): CopyPlan {
  const hosts = copyHosts(view, file, maskDevice);
  const missing = Math.max(0, view.mindevcount - hosts.size);
  if (missing === 0) return { source: null, targets: [], missing };
  const source =
    file.devices
      .map((id) => view.devices.get(id))
      .find((device): device is Device => device !== undefined && isReadable(device) && !hostSilent(view.hosts, device.host)) ?? null;
  if (!source) return { source, targets: [], missing };
  const candidates = [...view.devices.values()].filter(
    (device) => isWriteable(device) && device.freeBytes >= file.sizeBytes && !hosts.has(device.host) && !hostSilent(view.hosts, device.host),
  );
  const targets: Device[] = [];
  const chosenHosts = new Set<string>();
  for (const target of weightedOrder(candidates, (device) => device.weight, view.random)) {
    if (targets.length >= missing) break;
    // A host may have two candidate devices; one copy per host.
    if (chosenHosts.has(target.host)) continue;
    chosenHosts.add(target.host);
    targets.push(target);
  }
  return { source, targets, missing };
}
