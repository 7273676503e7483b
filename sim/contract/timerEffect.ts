/**
 * The one timer vocabulary of every process: a machine asks its host for a delayed event
 * and may cancel it by id. The simulator turns a request into a kernel event at the exact
 * virtual instant (ordered with every other event by time, then by when it was scheduled);
 * the live host into a real `setTimeout`. A process therefore never touches a clock, and
 * xstate's own delayed events (which draw `Math.random()` ids when none is given) are not
 * needed by processes written as plain actor logic.
 */
export type TimerEffect<TEvent extends { readonly type: string } = { readonly type: string }> =
  | {
      readonly type: 'timer.start';
      /** Unique among the process's pending timers; starting an id already pending replaces it. */
      readonly timerId: string;
      /** From now; 0 delivers the event at the same instant, after events already due then. */
      readonly delayMs: number;
      /** What the process receives when the timer fires. */
      readonly event: TEvent;
    }
  /** Drops a pending timer; an id that is not pending (it fired, or never started) is a no-op. */
  | { readonly type: 'timer.cancel'; readonly timerId: string };

export function isTimerEffect(effect: { readonly type: string }): effect is TimerEffect {
  return effect.type === 'timer.start' || effect.type === 'timer.cancel';
}
