import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type TransporterStep = 'CONNECTED' | 'CONNECT_FAILED' | 'LOST' | 'FORGET';

/**
 * One process's outgoing transporter to one peer, after NDB's TransporterRegistry perform
 * states (CONNECTING, CONNECTED, DISCONNECTING, DISCONNECTED;
 * storage/ndb/src/common/transporter/TransporterRegistry.cpp). `connecting`: the TCP
 * connect is in flight and messages for the peer wait. `connected`: messages go out at
 * once. `disconnected`: the connect failed or the connection broke (RST, the peer closed
 * it), and what waited is dropped. `disconnecting`: the process declared the peer dead and
 * closes the connection behind what it already sent. Both ends are final: the next message
 * for the peer opens a new transporter, so a new incarnation of the peer gets a new one.
 */
export const transporterMachine = setup({
  types: { events: {} as { type: TransporterStep } },
}).createMachine({
  id: 'ndbTransporter',
  initial: 'connecting',
  states: {
    connecting: { on: { CONNECTED: 'connected', CONNECT_FAILED: 'disconnected', FORGET: 'disconnecting' } },
    connected: { on: { LOST: 'disconnected', FORGET: 'disconnecting' } },
    disconnecting: { type: 'final' },
    disconnected: { type: 'final' },
  },
});

export type TransporterState = 'connecting' | 'connected' | 'disconnecting' | 'disconnected';

export const transporterLifecycle = compileLifecycle<TransporterState, TransporterStep>(transporterMachine);
