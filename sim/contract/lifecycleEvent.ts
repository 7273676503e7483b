import { activeCoverage } from './machineCoverage.js';
import type { LifecycleStep } from './lifecycle.js';

/**
 * One event of a compiled lifecycle, resolved when the lifecycle is compiled
 * (`lifecycle.moves.CLOSE`), so that a step costs no lookup at all: {@link from} compares the
 * entity's state with the few states that accept the event. State names are interned when
 * the lifecycle is compiled, so in V8 each comparison is of two pointers, where
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
    return takeStep(this.sources, this.steps, state) ?? throwError(this.refuse(state, this.event));
  }

  /** Moves `entity` by this event: its `state` becomes {@link from}'s answer. */
  move(entity: { state: TState }): void {
    entity.state = this.from(entity.state);
  }

  /** True when this event moves an entity out of (or back into) `state`. */
  accepts(state: TState): boolean {
    return this.sources.includes(state);
  }
}

/**
 * The target of `steps[i]` for the first `keys[i]` equal to `key`, counted in coverage as a
 * step taken; undefined when no key matches. A scan, not a lookup: a state accepts a few
 * events and an event leaves a few states. Shared by `Lifecycle.next` (keys: a state's
 * events) and {@link LifecycleEvent.from} (keys: an event's source states).
 */
export function takeStep<TState extends string>(keys: readonly string[], steps: readonly LifecycleStep<TState>[], key: string): TState | undefined {
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== key) continue;
    const step = steps[i]!;
    activeCoverage()?.tookStep(step);
    return step.target;
  }
  return undefined;
}

function throwError(error: Error): never {
  throw error;
}
