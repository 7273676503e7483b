import { fromTransition, type AnyActorLogic, type EventObject, type NonReducibleUnknown, type TransitionActorLogic } from 'xstate';
import type { ProcessStartEvent } from './processStart.js';

/** What a process's plain state must offer its logic: the effects one event produced (an Outbox, outbox.ts). */
export interface ProcessOutput<TEffect> {
  readonly out: { flush(emit: (effect: TEffect) => void): void };
}

/** A process written as plain actor logic: what {@link fromProcess} returns. */
export type ProcessLogic<TState, TEvent extends EventObject, TInput, TEffect extends EventObject> = TransitionActorLogic<
  TState,
  TEvent | ProcessStartEvent,
  TInput & NonReducibleUnknown,
  TEffect
>;

/** One event's work in a process made by {@link fromProcess}: the function its transition logic wraps. */
export type ProcessStep = (state: unknown, event: EventObject, scope: { emit(effect: EventObject): void }) => unknown;

/** The step of every logic {@link fromProcess} made: hosts may run it without an xstate Actor (transitionHost.ts). */
const processSteps = new WeakMap<AnyActorLogic, ProcessStep>();

/** The step of `logic` if {@link fromProcess} made it (transition logic with no children, delays or observers), else undefined. */
export function processStepOf(logic: AnyActorLogic): ProcessStep | undefined {
  return processSteps.get(logic);
}

/**
 * A process whose top level only routes events to its parts, as xstate actor logic without
 * a machine (`fromTransition`). Why not a machine: a one-state machine whose every
 * transition calls one handler says nothing a reader can use, and costs 1.5–3.4 µs per event
 * in xstate 5.33.3 against 0.22–0.27 µs for transition logic (measured on this project's
 * 2-core machine, a million sends each). The states that mean something live in the
 * lifecycles of its parts (lifecycle.ts), which are real statecharts.
 *
 * `create` builds the state from the input and may queue effects for the start (listen,
 * a first timer); the host's `process.start` event emits them. Each later event goes to
 * `handle`, then everything the state's outbox collected is emitted, in order.
 */
export function fromProcess<TState extends ProcessOutput<TEffect>, TEvent extends EventObject, TInput, TEffect extends EventObject>(
  create: (input: TInput) => TState,
  handle: (state: TState, event: TEvent) => void,
): ProcessLogic<TState, TEvent, TInput, TEffect> {
  const step = (state: TState, event: TEvent | ProcessStartEvent, scope: { emit(effect: TEffect): void }): TState => {
    if (event.type !== 'process.start') handle(state, event as TEvent);
    state.out.flush(scope.emit);
    return state;
  };
  const logic = fromTransition(step, ({ input }: { input: TInput & NonReducibleUnknown }) => create(input));
  processSteps.set(logic, step as ProcessStep);
  return logic;
}
