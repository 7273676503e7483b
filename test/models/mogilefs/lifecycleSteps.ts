import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { stateName } from '../../../sim/contract/stateName.js';

/** Drives a machine definition from its initial state through `events`, with no actor and no clock; returns the state names after each. */
export function walk(machine: AnyStateMachine, events: readonly string[]): string[] {
  let [snapshot] = initialTransition(machine);
  const names = [stateName(snapshot.value)];
  for (const type of events) {
    [snapshot] = transition(machine, snapshot, { type });
    names.push(stateName(snapshot.value));
  }
  return names;
}

/** True when the state reached by `events` accepts `event`. */
export function accepts(machine: AnyStateMachine, events: readonly string[], event: string): boolean {
  let [snapshot] = initialTransition(machine);
  for (const type of events) [snapshot] = transition(machine, snapshot, { type });
  return snapshot.can({ type: event });
}
