import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves the web app's connection to the MogileFS tracker. */
export type TrackerLinkEvent =
  /** The connect completed. */
  | 'CONNECTED'
  /** The connect failed, or the open connection closed or reset. */
  | 'LOST'
  /** The reconnect delay passed: connect again. */
  | 'RETRY';

export type TrackerLinkState = 'connecting' | 'connected' | 'reconnect_wait';

/**
 * The web app's one persistent connection to the MogileFS tracker, as MogileFS::Client
 * keeps it (MogileFS/Backend.pm: `_get_sock` connects when it has no socket, a failed
 * connect marks the tracker in `host_dead` and it is tried again later). `connecting`,
 * `connected`, and `reconnect_wait` between a loss and the next try (the app's
 * `reconnectMs`). The app branches on it: lookups
 * asked for while not `connected` wait and are sent when it connects; a loss while
 * `connected` fails every lookup in flight.
 */
export const trackerLinkMachine = setup({
  types: { events: {} as { type: TrackerLinkEvent } },
}).createMachine({
  id: 'webAppTrackerLink',
  initial: 'connecting',
  states: {
    connecting: { on: { CONNECTED: 'connected', LOST: 'reconnect_wait' } },
    connected: { on: { LOST: 'reconnect_wait' } },
    reconnect_wait: { on: { RETRY: 'connecting' } },
  },
});

export const trackerLinkLifecycle = compileLifecycle<TrackerLinkState, TrackerLinkEvent>(trackerLinkMachine);
