import type { MachineEntry } from '../contract/machineEntry.js';
import { appMachines } from './app/appMachines.js';
import { dbqueueMachines } from './dbqueue/dbqueueMachines.js';
import { jobhubMachines } from './jobhub/jobhubMachines.js';
import { mogilefsMachines } from './mogilefs/mogilefsMachines.js';
import { ndbMachines } from './ndb/ndbMachines.js';
import { perlbalMachines } from './perlbal/perlbalMachines.js';
import { rpcMachines } from './rpc/rpcMachines.js';

/** Every statechart of every system, in a stable order: what `sim machines` lists. */
export const machineCatalog: readonly MachineEntry[] = [
  ...jobhubMachines,
  ...dbqueueMachines,
  ...perlbalMachines,
  ...mogilefsMachines,
  ...ndbMachines,
  ...appMachines,
  ...rpcMachines,
];

/** The catalog entry whose machine has `id`, or undefined. */
export function findMachine(id: string): MachineEntry | undefined {
  return machineCatalog.find((entry) => entry.machine.id === id);
}
