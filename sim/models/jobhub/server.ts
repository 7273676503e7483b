import { emit, enqueueActions, setup } from 'xstate';
import type { TcpEvent, TcpMessagesEvent } from '../../contract/tcpEvent.js';
import type { JobHubEffect } from './hubEffect.js';
import { HubState } from './hubState.js';
import { resolveJobHubSettings, type JobHubInput } from './jobHubSettings.js';

export type { JobHubInput } from './jobHubSettings.js';
export { jobHubDefaults } from './jobHubSettings.js';
export type { JobHubEffect, JobHubHistoryEffect, UnstampedGrabEvent } from './hubEffect.js';

/**
 * A CAN_DO_TIMEOUT timer firing: the assignment it was started for may have ended since.
 *
 * What gearmand 1.1.20 does when one expires (`_server_job_timeout` and
 * `gearman_server_con_add_job_timeout` in libgearman-server/connection.cc): it logs "Worker
 * timeout reached on job, requeueing" and calls `gearman_server_job_queue`, the same path
 * as a lost worker. So the job goes back to the tail of its priority list with its handle,
 * counts a retry (WORK_FAIL to the clients at `--job-retries`), and capable sleepers get a
 * NOOP. The worker is not told and keeps its connection; whatever it sends about the job
 * later gets ERROR JOB_NOT_FOUND, since it no longer holds it. The timeout is in ms, values
 * under 1000 run as 1000, and 0 or less means none. (The PROTOCOL file says the job is
 * failed instead; `fail` mode does that.) gearmand keeps one timer per connection, armed at
 * each grab and dropped at PRE_SLEEP or close, but not when the job ends; here each
 * assignment has its own timer, stopped when the assignment ends, or at PRE_SLEEP.
 */
export interface JobHubTimeoutEvent {
  readonly type: 'jobhub.timeout';
  readonly handle: string;
  readonly assignment: number;
}

export type JobHubEvent = TcpEvent | TcpMessagesEvent | JobHubTimeoutEvent;

interface JobHubContext {
  readonly hub: HubState;
}

/** The part of xstate's `enqueue` that {@link flush} uses. */
interface EffectQueue {
  emit(effect: JobHubEffect): void;
  raise(event: JobHubTimeoutEvent, options: { delay: number; id: string }): void;
  cancel(id: string): void;
}

/** Emits what the hub state produced; timer requests become delayed events with explicit ids. */
function flush(hub: HubState, enqueue: EffectQueue): void {
  for (const effect of hub.drain()) {
    if (effect.type === 'jobhub.timerStart') {
      const { handle, assignment, delayMs, timerId } = effect;
      enqueue.raise({ type: 'jobhub.timeout', handle, assignment }, { delay: delayMs, id: timerId });
    } else if (effect.type === 'jobhub.timerCancel') {
      enqueue.cancel(effect.timerId);
    } else {
      enqueue.emit(effect);
    }
  }
}

/**
 * The job hub: Gearman semantics as DOMAIN.md §1 states them, checked against gearmand
 * 1.1.20's source where it had to be exact. It listens on `port`, answers Gearman packets
 * and admin lines on any connection, and records the grab history. Its state is a
 * {@link HubState} mutated in place; each event calls one of its methods and emits the
 * effects it returns, in order.
 */
export const jobHubMachine = setup({
  types: {
    context: {} as JobHubContext,
    input: {} as JobHubInput,
    events: {} as JobHubEvent,
    emitted: {} as JobHubEffect,
  },
  actions: {
    listen: emit(({ context }) => ({ type: 'tcp.listen' as const, port: context.hub.settings.port, backlog: context.hub.settings.backlog })),
    accept: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'tcp.accepted') context.hub.accept(event.connId, event.remote.ip);
      flush(context.hub, enqueue);
    }),
    answer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'tcp.message') context.hub.receive(event.connId, event.message);
      flush(context.hub, enqueue);
    }),
    // The live host's batch: the same as its entries sent one by one as `tcp.message`, with
    // the effects emitted once at the end in the order the hub produced them.
    answerAll: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'tcp.messages') for (const { connId, message } of event.entries) context.hub.receive(connId, message);
      flush(context.hub, enqueue);
    }),
    forget: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'tcp.peerClosed' || event.type === 'tcp.aborted') context.hub.disconnect(event.connId, event.type === 'tcp.peerClosed');
      flush(context.hub, enqueue);
    }),
    expire: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'jobhub.timeout') context.hub.expire(event.handle, event.assignment);
      flush(context.hub, enqueue);
    }),
  },
}).createMachine({
  id: 'jobHub',
  context: ({ input }) => ({ hub: new HubState(resolveJobHubSettings(input)) }),
  initial: 'serving',
  entry: 'listen',
  states: {
    serving: {
      on: {
        'tcp.accepted': { actions: 'accept' },
        'tcp.message': { actions: 'answer' },
        'tcp.messages': { actions: 'answerAll' },
        'tcp.peerClosed': { actions: 'forget' },
        'tcp.aborted': { actions: 'forget' },
        'jobhub.timeout': { actions: 'expire' },
      },
    },
  },
});
