import { emit, enqueueActions, setup } from 'xstate';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import type { DeviceStatus } from './device.js';
import type { TrackerEffect } from './trackerEffect.js';
import { resolveTrackerSettings, type TrackerInput } from './trackerSettings.js';
import { TrackerState } from './trackerState.js';
import type { TrackerTimer } from './trackerTimer.js';

export type { TrackerInput, DeviceInput, FileInput, MonitorMode } from './trackerSettings.js';
export { trackerDefaults } from './trackerSettings.js';
export type { TrackerEffect } from './trackerEffect.js';
export type { TrackerRequest, TrackerReply } from './trackerMessage.js';

/** Events from outside the network: an admin's `mogadm`, and host reachability as the monitor would probe it. */
export type TrackerControlEvent =
  | { readonly type: 'admin.markDevice'; readonly device: number; readonly status: DeviceStatus }
  | { readonly type: 'monitor.hostUnreachable'; readonly host: string }
  | { readonly type: 'monitor.hostReachable'; readonly host: string };

export type TrackerEvent = TcpEvent | TrackerControlEvent | TrackerTimer;

interface TrackerContext {
  readonly tracker: TrackerState;
}

/** The part of xstate's `enqueue` that {@link flush} uses. */
interface EffectQueue {
  emit(effect: TrackerEffect): void;
  raise(event: TrackerTimer, options?: { delay: number; id: string }): void;
  cancel(id: string): void;
}

/** Emits what the state produced; timer requests become delayed events with explicit ids. */
function flush(tracker: TrackerState, enqueue: EffectQueue): void {
  for (const effect of tracker.drain()) {
    if (effect.type === 'timer.cancel') enqueue.cancel(effect.timerId);
    else if (effect.type !== 'timer.start') enqueue.emit(effect);
    else if (effect.delayMs > 0) enqueue.raise(effect.event, { delay: effect.delayMs, id: effect.timerId });
    else enqueue.raise(effect.event);
  }
}

/**
 * The MogileFS tracker (DOMAIN.md §4): answers `get_paths` (checking the first path's size
 * on its host's side channel unless `noverify`), `create_open`, `create_close` and `delete`
 * on 7001 after a metadata query cost; runs the replicate worker (copies by HTTP GET and
 * PUT between storage nodes, drain devices moved off), the delete worker (HTTP DELETE of
 * each copy) and, in `modern` mode, the 2.5 s monitor cycle.
 */
export const trackerMachine = setup({
  types: {
    context: {} as TrackerContext,
    input: {} as TrackerInput,
    events: {} as TrackerEvent,
    emitted: {} as TrackerEffect,
  },
  actions: {
    listen: emit(({ context }) => ({ type: 'tcp.listen' as const, port: context.tracker.settings.port, backlog: context.tracker.settings.backlog })),
    step: enqueueActions(({ context, event, enqueue }) => {
      const tracker = context.tracker;
      switch (event.type) {
        case 'tcp.message':
          if (!tracker.calls.message(event.connId, event.message)) tracker.receive(event.connId, event.message);
          break;
        case 'tcp.peerClosed':
          if (!tracker.calls.closed(event.connId, true)) enqueue.emit({ type: 'tcp.close', connId: event.connId });
          break;
        case 'tcp.aborted':
          tracker.calls.closed(event.connId, false);
          break;
        case 'tcp.connected':
          tracker.calls.connected(event.tag, event.connId);
          break;
        case 'tcp.connectFailed':
          tracker.calls.connectFailed(event.tag);
          break;
        case 'tracker.storageTimeout':
          tracker.calls.timeout(event.id);
          break;
        case 'tracker.copyTransferred':
          tracker.replicator.transferred(event.copyId);
          break;
        case 'tracker.deleteRetry':
          tracker.deletes.retryDue(event.jobId);
          break;
        case 'tracker.queryDone':
          tracker.finishQuery(event.queryId);
          break;
        case 'tracker.replicate':
          tracker.replicator.retryDue(event.fid);
          break;
        case 'monitor.cycle':
          tracker.monitorCycle();
          break;
        case 'admin.markDevice':
          tracker.markDevice(event.device, event.status);
          break;
        case 'monitor.hostUnreachable':
          tracker.hostUnreachable(event.host);
          break;
        case 'monitor.hostReachable':
          tracker.hostReachable(event.host);
          break;
      }
      flush(tracker, enqueue);
    }),
  },
}).createMachine({
  id: 'tracker',
  context: ({ input }) => ({ tracker: new TrackerState(resolveTrackerSettings(input), input) }),
  initial: 'serving',
  // Seeded files and the first monitor cycle were queued by the constructor.
  entry: ['listen', 'step'],
  states: {
    serving: {
      on: {
        'tcp.message': { actions: 'step' },
        'tcp.peerClosed': { actions: 'step' },
        'tcp.aborted': { actions: 'step' },
        'tcp.connected': { actions: 'step' },
        'tcp.connectFailed': { actions: 'step' },
        'tracker.queryDone': { actions: 'step' },
        'tracker.storageTimeout': { actions: 'step' },
        'tracker.copyTransferred': { actions: 'step' },
        'tracker.deleteRetry': { actions: 'step' },
        'tracker.replicate': { actions: 'step' },
        'monitor.cycle': { actions: 'step' },
        'admin.markDevice': { actions: 'step' },
        'monitor.hostUnreachable': { actions: 'step' },
        'monitor.hostReachable': { actions: 'step' },
      },
    },
  },
});
