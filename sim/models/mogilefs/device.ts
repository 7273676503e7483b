/**
 * A MogileFS device (one disk of a storage host) and what its status allows (DOMAIN.md §4):
 * alive (read, write, new files), readonly (read), drain (read, files moved off), down
 * (nothing), dead (nothing; its files are re-replicated).
 */
export type DeviceStatus = 'alive' | 'readonly' | 'drain' | 'down' | 'dead';

export const deviceStatuses: readonly DeviceStatus[] = ['alive', 'readonly', 'drain', 'down', 'dead'];

/** A device as the tracker's table holds it; mutated in place. */
export interface Device {
  readonly id: number;
  /** Storage host name; its mogstored answers on 7500/7501. */
  readonly host: string;
  /** Status an admin set (`mogadm device mark`). */
  status: DeviceStatus;
  /** Set by the modern monitor while the host is unreachable; the device then acts as down. */
  unreachable: boolean;
  freeBytes: number;
  /** Relative weight in the random orders of reads and writes. */
  readonly weight: number;
}

/** The status that rules: an unreachable device acts as down unless an admin marked it dead. */
export function effectiveStatus(device: Device): DeviceStatus {
  return device.unreachable && device.status !== 'dead' ? 'down' : device.status;
}

export function isReadable(device: Device): boolean {
  const status = effectiveStatus(device);
  return status === 'alive' || status === 'readonly' || status === 'drain';
}

export function isWriteable(device: Device): boolean {
  return effectiveStatus(device) === 'alive';
}

/** mogstored's HTTP port (DOMAIN.md §4). */
export const storageHttpPort = 7500;
/** mogstored's side channel, answering `size /devN/...` (DOMAIN.md §4). */
export const storageSidePort = 7501;

/** Where a fid lives on a device, as mogstored's HTTP and side channel name it. */
export function fidPath(deviceId: number, fid: number): string {
  return `/dev${deviceId}/${fid}.fid`;
}

/** The URL a client GETs or PUTs a fid at on this device (DOMAIN.md §4, port 7500). */
export function fidUrl(device: Device, fid: number): string {
  return `http://${device.host}:${storageHttpPort}${fidPath(device.id, fid)}`;
}
