import type { MachineEntry } from '../contract/machineEntry.js';
import { appMachines } from '../models/app/appMachines.js';
import { dbqueueMachines } from '../models/dbqueue/dbqueueMachines.js';
import { jobhubMachines } from '../models/jobhub/jobhubMachines.js';
import { mogilefsMachines } from '../models/mogilefs/mogilefsMachines.js';
import { ndbMachines } from '../models/ndb/ndbMachines.js';
import { perlbalMachines } from '../models/perlbal/perlbalMachines.js';

/** Every statechart of every system, in a stable order: what `sim machines` lists. */
export const machineCatalog: readonly MachineEntry[] = [
  ...jobhubMachines,
  ...dbqueueMachines,
  ...perlbalMachines,
  ...mogilefsMachines,
  ...ndbMachines,
  ...appMachines,
];

/** The catalog entry whose machine has `id`, or undefined. */
export function findMachine(id: string): MachineEntry | undefined {
  return machineCatalog.find((entry) => entry.machine.id === id);
}
