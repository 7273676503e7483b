import type { MachineEntry } from '../../contract/machineEntry.js';
import { backendHttpMachine } from './backendHttpLifecycle.js';
import { clientProxyMachine } from './clientProxyLifecycle.js';
import { reproxyHostMachine } from './reproxyHostLifecycle.js';

/** Every statechart of this system, for `sim machines`, coverage and report diagrams. */
export const perlbalMachines: readonly MachineEntry[] = [
  {
    system: 'perlbal',
    machine: clientProxyMachine,
    summary: 'a client connection: reading the request, waiting for a web node, reproxying from storage, answering, keep-alive',
    source: 'Perlbal 1.80 lib/Perlbal/ClientProxy.pm, ClientHTTPBase.pm (state names)',
  },
  {
    system: 'perlbal',
    machine: backendHttpMachine,
    summary: 'a connection to a web node or storage node: connecting, verifying (OPTIONS *), bored in the pool, waiting for the response',
    source: 'Perlbal 1.80 lib/Perlbal/BackendHTTP.pm ("possible states"), Service.pm',
  },
  {
    system: 'perlbal',
    machine: reproxyHostMachine,
    summary: 'a storage ip:port of the reproxy manager: one connect in flight, open connections, the queue moved on after a bad connect',
    source: 'Perlbal 1.80 lib/Perlbal/ReproxyManager.pm',
  },
];
