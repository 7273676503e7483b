import { fromProcess } from '../../contract/processLogic.js';
import type { TcpEvent, TcpMessagesEvent } from '../../contract/tcpEvent.js';
import type { JobHubEffect, JobHubTimeoutEvent } from './hubEffect.js';
import { HubState } from './hubState.js';
import { resolveJobHubSettings, type JobHubInput } from './jobHubSettings.js';

export type { JobHubInput } from './jobHubSettings.js';
export { jobHubDefaults } from './jobHubSettings.js';
export type { JobHubEffect, JobHubHistoryRecord, JobHubTimeoutEvent, UnstampedGrabEvent } from './hubEffect.js';

export type JobHubEvent = TcpEvent | TcpMessagesEvent | JobHubTimeoutEvent;

/** Builds the hub's state and queues its listen, which the host's `process.start` emits. */
function createHub(input: JobHubInput): HubState {
  const hub = new HubState(resolveJobHubSettings(input));
  hub.out.emit({ type: 'tcp.listen', port: hub.settings.port, backlog: hub.settings.backlog });
  return hub;
}

/** Hands one event to the part of the hub state it concerns. */
function routeHubEvent(hub: HubState, event: JobHubEvent): void {
  switch (event.type) {
    case 'tcp.accepted':
      return hub.accept(event.connId, event.remote.ip);
    case 'tcp.message':
      return hub.receive(event.connId, event.message);
    // The live host's batch: the same as its entries sent one by one as `tcp.message`, with
    // the effects emitted once at the end in the order the hub produced them.
    case 'tcp.messages':
      for (const { connId, message } of event.entries) hub.receive(connId, message);
      return;
    case 'tcp.peerClosed':
    case 'tcp.aborted':
      return hub.disconnect(event.connId, event.type === 'tcp.peerClosed');
    case 'jobhub.timeout':
      return hub.expire(event.handle, event.assignment);
    default:
      return;
  }
}

/**
 * The job hub: Gearman semantics as gearmand 1.1.20 has them (libgearman-server/server.cc,
 * job.cc, worker.cc; the PROTOCOL file). It listens on `port`, answers Gearman packets and
 * admin lines on any connection, and records the grab history.
 *
 * Plain process logic, not a machine: the hub's top level only routes each event to its
 * {@link HubState}, and the states that mean something are those of its parts, each a
 * statechart: every job (jobLifecycle.ts) and every worker connection
 * (workerConnectionLifecycle.ts). A one-state machine here cost 1.5–3.4 µs per event in
 * xstate 5.33.3, against about 0.25 µs as transition logic (contract/processLogic.ts).
 */
export const jobHubMachine = fromProcess<HubState, JobHubEvent, JobHubInput, JobHubEffect>(createHub, routeHubEvent);
