import type { ProcessEffect } from '../../contract/processEffect.js';

/** Reports for the scenario's recorder: each is data, counted in the metrics. */
export type PerlbalReport =
  /** The proxy answered a client; `reproxied` when the body came from a storage node (or the 503 after all failed). */
  | { readonly type: 'perlbal.response'; readonly clientConnId: number; readonly status: number; readonly reproxied: boolean }
  /** A new connection to a storage node for reproxying: the number the port-exhaustion incident is about. */
  | { readonly type: 'perlbal.reproxyConnect'; readonly host: string; readonly port: number; readonly tag: number };

/** The proxy's clock tick, once every `perlbalTickMs` (see perlbalClock.ts). */
export interface PerlbalTickEvent {
  readonly type: 'perlbal.tick';
}

/** What `perlbalMachine` emits: TCP effects and its tick timer for its host to carry out, and reports. */
export type PerlbalEffect = ProcessEffect<PerlbalReport, PerlbalTickEvent>;
