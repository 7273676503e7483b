import type { Outbox } from '../../contract/outbox.js';
import type { ProcessEffect } from '../../contract/processEffect.js';
import type { DeviceStatus } from './device.js';
import type { HostStatus } from './hostLifecycle.js';
import type { TrackerTimer } from './trackerTimer.js';

/**
 * What `trackerMachine` records of what the tracker did, which its host stamps with the
 * time when it stores them. Expected faults of the modeled system (a dead host's side
 * channel, a failed copy or DELETE) are records here.
 */
export type TrackerRecord =
  /** A replication copy landed: GET from the source node, PUT to the target answered 2xx. */
  | { readonly type: 'mogilefs.copied'; readonly fid: number; readonly sourceDevice: number; readonly targetDevice: number }
  /** A copy failed (GET or PUT failed, or the source host went away mid-transfer). */
  | { readonly type: 'mogilefs.copyFailed'; readonly fid: number; readonly sourceDevice: number; readonly targetDevice: number }
  /** The file has `mindevcount` copies on distinct hosts. */
  | { readonly type: 'mogilefs.replicated'; readonly fid: number; readonly devices: readonly number[] }
  /** A replication attempt fell short; it is retried after `retryMs`. */
  | { readonly type: 'mogilefs.replicateFailed'; readonly fid: number; readonly attempt: number; readonly retryMs: number }
  /** A drain device's copy was moved off: copied elsewhere, then dropped from the file and queued for DELETE. */
  | { readonly type: 'mogilefs.drained'; readonly fid: number; readonly device: number }
  /** get_paths left a path out: its size check on the side channel failed or did not match. */
  | { readonly type: 'mogilefs.pathDropped'; readonly fid: number; readonly device: number; readonly sizeBytes: number | null }
  /** The delete worker removed a copy (DELETE answered 2xx or 404, or the device is dead). */
  | { readonly type: 'mogilefs.deleted'; readonly fid: number; readonly device: number; readonly freedBytes: number }
  /** A DELETE could not be done now; it is retried after `retryMs`. */
  | { readonly type: 'mogilefs.deleteFailed'; readonly fid: number; readonly device: number; readonly attempt: number; readonly retryMs: number }
  | { readonly type: 'mogilefs.deviceMarked'; readonly device: number; readonly status: DeviceStatus; readonly by: 'admin' | 'monitor' }
  | { readonly type: 'mogilefs.hostMarked'; readonly host: string; readonly status: HostStatus }
  /** The 2005 monitor only logged an unreachable host. */
  | { readonly type: 'mogilefs.monitorLog'; readonly host: string };

/**
 * What `trackerMachine` emits: TCP effects for its host (replies to clients on 7001, and its
 * own connections to storage nodes on 7500 and 7501), its timers, and its records.
 */
export type TrackerEffect = ProcessEffect<TrackerRecord, TrackerTimer>;

/** The tracker's one outbox, shared by its parts (storage calls, replicate and delete workers). */
export type TrackerOutbox = Outbox<TrackerRecord, TrackerTimer>;
