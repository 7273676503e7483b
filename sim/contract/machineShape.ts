import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** One state of a machine's definition. */
export interface ShapeState {
  /** Dotted path below the root (`running`, `running.copying`): the name coverage counts use. */
  readonly name: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The enclosing state's name, or null at the top level. */
  readonly parent: string | null;
  /** For a compound state, the child it enters first. */
  readonly initial: string | null;
  readonly description: string | null;
}

/** One transition of a machine's definition. */
export interface ShapeTransition {
  readonly source: string;
  /** The event type; `after 1500ms` for a delayed transition, `always` for an eventless one. */
  readonly event: string;
  readonly target: string;
  /** The guard's name when the transition has one. */
  readonly guard: string | null;
}

/**
 * A machine's states and transitions, read from its xstate definition (never written by
 * hand): what `sim machines` prints, Mermaid and the report diagrams are drawn from, and
 * coverage is measured against. Targetless transitions (actions without a state change)
 * are left out: they move nothing on a diagram.
 */
export interface MachineShape {
  readonly id: string;
  readonly initial: string;
  readonly states: readonly ShapeState[];
  readonly transitions: readonly ShapeTransition[];
}

/** Reads the states and transitions of `machine`'s definition; see {@link MachineShape}. */
export function machineShape(machine: AnyStateMachine): MachineShape {
  const states: ShapeState[] = [];
  const transitions: ShapeTransition[] = [];
  const visit = (node: AnyStateNode, parent: string | null): void => {
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      const name = child.path.join('.');
      const initial = child.type === 'compound' ? (child.initial?.target[0]?.path.join('.') ?? null) : null;
      states.push({ name, type: child.type, parent, initial, description: child.description ?? null });
      transitions.push(...transitionsOf(child, name));
      visit(child, name);
    }
  };
  visit(machine.root, null);
  const initial = machine.root.initial?.target[0]?.path.join('.') ?? states[0]?.name ?? '';
  return { id: machine.id, initial, states, transitions };
}

function transitionsOf(node: AnyStateNode, source: string): ShapeTransition[] {
  const result: ShapeTransition[] = [];
  const add = (event: string, definitions: readonly { target?: readonly AnyStateNode[]; guard?: unknown }[]): void => {
    for (const definition of definitions) {
      for (const target of definition.target ?? []) {
        result.push({ source, event, target: target.path.join('.'), guard: guardName(definition.guard) });
      }
    }
  };
  for (const [eventType, definitions] of node.transitions) add(eventLabel(eventType), definitions);
  if (node.always) add('always', node.always);
  return result;
}

/** xstate names a delayed transition's event `xstate.after.<delay>.<state id>`. */
function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (!after) return eventType;
  return /^\d+$/.test(after[1]!) ? `after ${after[1]}ms` : `after ${after[1]}`;
}

function guardName(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  if (typeof guard === 'function') return guard.name || 'guard';
  return 'guard';
}
