import { deviceFacts, type DeviceFacts, type DeviceState } from './deviceLifecycle.js';
import { hostFacts } from './hostLifecycle.js';
import type { StorageHost } from './storageHost.js';

export { deviceStatuses, effectiveStatus, type DeviceStatus, type DeviceState } from './deviceLifecycle.js';

/** A device as the tracker's table holds it; mutated in place. */
export interface Device {
  readonly id: number;
  /** Storage host name; its mogstored answers on 7500/7501. */
  readonly host: string;
  /** That host's entry in the tracker's table: a host marked down takes its devices with it. */
  readonly storageHost: StorageHost;
  /** Its status and what the monitor observed, the one place both live (deviceLifecycle.ts). */
  state: DeviceState;
  freeBytes: number;
  /** Relative weight in the random orders of reads and writes. */
  readonly weight: number;
}

/** What the device's own state allows now (DeviceState.pm's flags, deviceLifecycle.ts). */
export function factsOf(device: Device): DeviceFacts {
  return deviceFacts[device.state];
}

/** Its host is marked alive (Host.pm): Device.pm asks this before the device state's flags. */
export function onAliveHost(device: Device): boolean {
  return hostFacts[device.storageHost.state].alive;
}

/** Serves paths and can be a copy's source: DeviceState.pm `read`, on an alive host. */
export function isReadable(device: Device): boolean {
  return deviceFacts[device.state].read && onAliveHost(device);
}

/** Gets new files and replicas: DeviceState.pm `new_files`, on an alive host. */
export function isWriteable(device: Device): boolean {
  return deviceFacts[device.state].newFiles && onAliveHost(device);
}

/** mogstored's HTTP port (its default `httplisten`, 7500). */
export const storageHttpPort = 7500;
/** mogstored's side channel, answering `size /devN/...` (its default `mgmtlisten`, 7501). */
export const storageSidePort = 7501;

/** Where a fid lives on a device, as mogstored's HTTP and side channel name it. */
export function fidPath(deviceId: number, fid: number): string {
  return `/dev${deviceId}/${fid}.fid`;
}

/**
 * The URL a client GETs or PUTs a fid at on this device (port 7500). Made once per device
 * and fid: a popular file's paths go out on every `get_paths`, and the same string each
 * time lets Perlbal's lookup of the `X-REPROXY-URL` it becomes hash it once
 * (perlbal/reproxyTarget.ts) instead of flattening and hashing a new one per request.
 */
export function fidUrl(device: Device, fid: number): string {
  let urls = fidUrls.get(device);
  if (!urls) {
    urls = new Map();
    fidUrls.set(device, urls);
  }
  let url = urls.get(fid);
  if (url === undefined) {
    url = `http://${device.host}:${storageHttpPort}${fidPath(device.id, fid)}`;
    urls.set(fid, url);
  }
  return url;
}

/** Each device's fid URLs made so far; weak, so a run's devices take theirs with them. */
const fidUrls = new WeakMap<Device, Map<number, string>>();
