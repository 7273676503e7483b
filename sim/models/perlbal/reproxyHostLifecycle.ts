import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

/** What moves a storage host's reproxy queue, as `ReproxyManager` sends it. */
export type ReproxyHostEvent =
  /** `spawn_backend` started a connect (at most one in flight per host). */
  | 'SPAWN'
  /** The connect completed: one more open connection. */
  | 'CONNECTED'
  /**
   * The connect failed or is 5 s old (`note_bad_backend_connect`): with no connection
   * open the host counts as down and its queue moves on; with one open the queue stays.
   */
  | 'BAD_CONNECT'
  /** A connect still pending 15 s after it was made is closed (BackendHTTP.pm's callback); the queue stays. */
  | 'CONNECT_CLOSED'
  /** The last open connection to the host closed. */
  | 'LAST_CLOSED';

export type ReproxyHostState = 'empty' | 'connecting' | 'serving.open' | 'serving.connecting';

/**
 * One storage `ip:port` as Perlbal's ReproxyManager.pm (1.80) keeps it: a queue of files
 * waiting (`%ReproxyQueues`), at most one connect in flight (`%ReproxyConnecting`), open
 * connections (`%ReproxyBackends`, idle ones in `%ReproxyBored`). `empty`: nothing open,
 * nothing connecting; `connecting`: the first connect in flight; `serving`: connections
 * open, with (`serving.connecting`) or without (`serving.open`) one more on its way.
 *
 * The manager branches on it: a bad connect in `connecting` moves every queued file to its
 * next URL ("this host is down"), in `serving.connecting` it does not; a host that is
 * `connecting` gets no second connect.
 */
export const reproxyHostMachine = setup({
  types: { events: {} as { type: ReproxyHostEvent } },
}).createMachine({
  id: 'perlbalReproxyHost',
  initial: 'empty',
  states: {
    empty: { on: { SPAWN: 'connecting' } },
    connecting: { on: { CONNECTED: 'serving.open', BAD_CONNECT: 'empty', CONNECT_CLOSED: 'empty' } },
    serving: {
      initial: 'open',
      states: {
        open: { on: { SPAWN: 'connecting', LAST_CLOSED: '#perlbalReproxyHost.empty' } },
        connecting: {
          on: { CONNECTED: 'open', BAD_CONNECT: 'open', CONNECT_CLOSED: 'open', LAST_CLOSED: '#perlbalReproxyHost.connecting' },
        },
      },
    },
  },
});

export const reproxyHostLifecycle = compileLifecycle<ReproxyHostState, ReproxyHostEvent>(reproxyHostMachine);

/** A connect to the host is in flight. */
export function isConnecting(state: ReproxyHostState): boolean {
  return state === 'connecting' || state === 'serving.connecting';
}
