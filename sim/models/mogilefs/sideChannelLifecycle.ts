import { setup } from 'xstate';
import { compileLifecycle } from '../../contract/lifecycle.js';

export type SideChannelState = 'noSocket' | 'connecting' | 'idle' | 'waiting' | 'broken';

export type SideChannelEvent =
  | { readonly type: 'connect' }
  | { readonly type: 'connected' }
  | { readonly type: 'size.asked' }
  | { readonly type: 'size.answered' }
  | { readonly type: 'socket.lost' };

/**
 * One socket of the tracker's side channel to a host's mogstored (port 7501, `size
 * /devN/...`), after MogileFS-Server lib/MogileFS/Connection/Mogstored.pm: none until the
 * first need (`noSocket`), then `connecting` (bounded by `conn_timeout`), cached and `idle`
 * between questions, `waiting` while a `size` question is unanswered (bounded by
 * `node_timeout`). A failed connect, a timeout or the peer's close leaves it `broken`
 * (`mark_dead`): the tracker forgets it, and the next need opens a new socket with a new
 * life of this machine.
 */
export const sideChannelMachine = setup({
  types: { events: {} as SideChannelEvent },
}).createMachine({
  id: 'sideChannel',
  initial: 'noSocket',
  states: {
    noSocket: { on: { connect: { target: 'connecting' } } },
    connecting: { on: { connected: { target: 'idle' }, 'socket.lost': { target: 'broken' } } },
    idle: { on: { 'size.asked': { target: 'waiting' }, 'socket.lost': { target: 'broken' } } },
    waiting: {
      on: { 'size.asked': { target: 'waiting' }, 'size.answered': { target: 'idle' }, 'socket.lost': { target: 'broken' } },
    },
    broken: { type: 'final' },
  },
});

export const sideChannelLifecycle = compileLifecycle<SideChannelState, SideChannelEvent['type']>(sideChannelMachine);
