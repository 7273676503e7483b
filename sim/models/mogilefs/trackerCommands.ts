import { fidUrl, isWriteable } from './device.js';
import { lookupPaths } from './pathLookup.js';
import type { TrackerReply, TrackerRequest } from './trackerMessage.js';
import type { TrackerState } from './trackerState.js';
import { weightedOrder } from './weightedOrder.js';

export { pathsMax } from './pathLookup.js';

/**
 * Carries out one tracker command against the state and hands its reply to `done`: at once,
 * or for a get_paths that checks a size, once the storage node's side channel has answered.
 */
export function runCommand(state: TrackerState, request: TrackerRequest, done: (reply: TrackerReply) => void): void {
  switch (request.command) {
    case 'get_paths': {
      const file = state.index.byKeyName(request.args.key);
      if (!file) return done(failure('get_paths', 'unknown_key'));
      return lookupPaths(state, file, request.args.noverify !== true, done);
    }
    case 'create_open':
      return done(createOpen(state, request.args.key, request.args.sizeBytes));
    case 'create_close':
      return done(createClose(state, request.args.fid, request.args.device, request.args.sizeBytes));
    case 'delete':
      return done(deleteKey(state, request.args.key));
  }
}

function failure(command: string, error: Extract<TrackerReply, { ok: false }>['error']): TrackerReply {
  return { kind: 'trackerReply', ok: false, command, error };
}

/** A writeable device with room, on a live host, picked by weight (Query.pm cmd_create_open). */
function createOpen(state: TrackerState, key: string, sizeBytes: number): TrackerReply {
  const candidates = [...state.devices.values()].filter((device) => isWriteable(device) && device.freeBytes >= Math.max(sizeBytes, 1));
  const [device] = weightedOrder(candidates, (candidate) => candidate.weight, state.random);
  if (!device) return failure('create_open', 'no_devices');
  const fid = state.allocateFid();
  state.index.opens.set(fid, { fid, key, device: device.id });
  return { kind: 'trackerReply', ok: true, command: 'create_open', fid, device: device.id, path: fidUrl(device, fid) };
}

/** Records the one copy the client wrote and queues replication (Query.pm cmd_create_close). */
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

/**
 * Forgets the key at once and hands every copy to the delete worker, which DELETEs it on
 * its storage node and frees the space when it is gone (lib/MogileFS/Worker/Delete.pm).
 */
function deleteKey(state: TrackerState, key: string): TrackerReply {
  const file = state.index.byKeyName(key);
  if (!file) return failure('delete', 'unknown_key');
  state.index.remove(file);
  for (const id of file.devices) state.deletes.enqueue(file.fid, id, file.sizeBytes);
  return { kind: 'trackerReply', ok: true, command: 'delete' };
}
