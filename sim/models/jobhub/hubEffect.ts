import type { GrabEvent } from '../../contract/grabHistory.js';
import type { HubReply } from './packet.js';

/** A history event as the hub records it: the host stamps `atUs` when it stores it. */
export type UnstampedGrabEvent = GrabEvent extends infer E ? (E extends GrabEvent ? Omit<E, 'atUs'> : never) : never;

/** A history record the hub emits for the grab-atomicity checker (sim/check/grabHistory.ts). */
export interface JobHubHistoryEffect {
  readonly type: 'jobhub.history';
  readonly event: UnstampedGrabEvent;
}

/** What `jobHubMachine` emits: TCP effects for its host to carry out, and history records. */
export type JobHubEffect =
  | { readonly type: 'tcp.listen'; readonly port: number; readonly backlog: number }
  | { readonly type: 'tcp.send'; readonly connId: number; readonly message: HubReply }
  | { readonly type: 'tcp.close'; readonly connId: number }
  | JobHubHistoryEffect;

/**
 * CAN_DO_TIMEOUT timers the hub state asks its machine for. They stay inside the machine,
 * which turns them into xstate delayed events with explicit ids (DESIGN.md, kernel contracts).
 */
export type HubTimerEffect =
  | { readonly type: 'jobhub.timerStart'; readonly timerId: string; readonly handle: string; readonly assignment: number; readonly delayMs: number }
  | { readonly type: 'jobhub.timerCancel'; readonly timerId: string };

/** Everything one step of the hub state produces, in order. */
export type HubEffect = JobHubEffect | HubTimerEffect;
