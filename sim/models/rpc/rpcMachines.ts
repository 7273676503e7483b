import type { MachineEntry } from '../../contract/machineEntry.js';
import { rpcClientConnectionMachine } from './rpcClientConnection.js';
import { rpcServerConnectionMachine } from './rpcServerConnection.js';

/** Every statechart of the one-request-per-connection client and server, for `sim machines`. */
export const rpcMachines: readonly MachineEntry[] = [
  { system: 'rpc', machine: rpcClientConnectionMachine, summary: "a client's one-request connection: request, response, who closes", source: 'Linux tcp(7), connect(2), close(2)' },
  { system: 'rpc', machine: rpcServerConnectionMachine, summary: "a server's connection: read, respond, close first or on the client's FIN", source: 'Linux tcp(7), accept(2), close(2)' },
];
