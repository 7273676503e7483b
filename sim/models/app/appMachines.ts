import type { MachineEntry } from '../../contract/machineEntry.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const appMachines: readonly MachineEntry[] = [];
