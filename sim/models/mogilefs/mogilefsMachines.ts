import type { MachineEntry } from '../../contract/machineEntry.js';
import { deleteJobMachine } from './deleteJobLifecycle.js';
import { deviceMachine } from './deviceLifecycle.js';
import { hostMachine } from './hostLifecycle.js';
import { replicationMachine } from './replicationLifecycle.js';
import { sideChannelMachine } from './sideChannelLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const mogilefsMachines: readonly MachineEntry[] = [
  {
    system: 'mogilefs',
    machine: deviceMachine,
    summary: "a device's status as an admin marks it, and below it what the monitor observed",
    source: 'MogileFS-Server lib/MogileFS/DeviceState.pm, lib/MogileFS/Device.pm, lib/MogileFS/Worker/Monitor.pm',
  },
  {
    system: 'mogilefs',
    machine: hostMachine,
    summary: 'a storage host as the monitor sees it: answering or not, and whether a cycle has noticed',
    source: 'MogileFS-Server lib/MogileFS/Host.pm (observed_state), lib/MogileFS/Worker/Monitor.pm',
  },
  {
    system: 'mogilefs',
    machine: replicationMachine,
    summary: "a file's way through the replicate worker, with its retry backoff",
    source: 'MogileFS-Server lib/MogileFS/Worker/Replicate.pm (file_to_replicate, nexttry, rebalance_devfid)',
  },
  {
    system: 'mogilefs',
    machine: sideChannelMachine,
    summary: "one socket of the tracker's side channel to a host's mogstored (size questions on 7501)",
    source: 'MogileFS-Server lib/MogileFS/Connection/Mogstored.pm',
  },
  {
    system: 'mogilefs',
    machine: deleteJobMachine,
    summary: 'one copy for the delete worker to remove from its storage node',
    source: 'MogileFS-Server lib/MogileFS/Worker/Delete.pm (process_deletes2)',
  },
];
