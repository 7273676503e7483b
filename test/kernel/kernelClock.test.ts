import { emit, setup, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../sim/kernel/kernel.js';
import { SimActor } from '../../sim/kernel/simActor.js';

/** A machine whose `after` timers chain: each state's timer is set when the previous fired. */
function chainMachine(log: string[], kernel: Kernel, name: string, delaysMs: readonly number[]): AnyStateMachine {
  const states: Record<string, object> = {};
  delaysMs.forEach((delayMs, index) => {
    states[`s${index}`] = {
      entry: () => log.push(`${name}:s${index}@${kernel.nowUs}`),
      after: { [delayMs]: { target: `s${index + 1}`, id: `${name}-t${index}` } },
    };
  });
  states[`s${delaysMs.length}`] = { entry: () => log.push(`${name}:done@${kernel.nowUs}`), type: 'final' };
  return setup({}).createMachine({ id: name, initial: 's0', states } as never) as unknown as AnyStateMachine;
}

describe('xstate after-timers on the kernel clock', () => {
  it('fire chained timers at exact virtual instants', () => {
    const kernel = new Kernel(1);
    const log: string[] = [];
    new SimActor(kernel, 'a', chainMachine(log, kernel, 'a', [1_000, 500, 0.25]), undefined as never, () => {});
    kernel.run({ durationUs: 10_000_000 });
    expect(log).toEqual(['a:s0@0', 'a:s1@1000000', 'a:s2@1500000', 'a:done@1500250']);
  });

  it('interleave two actors timers in global time order', () => {
    const kernel = new Kernel(1);
    const log: string[] = [];
    new SimActor(kernel, 'a', chainMachine(log, kernel, 'a', [300, 300, 300]), undefined as never, () => {});
    new SimActor(kernel, 'b', chainMachine(log, kernel, 'b', [400, 100, 500]), undefined as never, () => {});
    kernel.run({ durationUs: 5_000_000 });
    expect(log.filter((line) => !line.endsWith('@0'))).toEqual([
      'a:s1@300000', 'b:s1@400000', 'b:s2@500000', 'a:s2@600000', 'a:done@900000', 'b:done@1000000',
    ]);
  });

  it('cancels a pending timer when the state is left by another event', () => {
    const kernel = new Kernel(1);
    const log: string[] = [];
    const machine = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
      initial: 'waiting',
      states: {
        waiting: { after: { 1_000: { target: 'timedOut', id: 'timeout' } }, on: { go: 'went' } },
        timedOut: { entry: () => log.push(`timedOut@${kernel.nowUs}`) },
        went: { entry: () => log.push(`went@${kernel.nowUs}`), after: { 2_000: { target: 'timedOut', id: 'late' } } },
      },
    });
    const actor = new SimActor(kernel, 'm', machine, undefined as never, () => {});
    actor.deliverAt(400_000, { type: 'go' });
    kernel.run({ durationUs: 5_000_000 });
    expect(log).toEqual(['went@400000', 'timedOut@2400000']);
  });

  it('gives the same trace hash for the same seed and machine run twice', () => {
    const hash = () => {
      const kernel = new Kernel(5);
      new SimActor(kernel, 'a', chainMachine([], kernel, 'a', [10, 20, 30]), undefined as never, () => {});
      kernel.run({ durationUs: 1_000_000 });
      return kernel.traceHashHex();
    };
    expect(hash()).toBe(hash());
  });
});

describe('errors inside a hosted actor', () => {
  it('surface from the kernel event that caused them, not later outside the run', () => {
    const kernel = new Kernel(1);
    const machine = setup({ types: { events: {} as { type: 'poke' } } }).createMachine({
      on: { poke: { actions: () => { throw new Error('model bug'); } } },
    });
    const actor = new SimActor(kernel, 'm', machine, undefined as never, () => {});
    actor.deliverAt(5, { type: 'poke' });
    expect(() => kernel.run({ durationUs: 10 })).toThrow(/m at 5 µs: model bug/);
  });

  it('surface when the host adapter throws while carrying out an effect', () => {
    const kernel = new Kernel(1);
    const machine = setup({ types: { events: {} as { type: 'poke' }, emitted: {} as { type: 'boom' } } }).createMachine({
      on: { poke: { actions: emit({ type: 'boom' }) } },
    });
    const actor = new SimActor(kernel, 'm', machine, undefined as never, () => {
      throw new Error('adapter invariant');
    });
    actor.deliverAt(7, { type: 'poke' });
    expect(() => kernel.run({ durationUs: 10 })).toThrow(/m at 7 µs: adapter invariant/);
  });
});
