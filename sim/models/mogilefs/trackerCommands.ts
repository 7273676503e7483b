import { fidUrl, isReadable, isWriteable, type Device } from './device.js';
import type { TrackerReply, TrackerRequest } from './trackerMessage.js';
import type { TrackerState } from './trackerState.js';
import { weightedOrder } from './weightedOrder.js';

/** `get_paths` returns at most 2 paths; Perlbal falls back between them (DOMAIN.md §4). */
export const pathsMax = 2;

/** Carries out one tracker command against the state and returns its reply. */
export function runCommand(state: TrackerState, request: TrackerRequest): TrackerReply {
  switch (request.command) {
    case 'get_paths':
      return getPaths(state, request.args.key);
    case 'create_open':
      return createOpen(state, request.args.key, request.args.sizeBytes);
    case 'create_close':
      return createClose(state, request.args.fid, request.args.device, request.args.sizeBytes);
    case 'delete':
      return deleteKey(state, request.args.key);
  }
}

function failure(command: string, error: Extract<TrackerReply, { ok: false }>['error']): TrackerReply {
  return { kind: 'trackerReply', ok: false, command, error };
}

/** Devices holding the file, readable only, in weighted random order (DOMAIN.md §4). */
function getPaths(state: TrackerState, key: string): TrackerReply {
  const file = state.index.byKeyName(key);
  if (!file) return failure('get_paths', 'unknown_key');
  const holders = file.devices.map((id) => state.devices.get(id)).filter((device): device is Device => device !== undefined && isReadable(device));
  const ordered = weightedOrder(holders, (device) => device.weight, state.random);
  const paths = ordered.slice(0, pathsMax).map((device) => fidUrl(device, file.fid));
  return { kind: 'trackerReply', ok: true, command: 'get_paths', paths };
}

/** A writeable device with room, on a live host (DOMAIN.md §4), picked by weight. */
function createOpen(state: TrackerState, key: string, sizeBytes: number): TrackerReply {
  const candidates = [...state.devices.values()].filter((device) => isWriteable(device) && device.freeBytes >= Math.max(sizeBytes, 1));
  const [device] = weightedOrder(candidates, (candidate) => candidate.weight, state.random);
  if (!device) return failure('create_open', 'no_devices');
  const fid = state.allocateFid();
  state.index.opens.set(fid, { fid, key, device: device.id });
  return { kind: 'trackerReply', ok: true, command: 'create_open', fid, device: device.id, path: fidUrl(device, fid) };
}

/** Records the one copy the client wrote and queues replication (DOMAIN.md §4). */
function createClose(state: TrackerState, fid: number, deviceId: number, sizeBytes: number): TrackerReply {
  const open = state.index.opens.get(fid);
  const device = state.devices.get(deviceId);
  if (!open || open.device !== deviceId || !device) return failure('create_close', 'unknown_fid');
  state.index.opens.delete(fid);
  device.freeBytes -= sizeBytes;
  state.index.add({ fid, key: open.key, sizeBytes, devices: [deviceId] });
  state.queueReplication(fid);
  return { kind: 'trackerReply', ok: true, command: 'create_close' };
}

/** Forgets the key; the delete worker's HTTP DELETEs to the storage nodes are not modeled. */
function deleteKey(state: TrackerState, key: string): TrackerReply {
  const file = state.index.byKeyName(key);
  if (!file) return failure('delete', 'unknown_key');
  state.index.remove(file);
  for (const id of file.devices) {
    const device = state.devices.get(id);
    if (device) device.freeBytes += file.sizeBytes;
  }
  return { kind: 'trackerReply', ok: true, command: 'delete' };
}
