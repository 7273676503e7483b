import { activeCoverage } from './machineCoverage.js';
import type { LifecycleStep } from './lifecycle.js';

/**
 * One event of a compiled lifecycle, resolved when the lifecycle is compiled
 * (`lifecycle.moves.CLOSE`), so that a step costs no lookup at all: {@link from} compares the
 * entity's state with the few states that accept the event. State names are interned when
 * the lifecycle is compiled, so each comparison compares two pointers, where
 * `lifecycle.next(state, 'CLOSE')` first looks the state up in a Map. Call sites that always
 * send the same event use it; those whose event varies keep `next`.
 */
export class LifecycleEvent<TState extends string = string, TEvent extends string = string> {
  /** The states that accept the event, in the order the definition's walk found them; `steps[i]` leaves `sources[i]`. */
  private readonly sources: readonly TState[];
  private readonly steps: readonly LifecycleStep<TState>[];

  constructor(
    readonly event: TEvent,
    steps: readonly LifecycleStep<TState>[],
    private readonly refuse: (state: TState, event: string) => Error,
  ) {
    this.sources = steps.map((step) => step.source);
    this.steps = steps;
  }

  /** The state after this event in `state`; throws, as `Lifecycle.next` does, when the definition has no such transition. */
  from(state: TState): TState {
    const sources = this.sources;
    for (let i = 0; i < sources.length; i++) {
      if (sources[i] !== state) continue;
      const step = this.steps[i]!;
      activeCoverage()?.tookStep(step);
      return step.target;
    }
    throw this.refuse(state, this.event);
  }

  /** True when this event moves an entity out of (or back into) `state`. */
  accepts(state: TState): boolean {
    return this.sources.includes(state);
  }
}
