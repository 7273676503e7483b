import type { DeviceStatus } from './device.js';
import type { TrackerReply } from './trackerMessage.js';

/**
 * What `trackerMachine` emits: TCP effects for its host, and records of what the tracker
 * did, which the host stamps with the time when it stores them.
 */
export type TrackerEffect =
  | { readonly type: 'tcp.listen'; readonly port: number; readonly backlog: number }
  | { readonly type: 'tcp.send'; readonly connId: number; readonly message: TrackerReply }
  | { readonly type: 'tcp.close'; readonly connId: number }
  /** A replication copy was made (an internal step: see replication.ts). */
  | { readonly type: 'mogilefs.copied'; readonly fid: number; readonly sourceDevice: number; readonly targetDevice: number }
  /** The file has `mindevcount` copies on distinct hosts. */
  | { readonly type: 'mogilefs.replicated'; readonly fid: number; readonly devices: readonly number[] }
  /** A replication attempt fell short; it is retried after `retryMs`. */
  | { readonly type: 'mogilefs.replicateFailed'; readonly fid: number; readonly attempt: number; readonly retryMs: number }
  | { readonly type: 'mogilefs.deviceMarked'; readonly device: number; readonly status: DeviceStatus; readonly by: 'admin' | 'monitor' }
  /** The 2005 monitor only logged an unreachable host (DOMAIN.md §4). */
  | { readonly type: 'mogilefs.monitorLog'; readonly host: string };
