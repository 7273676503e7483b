import { transitionKey, type MachineCountsJson } from '../contract/machineCoverage.js';
import type { MachineShape } from '../contract/machineShape.js';

type MutableCounts = { states: Record<string, number>; transitions: Record<string, number> };

/** Adds one run's per-machine counts into `total` (summary.json's `machines` shape), in place. */
export function addMachineCounts(total: Record<string, MutableCounts>, run: Readonly<Record<string, MachineCountsJson>>): void {
  for (const [id, counts] of Object.entries(run)) {
    const into = (total[id] ??= { states: {}, transitions: {} });
    for (const [state, n] of Object.entries(counts.states)) into.states[state] = (into.states[state] ?? 0) + n;
    for (const [key, n] of Object.entries(counts.transitions)) into.transitions[key] = (into.transitions[key] ?? 0) + n;
  }
}

/** The same counts with keys sorted, so equal sums print equal JSON whatever order the runs came in. */
export function sortedMachineCounts(total: Readonly<Record<string, MachineCountsJson>>): Record<string, MachineCountsJson> {
  const sorted = (record: Readonly<Record<string, number>>): Record<string, number> =>
    Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]!]));
  return Object.fromEntries(
    Object.keys(total).sort().map((id) => [id, { states: sorted(total[id]!.states), transitions: sorted(total[id]!.transitions) }]),
  );
}

/** One machine's coverage over a sweep, against its full definition. */
export interface MachineCoverageReport {
  readonly machine: string;
  readonly statesEntered: number;
  readonly statesTotal: number;
  readonly transitionsTaken: number;
  readonly transitionsTotal: number;
  readonly statesNeverEntered: readonly string[];
  readonly transitionsNeverTaken: readonly string[];
}

/** Coverage of every machine of the catalog: those that ran, against their shapes, and those no run started. */
export interface CoverageReport {
  readonly machines: readonly MachineCoverageReport[];
  readonly machinesNeverStarted: readonly string[];
  /** Machines that ran but whose definition the catalog does not list (their coverage has no denominator). */
  readonly machinesNotInCatalog: readonly string[];
}

/**
 * Coverage of the summed counts against the catalog's shapes (`shapes`, every machine
 * there is): states are matched by dotted name, transitions by `source --event--> target`.
 */
export function coverageReport(total: Readonly<Record<string, MachineCountsJson>>, shapes: readonly MachineShape[]): CoverageReport {
  const machines: MachineCoverageReport[] = [];
  const machinesNeverStarted: string[] = [];
  for (const shape of shapes) {
    const counts = total[shape.id];
    if (!counts) {
      machinesNeverStarted.push(shape.id);
      continue;
    }
    const statesNeverEntered = shape.states.map((s) => s.name).filter((name) => !counts.states[name]);
    const keys = [...new Set(shape.transitions.map((t) => transitionKey(t.source, t.event, t.target)))];
    const transitionsNeverTaken = keys.filter((key) => !counts.transitions[key]);
    machines.push({
      machine: shape.id,
      statesEntered: shape.states.length - statesNeverEntered.length,
      statesTotal: shape.states.length,
      transitionsTaken: keys.length - transitionsNeverTaken.length,
      transitionsTotal: keys.length,
      statesNeverEntered,
      transitionsNeverTaken,
    });
  }
  const known = new Set(shapes.map((shape) => shape.id));
  const machinesNotInCatalog = Object.keys(total).filter((id) => !known.has(id)).sort();
  return { machines, machinesNeverStarted, machinesNotInCatalog };
}

/** A number that grows whenever a new state is entered or a new transition taken anywhere: what `--until-coverage` watches. */
export function coveredPoints(total: Readonly<Record<string, MachineCountsJson>>): number {
  let points = 0;
  for (const counts of Object.values(total)) points += Object.keys(counts.states).length + Object.keys(counts.transitions).length;
  return points;
}
