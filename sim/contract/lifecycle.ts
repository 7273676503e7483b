import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { activeCoverage, countedStepIndex, transitionKey, type CountedEntry, type CountedStep } from './machineCoverage.js';
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
 * reachable state and every event the machine names), at the cost of two map lookups
 * instead of a few microseconds per step. Tests drive the definition itself with
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
  private readonly table = new Map<string, Map<string, LifecycleStep<TState>>>();
  private readonly finals = new Set<string>();
  /** The entry into the initial state, counted by index as steps are (one array slot per start, not three map operations). */
  private readonly initialEntry: CountedEntry;

  constructor(readonly machine: AnyStateMachine) {
    this.id = machine.id;
    const [initial] = initialTransition(machine);
    this.initial = stateName(initial.value) as TState;
    this.initialEntry = { index: countedStepIndex(), machineId: this.id, target: this.initial };
    const states: TState[] = [];
    const steps: LifecycleStep<TState>[] = [];
    const events = machine.root.events.map(String).filter((event) => !event.includes('*') && !event.startsWith('xstate.'));
    const pending: AnyMachineSnapshot[] = [initial];
    const seen = new Set<string>([this.initial]);
    while (pending.length > 0) {
      const snapshot = pending.shift()!;
      const source = stateName(snapshot.value) as TState;
      states.push(source);
      const bySource = new Map<string, LifecycleStep<TState>>();
      this.table.set(source, bySource);
      if (snapshot.status === 'done') {
        this.finals.add(source);
        continue;
      }
      for (const event of events) {
        if (!snapshot.can({ type: event })) continue;
        const [next] = transition(machine, snapshot, { type: event });
        const target = stateName(next.value) as TState;
        const step = { source, event, target, key: transitionKey(source, event, target), index: countedStepIndex(), machineId: this.id };
        bySource.set(event, step);
        steps.push(step);
        if (!seen.has(target)) {
          seen.add(target);
          pending.push(next);
        }
      }
    }
    this.states = states;
    this.steps = steps;
  }

  /** Enters the initial state: for a new entity. */
  start(): TState {
    activeCoverage()?.tookStep(this.initialEntry);
    return this.initial;
  }

  /** True when `event` moves an entity out of (or back into) `state`. */
  can(state: TState, event: TEvent): boolean {
    return this.table.get(state)?.has(event) ?? false;
  }

  /** The state after `event` in `state`; throws when the definition has no such transition. */
  next(state: TState, event: TEvent): TState {
    const step = this.table.get(state)?.get(event);
    if (step === undefined) {
      throw new Error(`${this.id}: no transition on '${event}' from state '${state}' (allowed: ${this.allowed(state)})`);
    }
    activeCoverage()?.tookStep(step);
    return step.target;
  }

  /** True for a final state of the definition: the entity's life is over. */
  isFinal(state: TState): boolean {
    return this.finals.has(state);
  }

  private allowed(state: string): string {
    const bySource = this.table.get(state);
    if (!bySource) return 'none: not a state of this machine';
    return bySource.size === 0 ? 'none: a final state' : [...bySource.keys()].sort().join(', ');
  }
}

/** Compiles a lifecycle machine once, at module load; see {@link Lifecycle}. */
export function compileLifecycle<TState extends string = string, TEvent extends string = string>(machine: AnyStateMachine): Lifecycle<TState, TEvent> {
  return new Lifecycle<TState, TEvent>(machine);
}
