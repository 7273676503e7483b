import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { stateName } from '../../sim/contract/stateName.js';

/**
 * The state names a machine definition passes through from its initial state under
 * `events`, computed with xstate's pure `initialTransition()` / `transition()` (no actor,
 * no clock). An event the state does not accept leaves it where it is, as xstate does.
 */
export function walk(machine: AnyStateMachine, events: readonly string[]): string[] {
  let [snapshot] = initialTransition(machine);
  const names = [stateName(snapshot.value)];
  for (const type of events) {
    [snapshot] = transition(machine, snapshot, { type });
    names.push(stateName(snapshot.value));
  }
  return names;
}

/** Whether the definition's state after `events` accepts `event`. */
export function accepts(machine: AnyStateMachine, events: readonly string[], event: string): boolean {
  let [snapshot] = initialTransition(machine);
  for (const type of events) [snapshot] = transition(machine, snapshot, { type });
  return snapshot.can({ type: event });
}

/** Whether the definition is in a final state after `events`. */
export function endsAfter(machine: AnyStateMachine, events: readonly string[]): boolean {
  let [snapshot] = initialTransition(machine);
  for (const type of events) [snapshot] = transition(machine, snapshot, { type });
  return snapshot.status === 'done';
}
