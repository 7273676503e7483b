import { machineShape, type MachineShape } from '../contract/machineShape.js';
import type { MachineEntry } from '../contract/machineEntry.js';
import { machineMermaid } from '../report/machineMermaid.js';
import { machineCatalog } from '../models/machineCatalog.js';
import { UsageError } from '../scenario/usageError.js';

export interface MachinesOptions {
  readonly json?: boolean;
  readonly mermaid?: boolean;
}

/** One row of `sim machines --json`. */
export interface MachineListing {
  readonly name: string;
  readonly system: string;
  readonly summary: string;
  readonly source: string;
  readonly states: readonly string[];
  readonly transitions: number;
}

/**
 * `sim machines [name]`: every statechart of every system (name, system, states,
 * transitions), or one machine's definition as xstate gives it (`--json`) or as a Mermaid
 * `stateDiagram-v2` generated from that definition (`--mermaid`).
 */
export function machinesCommand(name: string | undefined, options: MachinesOptions): number {
  if (options.json && options.mermaid) throw new UsageError('--json and --mermaid print different things: give one of them');
  if (name === undefined) {
    if (options.mermaid) throw new UsageError('--mermaid draws one machine: name it (sim machines <name> --mermaid; see sim machines)');
    const listing = machineCatalog.map(listingOf);
    process.stdout.write(options.json ? `${JSON.stringify(listing, null, 2)}\n` : listText(listing));
    return 0;
  }
  const entry = machineCatalog.find((candidate) => candidate.machine.id === name);
  if (!entry) {
    const names = machineCatalog.map((candidate) => candidate.machine.id).join(', ');
    throw new UsageError(`unknown machine ${JSON.stringify(name.slice(0, 80))}: expected one of ${names}`);
  }
  if (options.mermaid) process.stdout.write(machineMermaid(machineShape(entry.machine)));
  else if (options.json) process.stdout.write(`${JSON.stringify(entry.machine.toJSON(), null, 2)}\n`);
  else process.stdout.write(machineText(entry, machineShape(entry.machine)));
  return 0;
}

function listingOf(entry: MachineEntry): MachineListing {
  const shape = machineShape(entry.machine);
  return {
    name: entry.machine.id,
    system: entry.system,
    summary: entry.summary,
    source: entry.source,
    states: shape.states.map((state) => state.name),
    transitions: shape.transitions.length,
  };
}

function listText(listing: readonly MachineListing[]): string {
  const stateCount = listing.reduce((sum, machine) => sum + machine.states.length, 0);
  const lines = [`${listing.length} machines, ${stateCount} states (sim machines <name> [--json | --mermaid]):`, ''];
  for (const machine of listing) {
    lines.push(`  ${machine.name.padEnd(24)} ${machine.system.padEnd(9)} ${String(machine.states.length).padStart(2)} states ${String(machine.transitions).padStart(3)} transitions  ${machine.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

function machineText(entry: MachineEntry, shape: MachineShape): string {
  const lines = [`${shape.id} (${entry.system}): ${entry.summary}`, `source: ${entry.source}`, `initial: ${shape.initial}`, '', 'states:'];
  for (const state of shape.states) lines.push(`  ${state.name}${state.type === 'atomic' ? '' : ` (${state.type})`}`);
  lines.push('', 'transitions:');
  for (const t of shape.transitions) lines.push(`  ${t.source} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`);
  return `${lines.join('\n')}\n`;
}
