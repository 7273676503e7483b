import { isReadable, isWriteable, type Device } from './device.js';
import type { FileRecord } from './fileIndex.js';
import type { TrackerEffect } from './trackerEffect.js';
import { weightedOrder } from './weightedOrder.js';

/** What one replication attempt needs to see of the tracker. */
export interface ReplicationView {
  readonly devices: ReadonlyMap<number, Device>;
  /** Hosts that do not answer, whatever the monitor has noticed: a copy to or from one fails. */
  readonly unreachableHosts: ReadonlySet<string>;
  readonly mindevcount: number;
  readonly random: () => number;
}

/**
 * Hosts holding a copy that counts. Copies on down devices still count: in 2005 a down
 * device's files were re-made only after it was marked dead (DOMAIN.md §4), and marking a
 * device dead removes its copies from the file before this is asked.
 */
export function copyHosts(view: ReplicationView, file: FileRecord): Set<string> {
  const hosts = new Set<string>();
  for (const id of file.devices) {
    const device = view.devices.get(id);
    if (device && device.status !== 'dead') hosts.add(device.host);
  }
  return hosts;
}

/**
 * One attempt of the replicate worker for one file: copy from a readable, reachable copy
 * to writeable devices with room, on hosts that hold no copy yet, until the file has
 * `mindevcount` copies on distinct hosts (DOMAIN.md §4). The copy is modeled as an
 * internal step that takes no simulated time: the HTTP transfer between storage nodes is
 * not simulated, only its outcome (it fails when either host is unreachable). Returns
 * whether the file reached `mindevcount`; the copies made are pushed to `effects`.
 */
export function replicateOnce(view: ReplicationView, file: FileRecord, effects: TrackerEffect[]): boolean {
  const hosts = copyHosts(view, file);
  if (hosts.size >= view.mindevcount) return true;
  const source = file.devices
    .map((id) => view.devices.get(id))
    .find((device): device is Device => device !== undefined && isReadable(device) && !view.unreachableHosts.has(device.host));
  if (!source) return false;
  const candidates = [...view.devices.values()].filter(
    (device) => isWriteable(device) && device.freeBytes >= file.sizeBytes && !hosts.has(device.host),
  );
  for (const target of weightedOrder(candidates, (device) => device.weight, view.random)) {
    if (hosts.size >= view.mindevcount) break;
    // A host may have two candidate devices; after the first copy the second no longer fits.
    if (hosts.has(target.host) || view.unreachableHosts.has(target.host)) continue;
    target.freeBytes -= file.sizeBytes;
    file.devices.push(target.id);
    hosts.add(target.host);
    effects.push({ type: 'mogilefs.copied', fid: file.fid, sourceDevice: source.id, targetDevice: target.id });
  }
  return hosts.size >= view.mindevcount;
}
