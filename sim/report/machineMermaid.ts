import type { MachineShape, ShapeState } from '../contract/machineShape.js';

/**
 * A Mermaid `stateDiagram-v2` of a machine, generated from its definition's shape: nested
 * states as composite states, `[*]` for the initial and final states, a transition's guard
 * in brackets after its event.
 */
export function machineMermaid(shape: MachineShape): string {
  const lines = ['stateDiagram-v2'];
  const children = new Map<string | null, ShapeState[]>();
  for (const state of shape.states) children.set(state.parent, [...(children.get(state.parent) ?? []), state]);
  const emit = (parent: string | null, indent: string): void => {
    for (const state of children.get(parent) ?? []) {
      const id = mermaidId(state.name);
      if (id !== state.name) lines.push(`${indent}state "${state.name.split('.').at(-1)}" as ${id}`);
      if (children.has(state.name)) {
        lines.push(`${indent}state ${id} {`);
        if (state.initial) lines.push(`${indent}  [*] --> ${mermaidId(state.initial)}`);
        emit(state.name, `${indent}  `);
        lines.push(`${indent}}`);
      }
      if (state.type === 'final') lines.push(`${indent}${id} --> [*]`);
    }
  };
  lines.push(`  [*] --> ${mermaidId(shape.initial)}`);
  emit(null, '  ');
  for (const transition of shape.transitions) {
    const guard = transition.guard ? ` [${transition.guard}]` : '';
    lines.push(`  ${mermaidId(transition.source)} --> ${mermaidId(transition.target)}: ${mermaidLabel(transition.event)}${guard}`);
  }
  return lines.join('\n') + '\n';
}

/** Mermaid state ids may not hold dots or dashes: `a.b-c` becomes `a__b_c`. */
function mermaidId(name: string): string {
  return name.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
}

/** A colon would end Mermaid's label early. */
function mermaidLabel(text: string): string {
  return text.replace(/:/g, '#colon;');
}
