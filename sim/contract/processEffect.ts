import type { TcpEffect } from './tcpEffect.js';
import type { TimerEffect } from './timerEffect.js';

/**
 * Everything a process emits for its host: TCP calls and timers, which the host carries
 * out, and records (`TRecord`: history, metrics, logs of what the modeled system did), which
 * the host stamps with the time and hands to whoever runs the process. A record's type is
 * namespaced by its system (`jobhub.history`, `ndb.phase`, `perlbal.response`), never
 * `tcp.*` or `timer.*`.
 */
export type ProcessEffect<TRecord extends { readonly type: string } = never, TTimerEvent extends { readonly type: string } = { readonly type: string }> =
  | TcpEffect
  | TimerEffect<TTimerEvent>
  | TRecord;

/** The records among a process's effects: what is neither a TCP call nor a timer. */
export type RecordOf<TEffect> = Exclude<TEffect, TcpEffect | TimerEffect<never> | { readonly type: 'timer.start' } | { readonly type: 'timer.cancel' }>;
