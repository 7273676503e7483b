import type { MachineCountsJson } from '../contract/machineCoverage.js';
import { machineShape, type MachineShape } from '../contract/machineShape.js';
import { findMachine } from './machineCatalog.js';

/** The definitions of the machines a run's coverage names, in its order, for the report's diagrams. */
export function machineShapesOf(machines: Readonly<Record<string, MachineCountsJson>>): MachineShape[] {
  return Object.keys(machines).flatMap((id) => {
    const entry = findMachine(id);
    return entry ? [machineShape(entry.machine)] : [];
  });
}
