import type { AnyActorLogic, AnyStateMachine } from 'xstate';

/**
 * The event types a process's logic handles, as its hosts ask before delivering: for a
 * state machine, those it has a transition for somewhere (xstate's `root.events`, `*` and
 * `prefix.*` wildcards included); for plain actor logic, which declares nothing, null
 * (it gets every event).
 */
export function declaredEvents(logic: AnyActorLogic): readonly string[] | null {
  if (!('root' in logic)) return null;
  return (logic as unknown as AnyStateMachine).root.events.map(String);
}
