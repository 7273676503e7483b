import type { TcpEffect } from '../../contract/tcpEffect.js';
import type { DataNodePhase } from './ndbMessage.js';
import type { SurvivorVerdict } from './survivorVerdict.js';

/**
 * Records of what NDB processes did, emitted for the scenario (metrics, timeline, checks);
 * the host stamps them with the time.
 */
export type NdbRecord =
  /** The scenario killed the node's host (kill -9, power off). */
  | { readonly type: 'ndb.killed'; readonly node: number }
  | { readonly type: 'ndb.phase'; readonly node: number; readonly phase: DataNodePhase; readonly reason: string }
  /** A data node handled the failure of `failed` and classified its survivors (DOMAIN.md §5). */
  | { readonly type: 'ndb.failureHandled'; readonly node: number; readonly failed: readonly number[]; readonly survivors: readonly number[]; readonly verdict: SurvivorVerdict }
  /** The arbitrator answered a request. */
  | { readonly type: 'ndb.arbitration'; readonly node: number; readonly survivors: readonly number[]; readonly granted: boolean }
  /** Transactions an API node ran: each attempt's end, and the application's verdict. */
  | { readonly type: 'txn.committed'; readonly tag: number; readonly attempt: number; readonly partition: number }
  | { readonly type: 'txn.abortedTemporary'; readonly tag: number; readonly attempt: number; readonly code: number }
  | { readonly type: 'txn.retried'; readonly tag: number; readonly attempt: number }
  | { readonly type: 'txn.failedAfterRetries'; readonly tag: number; readonly attempts: number };

/** A delayed event a plain state asks its machine for; the machine gives it an explicit id. */
export interface TimerRequest<E> {
  readonly type: 'timer.start';
  readonly timerId: string;
  readonly delayMs: number;
  readonly event: E;
}

/** An event the plain state wants its machine to handle now, after the current step. */
export interface RaiseRequest<E> {
  readonly type: 'raise';
  readonly event: E;
}

export type NdbEffect<E> = TcpEffect | NdbRecord | TimerRequest<E> | RaiseRequest<E>;

/** The part of xstate's `enqueue` that {@link flushEffects} uses. */
export interface EffectQueue<E> {
  emit(effect: TcpEffect | NdbRecord): void;
  raise(event: E, options?: { delay: number; id: string }): void;
}

/** Emits what a plain state produced, in order; timers become delayed events with explicit ids. */
export function flushEffects<E>(effects: NdbEffect<E>[], enqueue: EffectQueue<E>): void {
  for (const effect of effects.splice(0)) {
    if (effect.type === 'timer.start') enqueue.raise(effect.event, { delay: effect.delayMs, id: effect.timerId });
    else if (effect.type === 'raise') enqueue.raise(effect.event);
    else enqueue.emit(effect);
  }
}
