import { describe, expect, it } from 'vitest';
import { Outbox } from '../../sim/contract/outbox.js';
import type { ProcessEffect } from '../../sim/contract/processEffect.js';
import { fromProcess } from '../../sim/contract/processLogic.js';
import { Kernel } from '../../sim/kernel/kernel.js';
import { SimActor } from '../../sim/kernel/simActor.js';
import { TransitionHost } from '../../sim/contract/transitionHost.js';

type Poke = { type: 'poke'; n: number };
type Seen = { type: 'seen'; n: number };

/** A process that records each poke, and throws on a negative one. */
const recorder = fromProcess<{ out: Outbox<Seen>; seen: number[] }, Poke, undefined, ProcessEffect<Seen>>(
  () => ({ out: new Outbox<Seen>(), seen: [] }),
  (state, event) => {
    if (event.n < 0) throw new Error('negative poke');
    state.seen.push(event.n);
    state.out.emit({ type: 'seen', n: event.n });
  },
);

describe('a process hosted without an xstate Actor', () => {
  it('handles an event sent from inside another event after it, in order, as a mailbox would', () => {
    const order: number[] = [];
    const host: TransitionHost<typeof recorder> = new TransitionHost(recorder, 'p', undefined, (effect) => {
      if (effect.type !== 'seen') return;
      order.push(effect.n);
      if (effect.n === 1) host.send({ type: 'poke', n: 2 });
      if (effect.n === 1) order.push(-1);
    });
    host.send({ type: 'poke', n: 1 });
    expect(order).toEqual([1, -1, 2]);
    expect(host.getSnapshot().context.seen).toEqual([1, 2]);
  });

  it('handles nothing once stopped', () => {
    const host = new TransitionHost(recorder, 'p', undefined, () => {});
    host.send({ type: 'poke', n: 1 });
    host.stop();
    host.send({ type: 'poke', n: 2 });
    expect(host.getSnapshot().context.seen).toEqual([1]);
  });

  it('lets a throw out of the logic surface from the kernel event that caused it', () => {
    const kernel = new Kernel(1);
    const actor = new SimActor(kernel, 'p', recorder, undefined, () => {});
    actor.deliverAt(3, { type: 'poke', n: -1 });
    expect(() => kernel.run({ durationUs: 10 })).toThrow(/p at 3 µs: negative poke/);
  });

  it('lets a throw out of the host adapter surface too, after the event', () => {
    const kernel = new Kernel(1);
    const actor = new SimActor(kernel, 'p', recorder, undefined, () => {
      throw new Error('adapter invariant');
    });
    actor.deliverAt(4, { type: 'poke', n: 1 });
    expect(() => kernel.run({ durationUs: 10 })).toThrow(/p at 4 µs: adapter invariant/);
    expect(actor.actor.getSnapshot().context.seen).toEqual([1]);
  });
});
