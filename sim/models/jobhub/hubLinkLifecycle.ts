import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a client's or worker's connection to one hub. */
export type HubLinkEvent =
  | { type: 'CONNECTED' }
  | { type: 'CONNECT_FAILED' }
  /** The hub closed or reset it, or the process dropped it. */
  | { type: 'LOST' }
  /** The reconnect delay ran out: connect again. */
  | { type: 'RECONNECT' };

export type HubLinkState = 'connecting' | 'connected' | 'waitingToReconnect';
export type HubLinkEventType = HubLinkEvent['type'];

/**
 * A Gearman client's or worker's connection to one job server, as libgearman keeps it
 * (`gearman_connection_st`, libgearman/connection.cc: connecting, connected) and as the Perl
 * libraries retry a dead server after a delay (Gearman::Client's `dead_until`, Gearman::Worker
 * reconnecting on its next loop): `connecting` → `connected`; a refused or lost connection
 * waits out the reconnect delay in `waitingToReconnect`, then connects again.
 */
export const hubLinkMachine = setup({
  types: { events: {} as HubLinkEvent },
}).createMachine({
  id: 'gearmanHubLink',
  initial: 'connecting',
  states: {
    connecting: { on: { CONNECTED: 'connected', CONNECT_FAILED: 'waitingToReconnect' } },
    connected: { on: { LOST: 'waitingToReconnect' } },
    waitingToReconnect: { on: { RECONNECT: 'connecting' } },
  },
});

export const hubLinkLifecycle = compileLifecycle<HubLinkState, HubLinkEventType>(hubLinkMachine);
