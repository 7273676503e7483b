import { emit, enqueueActions, raise, setup } from 'xstate';
import type { TcpEvent } from '../../contract/tcpEvent.js';
import { perlbalTickMs } from './perlbalClock.js';
import type { PerlbalEffect, PerlbalTickEvent } from './perlbalEffect.js';
import { resolvePerlbalSettings, type PerlbalInput } from './perlbalSettings.js';
import { ProxyState } from './proxyState.js';

export type { Backend, PerlbalInput, PerlbalSettings, ReproxyMode } from './perlbalSettings.js';
export { perlbalDefaults } from './perlbalSettings.js';
export type { PerlbalEffect, PerlbalReport, PerlbalTickEvent } from './perlbalEffect.js';

export type PerlbalEvent = TcpEvent | PerlbalTickEvent;

interface PerlbalContext {
  readonly proxy: ProxyState;
}

/**
 * Perlbal as a reverse proxy (DOMAIN.md §3): it listens on `port`, forwards each client
 * request to a web node picked uniformly at random, and when the node answers with
 * `X-REPROXY-URL` fetches the file from storage nodes itself. Its state is a
 * {@link ProxyState} mutated in place; each event calls one of its methods and emits the
 * effects it produced, in order. Its only timer is the clock tick (perlbalClock.ts): every
 * timeout is checked against the proxy's whole-second clock, as Perlbal does.
 */
export const perlbalMachine = setup({
  types: {
    context: {} as PerlbalContext,
    input: {} as PerlbalInput,
    events: {} as PerlbalEvent,
    emitted: {} as PerlbalEffect,
  },
  actions: {
    listen: emit(({ context }) => ({ type: 'tcp.listen' as const, port: context.proxy.settings.port, backlog: context.proxy.settings.backlog })),
    scheduleTick: raise({ type: 'perlbal.tick' }, { delay: perlbalTickMs, id: 'perlbal.tick' }),
    handle: enqueueActions(({ context, event, enqueue }) => {
      const proxy = context.proxy;
      switch (event.type) {
        case 'tcp.accepted':
          proxy.accept(event.connId);
          break;
        case 'tcp.connected':
          proxy.connected(event.tag, event.connId);
          break;
        case 'tcp.connectFailed':
          proxy.connectFailed(event.tag);
          break;
        case 'tcp.message':
          proxy.receive(event.connId, event.message);
          break;
        case 'tcp.peerClosed':
          proxy.lost(event.connId, true);
          break;
        case 'tcp.aborted':
          proxy.lost(event.connId, false);
          break;
        case 'perlbal.tick':
          proxy.tick();
          enqueue.raise({ type: 'perlbal.tick' }, { delay: perlbalTickMs, id: 'perlbal.tick' });
          break;
      }
      for (const effect of proxy.out.drain()) enqueue.emit(effect);
    }),
  },
}).createMachine({
  id: 'perlbal',
  context: ({ input }) => ({ proxy: new ProxyState(resolvePerlbalSettings(input)) }),
  initial: 'serving',
  entry: ['listen', 'scheduleTick'],
  states: {
    serving: {
      on: {
        'tcp.accepted': { actions: 'handle' },
        'tcp.connected': { actions: 'handle' },
        'tcp.connectFailed': { actions: 'handle' },
        'tcp.message': { actions: 'handle' },
        'tcp.peerClosed': { actions: 'handle' },
        'tcp.aborted': { actions: 'handle' },
        'perlbal.tick': { actions: 'handle' },
      },
    },
  },
});
