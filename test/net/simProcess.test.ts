import { describe, expect, it } from 'vitest';
import { emit, setup, type AnyActorLogic } from 'xstate';
import type { TimerEffect } from '../../sim/contract/timerEffect.js';
import { Kernel } from '../../sim/kernel/kernel.js';
import { Network } from '../../sim/net/network.js';
import { SimProcess } from '../../sim/net/simProcess.js';

type BellEvent = { type: 'arm'; delayMs: number } | { type: 'disarm' } | { type: 'ring' };

/** A process with one timer, `bell`: `arm` starts it, `disarm` cancels it, and each ring is recorded. */
const bell = setup({ types: { events: {} as BellEvent, emitted: {} as TimerEffect<{ type: 'ring' }> | { type: 'rang' } } }).createMachine({
  on: {
    arm: { actions: emit(({ event }) => ({ type: 'timer.start', timerId: 'bell', delayMs: event.delayMs, event: { type: 'ring' } })) },
    disarm: { actions: emit({ type: 'timer.cancel', timerId: 'bell' }) },
    ring: { actions: emit({ type: 'rang' }) },
  },
});

type MetronomeEvent = { type: 'start' } | { type: 'stop' } | { type: 'tick' };

/** A process whose timer, `tick`, starts itself again each time it fires, 1 ms on; `stop` cancels it. */
const tickIn1Ms = { type: 'timer.start', timerId: 'tick', delayMs: 1, event: { type: 'tick' } } as const;
const metronome = setup({ types: { events: {} as MetronomeEvent, emitted: {} as TimerEffect<{ type: 'tick' }> | { type: 'rang' } } }).createMachine({
  on: {
    start: { actions: emit(tickIn1Ms) },
    tick: { actions: [emit({ type: 'rang' }), emit(tickIn1Ms)] },
    stop: { actions: emit({ type: 'timer.cancel', timerId: 'tick' }) },
  },
});

function timerProcess<TLogic extends AnyActorLogic>(logic: TLogic): { kernel: Kernel; process: SimProcess<TLogic>; ringsAtUs: number[] } {
  const kernel = new Kernel(1);
  const network = new Network(kernel);
  const host = network.addHost('bells', '10.0.0.1');
  const ringsAtUs: number[] = [];
  const process = new SimProcess(network, host, 'bell', logic, undefined as never, () => ringsAtUs.push(kernel.nowUs));
  return { kernel, process, ringsAtUs };
}

const bellProcess = (): ReturnType<typeof timerProcess<typeof bell>> => timerProcess(bell);

/** Delivers every event due by `ms`, then moves the clock there. */
function runUntilMs(kernel: Kernel, ms: number): void {
  while (kernel.step(ms * 1_000));
  kernel.nowUs = ms * 1_000;
}

describe('SimProcess timers', () => {
  it('fire once, at the later time, when started again while pending', () => {
    const { kernel, process, ringsAtUs } = bellProcess();
    process.sim.send({ type: 'arm', delayMs: 5 });
    process.sim.send({ type: 'arm', delayMs: 8 });
    runUntilMs(kernel, 20);
    expect(ringsAtUs).toEqual([8_000]);
  });

  it('never fire once cancelled, and fire again when their id is started anew', () => {
    const { kernel, process, ringsAtUs } = bellProcess();
    process.sim.send({ type: 'arm', delayMs: 5 });
    process.sim.send({ type: 'disarm' });
    runUntilMs(kernel, 10);
    expect(ringsAtUs).toEqual([]);
    process.sim.send({ type: 'arm', delayMs: 5 });
    runUntilMs(kernel, 20);
    expect(ringsAtUs).toEqual([15_000]);
  });

  it('free their id when they fire: a later cancel is a no-op and a later start fires', () => {
    const { kernel, process, ringsAtUs } = bellProcess();
    process.sim.send({ type: 'arm', delayMs: 1 });
    runUntilMs(kernel, 2);
    process.sim.send({ type: 'disarm' });
    process.sim.send({ type: 'arm', delayMs: 1 });
    runUntilMs(kernel, 5);
    expect(ringsAtUs).toEqual([1_000, 3_000]);
  });

  it('are all dropped when the process stops', () => {
    const { kernel, process, ringsAtUs } = bellProcess();
    process.sim.send({ type: 'arm', delayMs: 5 });
    process.stop();
    runUntilMs(kernel, 10);
    expect(ringsAtUs).toEqual([]);
  });

  it('fire again at each period when started again from their own firing, and stop for good when cancelled', () => {
    const { kernel, process, ringsAtUs } = timerProcess(metronome);
    process.sim.send({ type: 'start' });
    runUntilMs(kernel, 3.5);
    expect(ringsAtUs).toEqual([1_000, 2_000, 3_000]);
    process.sim.send({ type: 'stop' });
    runUntilMs(kernel, 10);
    expect(ringsAtUs).toEqual([1_000, 2_000, 3_000]);
    // The cancel found the timer started at 3 ms: nothing of it is left in the kernel's queue.
    expect(kernel.pending).toBe(0);
  });
});
