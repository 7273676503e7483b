import type { MachineEntry } from '../../contract/machineEntry.js';
import { dataNodeMachine } from './dataNode.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const ndbMachines: readonly MachineEntry[] = [
  { system: 'ndb', machine: dataNodeMachine, summary: 'an NDB data node through its start phases, running and shutdown', source: 'MySQL Cluster node restart phases (ndbd)' },
];
