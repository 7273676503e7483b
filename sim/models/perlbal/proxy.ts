import { emit, enqueueActions, setup } from 'xstate';
import type { TcpEvent } from '../../net/tcpEvent.js';
import type { Outbox } from './outbox.js';
import { timerId, type PerlbalEffect, type PerlbalTimeoutEvent } from './perlbalEffect.js';
import { resolvePerlbalSettings, type PerlbalInput } from './perlbalSettings.js';
import { ProxyState } from './proxyState.js';

export type { Backend, PerlbalInput, PerlbalSettings, ReproxyMode } from './perlbalSettings.js';
export { perlbalDefaults } from './perlbalSettings.js';
export type { PerlbalEffect, PerlbalReport, PerlbalTimeoutEvent, PerlbalTimer } from './perlbalEffect.js';

export type PerlbalEvent = TcpEvent | PerlbalTimeoutEvent;

interface PerlbalContext {
  readonly proxy: ProxyState;
}

/** The part of xstate's `enqueue` that {@link flush} uses. */
interface EffectQueue {
  emit(effect: PerlbalEffect): void;
  raise(event: PerlbalTimeoutEvent, options: { delay: number; id: string }): void;
  cancel(id: string): void;
}

/** Emits what the proxy state produced; timer requests become delayed events with explicit ids. */
function flush(out: Outbox, enqueue: EffectQueue): void {
  for (const effect of out.drain()) {
    if (effect.type === 'perlbal.timerStart') {
      const id = timerId(effect.timer);
      // A timer id is reused (a client's idle timer between requests): cancel any earlier one first.
      enqueue.cancel(id);
      enqueue.raise({ type: 'perlbal.timeout', timer: effect.timer }, { delay: effect.delayMs, id });
    } else if (effect.type === 'perlbal.timerCancel') {
      enqueue.cancel(timerId(effect.timer));
    } else {
      enqueue.emit(effect);
    }
  }
}

/**
 * Perlbal as a reverse proxy (DOMAIN.md §3): it listens on `port`, forwards each client
 * request to a web node picked uniformly at random, and when the node answers with
 * `X-REPROXY-URL` fetches the file from storage nodes itself. Its state is a
 * {@link ProxyState} mutated in place; each event calls one of its methods and emits the
 * effects it produced, in order.
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
        case 'perlbal.timeout':
          proxy.expire(event.timer);
          break;
      }
      flush(proxy.out, enqueue);
    }),
  },
}).createMachine({
  id: 'perlbal',
  context: ({ input }) => ({ proxy: new ProxyState(resolvePerlbalSettings(input)) }),
  initial: 'serving',
  entry: 'listen',
  states: {
    serving: {
      on: {
        'tcp.accepted': { actions: 'handle' },
        'tcp.connected': { actions: 'handle' },
        'tcp.connectFailed': { actions: 'handle' },
        'tcp.message': { actions: 'handle' },
        'tcp.peerClosed': { actions: 'handle' },
        'tcp.aborted': { actions: 'handle' },
        'perlbal.timeout': { actions: 'handle' },
      },
    },
  },
});
