import type { TcpEffect } from '../../net/tcpEffect.js';

/** Reports for the scenario's recorder: each is data, counted in the metrics (STYLE.md rule 4). */
export type PerlbalReport =
  /** The proxy answered a client; `reproxied` when the body came from a storage node (or the 503 after all failed). */
  | { readonly type: 'perlbal.response'; readonly clientConnId: number; readonly status: number; readonly reproxied: boolean }
  /** A new connection to a storage node for reproxying: the number the incident is about (DOMAIN.md §3). */
  | { readonly type: 'perlbal.reproxyConnect'; readonly host: string; readonly port: number; readonly tag: number };

/** What `perlbalMachine` emits: TCP effects for its host to carry out, and reports. */
export type PerlbalEffect = TcpEffect | PerlbalReport;

/** The proxy's timers; each has its own xstate delayed event, with the id {@link timerId}. */
export type PerlbalTimer =
  | { readonly kind: 'clientIdle'; readonly connId: number }
  | { readonly kind: 'connect'; readonly tag: number }
  | { readonly kind: 'reproxyIdle'; readonly connId: number }
  | { readonly kind: 'verifyExpiry'; readonly backendKey: string };

/** The delayed event a timer sends back to the machine. */
export interface PerlbalTimeoutEvent {
  readonly type: 'perlbal.timeout';
  readonly timer: PerlbalTimer;
}

/** Timer requests the proxy state makes; the machine turns them into delayed events. */
export type PerlbalTimerEffect =
  | { readonly type: 'perlbal.timerStart'; readonly timer: PerlbalTimer; readonly delayMs: number }
  | { readonly type: 'perlbal.timerCancel'; readonly timer: PerlbalTimer };

/** A timer's xstate id: one per connection, connect or backend, so restarting one cancels only it. */
export function timerId(timer: PerlbalTimer): string {
  switch (timer.kind) {
    case 'clientIdle':
    case 'reproxyIdle':
      return `perlbal.${timer.kind}:${timer.connId}`;
    case 'connect':
      return `perlbal.connect:${timer.tag}`;
    case 'verifyExpiry':
      return `perlbal.verifyExpiry:${timer.backendKey}`;
  }
}
