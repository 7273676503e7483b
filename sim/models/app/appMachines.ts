import type { MachineEntry } from '../../contract/machineEntry.js';
import { httpRequestMachine } from '../http/httpRequestLifecycle.js';
import { trackerLinkMachine } from './trackerLinkLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const appMachines: readonly MachineEntry[] = [
  {
    system: 'app',
    machine: trackerLinkMachine,
    summary: "the web app's connection to the MogileFS tracker: connecting, connected, waiting to reconnect",
    source: 'MogileFS::Client lib/MogileFS/Backend.pm (_get_sock, host_dead)',
  },
  {
    system: 'http',
    machine: httpRequestMachine,
    summary: "one request of the load generator's HTTP/1.0 client, on its own connection",
    source: 'RFC 1945 §1.3 (HTTP/1.0: connect, request, response, close)',
  },
];
