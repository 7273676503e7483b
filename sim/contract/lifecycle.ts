import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { activeCoverage, countedStepIndex, transitionKey, type CountedEntry, type CountedStep } from './machineCoverage.js';
import { LifecycleEvent, takeStep } from './lifecycleEvent.js';
import { stateName } from './stateName.js';

/** One transition of a compiled lifecycle. */
export interface LifecycleStep<TState extends string> extends CountedStep {
  readonly source: TState;
  readonly event: string;
  readonly target: TState;
  /** `source --event--> target`, as coverage counts it: made once, not per step. */
  readonly key: string;
}

/**
 * The states an entity moves through (a Gearman job, a Perlbal backend connection, a
 * MogileFS device), defined as an xstate machine and compiled once into a table of
 * `(state, event) → next state`. Entities that come by the thousand keep only their state
 * name in plain data and advance it with {@link next}; the table gives exactly what xstate's
 * pure `transition()` gives for the definition (it is built by calling it, for every
 * reachable state and every event the machine names), at the cost of one map lookup and a
 * scan of the state's few events instead of a few microseconds per step; a call site that
 * always sends one event steps through {@link moves} with no lookup at all. Tests drive the definition itself with
 * `initialTransition()` / `transition()`; `sim machines` draws it.
 *
 * A lifecycle machine has no context-dependent guards and no delayed transitions: timers
 * belong to the process that owns the entity (the outbox's `timer.start`), which sends the
 * lifecycle the event when one fires. `next` on an event the current state does not accept
 * throws: the model asked for a move its own statechart forbids, a bug in our code.
 */
export class Lifecycle<TState extends string = string, TEvent extends string = string> {
  readonly id: string;
  readonly initial: TState;
  /** Every reachable state, in the order the definition's walk found them. */
  readonly states: readonly TState[];
  readonly steps: readonly LifecycleStep<TState>[];
  /** Each state's moves: one Map lookup per step, then a scan of its few events. */
  private readonly rows = new Map<string, StateRow<TState>>();
  /** Every event the definition names, resolved once: `lifecycle.moves.CLOSE.from(state)` steps with no lookup (see {@link LifecycleEvent}). */
  readonly moves: { readonly [E in TEvent]: LifecycleEvent<TState, E> };
  /** The entry into the initial state, counted by index as steps are (one array slot per start, not three map operations). */
  private readonly initialEntry: CountedEntry;

  constructor(readonly machine: AnyStateMachine) {
    this.id = machine.id;
    const [initial] = initialTransition(machine);
    this.initial = internedName(stateName(initial.value)) as TState;
    this.initialEntry = { index: countedStepIndex(), machineId: this.id, target: this.initial };
    const states: TState[] = [];
    const steps: LifecycleStep<TState>[] = [];
    const events = machine.root.events.map(String).filter((event) => !event.includes('*') && !event.startsWith('xstate.')).map(internedName);
    const pending: AnyMachineSnapshot[] = [initial];
    const seen = new Set<string>([this.initial]);
    while (pending.length > 0) {
      const snapshot = pending.shift()!;
      const source = internedName(stateName(snapshot.value)) as TState;
      states.push(source);
      const row: StateRow<TState> = { events: [], steps: [], final: snapshot.status === 'done' };
      this.rows.set(source, row);
      if (row.final) continue;
      for (const event of events) {
        if (!snapshot.can({ type: event })) continue;
        const [next] = transition(machine, snapshot, { type: event });
        const target = internedName(stateName(next.value)) as TState;
        const step = { source, event, target, key: transitionKey(source, event, target), index: countedStepIndex(), machineId: this.id };
        row.events.push(event);
        row.steps.push(step);
        steps.push(step);
        if (!seen.has(target)) {
          seen.add(target);
          pending.push(next);
        }
      }
    }
    this.states = states;
    this.steps = steps;
    const refuse = (state: TState, event: string): Error => this.refusal(state, event);
    const moves: Record<string, LifecycleEvent<TState>> = {};
    for (const event of events) {
      moves[event] = new LifecycleEvent(event, steps.filter((step) => step.event === event), refuse);
    }
    this.moves = moves as { readonly [E in TEvent]: LifecycleEvent<TState, E> };
  }

  /** Enters the initial state: for a new entity. */
  start(): TState {
    activeCoverage()?.tookStep(this.initialEntry);
    return this.initial;
  }

  /** True when `event` moves an entity out of (or back into) `state`. */
  can(state: TState, event: TEvent): boolean {
    return this.rows.get(state)?.events.includes(event) ?? false;
  }

  /** The state after `event` in `state`; throws when the definition has no such transition. */
  next(state: TState, event: TEvent): TState {
    const row = this.rows.get(state);
    const target = row === undefined ? undefined : takeStep(row.events, row.steps, event);
    if (target === undefined) throw this.refusal(state, event);
    return target;
  }

  /** True for a final state of the definition: the entity's life is over. */
  isFinal(state: TState): boolean {
    return this.rows.get(state)?.final ?? false;
  }

  /** The error for a move the definition forbids: the model asked for it, a bug in our code. */
  private refusal(state: string, event: string): Error {
    return new Error(`${this.id}: no transition on '${event}' from state '${state}' (allowed: ${this.allowed(state)})`);
  }

  private allowed(state: string): string {
    const row = this.rows.get(state);
    if (!row) return 'none: not a state of this machine';
    return row.events.length === 0 ? 'none: a final state' : [...row.events].sort().join(', ');
  }
}

/** A state's moves: `steps[i]` is the move on `events[i]`. */
interface StateRow<TState extends string> {
  readonly events: string[];
  readonly steps: LifecycleStep<TState>[];
  readonly final: boolean;
}

/**
 * The same name, as V8's one shared copy of it: property keys are stored internalized, so
 * a name read back from an object's keys is the copy every equal literal in the code is.
 * Names a lifecycle hands out and compares (`"reproxying.wait_backend"`, built by
 * {@link stateName}) become one object each, and V8 compares two internalized strings by
 * pointer (a state read from elsewhere, say parsed JSON, still compares equal, by content).
 */
function internedName(name: string): string {
  return Object.keys({ [name]: 0 })[0]!;
}

/** Compiles a lifecycle machine once, at module load; see {@link Lifecycle}. */
export function compileLifecycle<TState extends string = string, TEvent extends string = string>(machine: AnyStateMachine): Lifecycle<TState, TEvent> {
  return new Lifecycle<TState, TEvent>(machine);
}
