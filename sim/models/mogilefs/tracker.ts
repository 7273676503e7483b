import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { DeviceStatus } from './device.js';
import type { HostStatus } from './hostLifecycle.js';
import type { TrackerEffect } from './trackerEffect.js';
import { resolveTrackerSettings, type TrackerInput } from './trackerSettings.js';
import { TrackerState } from './trackerState.js';
import type { TrackerTimer } from './trackerTimer.js';

export type { TrackerInput, DeviceInput, FileInput, MonitorMode } from './trackerSettings.js';
export { trackerDefaults } from './trackerSettings.js';
export type { TrackerEffect, TrackerRecord } from './trackerEffect.js';
export type { TrackerRequest, TrackerReply } from './trackerMessage.js';

/** Events from outside the network: an admin's `mogadm`, and host reachability as the monitor would probe it. */
export type TrackerControlEvent =
  | { readonly type: 'admin.markDevice'; readonly device: number; readonly status: DeviceStatus }
  | { readonly type: 'admin.markHost'; readonly host: string; readonly status: HostStatus }
  | { readonly type: 'monitor.hostUnreachable'; readonly host: string }
  | { readonly type: 'monitor.hostReachable'; readonly host: string };

export type TrackerEvent = TcpEvent | TrackerControlEvent | TrackerTimer;

/** Routes one event to the part of the tracker it concerns. */
function handleTrackerEvent(tracker: TrackerState, event: TrackerEvent): void {
  switch (event.type) {
    case 'tcp.message':
      if (!tracker.calls.message(event.connId, event.message)) tracker.receive(event.connId, event.message);
      return;
    case 'tcp.peerClosed':
      if (!tracker.calls.closed(event.connId, true)) tracker.out.close(event.connId);
      return;
    case 'tcp.aborted':
      tracker.calls.closed(event.connId, false);
      return;
    case 'tcp.connected':
      tracker.calls.connected(event.tag, event.connId);
      return;
    case 'tcp.connectFailed':
      tracker.calls.connectFailed(event.tag);
      return;
    case 'tracker.storageTimeout':
      return tracker.calls.timeout(event.id);
    case 'tracker.copyTransferred':
      return tracker.replicator.transferred(event.copyId);
    case 'tracker.deleteRetry':
      return tracker.deletes.retryDue(event.jobId);
    case 'tracker.queryDone':
      return tracker.finishQuery(event.queryId);
    case 'tracker.replicate':
      return tracker.replicator.retryDue(event.fid);
    case 'monitor.cycle':
      return tracker.monitorCycle();
    case 'admin.markDevice':
      return tracker.markDevice(event.device, event.status);
    case 'admin.markHost':
      return tracker.markHost(event.host, event.status);
    case 'monitor.hostUnreachable':
      return tracker.hostUnreachable(event.host);
    case 'monitor.hostReachable':
      return tracker.hostReachable(event.host);
  }
}

/**
 * The MogileFS tracker (MogileFS-Server lib/MogileFS/Worker/Query.pm and the workers it
 * runs): answers `get_paths` (checking the first path's size on its host's side channel
 * unless `noverify`), `create_open`, `create_close` and `delete` on 7001 after a metadata
 * query cost; runs the replicate worker (copies by HTTP GET and PUT between storage nodes,
 * drain devices moved off), the delete worker (HTTP DELETE of each copy) and, in `modern`
 * mode, the 2.5 s monitor cycle. Its timers go through the outbox (`trackerTimer.ts`).
 *
 * Plain process logic, not a machine: its top level only routes each event to a part, so a
 * one-state machine would say nothing and cost 1.5–3.4 µs per event against 0.22 µs
 * (processLogic.ts); the states that mean something are its parts' lifecycles: each device
 * (deviceLifecycle.ts), host (hostLifecycle.ts), file's replication
 * (replicationLifecycle.ts), side-channel socket (sideChannelLifecycle.ts) and delete job
 * (deleteJobLifecycle.ts).
 */
export const trackerMachine = fromProcess<TrackerState, TrackerEvent, TrackerInput, TrackerEffect>(
  // The listen, the seeded files' replication and the first monitor cycle are queued by the constructor.
  (input) => new TrackerState(resolveTrackerSettings(input), input),
  handleTrackerEvent,
);
