import type { AnyActorLogic, EmittedFrom, EventFromLogic, InputFrom } from 'xstate';
import { processStartEvent } from '../../sim/contract/processStart.js';
import type { TimerEffect } from '../../sim/contract/timerEffect.js';
import { Kernel, type KernelEvent } from '../../sim/kernel/kernel.js';
import { SimActor } from '../../sim/kernel/simActor.js';
import { msToUs } from '../../sim/kernel/time.js';

/** An effect of `TLogic` that is not a timer: what a unit test looks at. */
export type VisibleEffect<TLogic extends AnyActorLogic> = Exclude<EmittedFrom<TLogic>, { type: 'timer.start' | 'timer.cancel' }>;

/**
 * One process's logic on a kernel of its own, with no network: the test sends the TCP
 * events by hand and reads the effects, and the process's timers are kernel events (as
 * SimProcess makes them), moved on with {@link advance}. Unit tests use this instead of
 * xstate's SimulatedClock, which fires a timer set while it advances only on a later call.
 */
export class KernelHostedProcess<TLogic extends AnyActorLogic> {
  readonly kernel = new Kernel(1);
  readonly sim: SimActor<TLogic>;
  /** Every effect but timers, in order. */
  readonly effects: VisibleEffect<TLogic>[] = [];
  private readonly timers = new Map<string, KernelEvent>();

  constructor(name: string, logic: TLogic, input: InputFrom<TLogic>) {
    this.sim = new SimActor(this.kernel, name, logic, input, (effect) => this.carryOut(effect));
    this.sim.send(processStartEvent as EventFromLogic<TLogic>);
  }

  /** Delivers `event` now; returns the effects it produced. */
  send(event: EventFromLogic<TLogic>): VisibleEffect<TLogic>[] {
    const start = this.effects.length;
    this.sim.send(event);
    return this.effects.slice(start);
  }

  /** Moves time on by `ms`, firing timers as they come due; returns the effects they produced. */
  advance(ms: number): VisibleEffect<TLogic>[] {
    const start = this.effects.length;
    const untilUs = this.kernel.nowUs + msToUs(ms);
    while (this.kernel.step(untilUs));
    this.kernel.nowUs = untilUs;
    return this.effects.slice(start);
  }

  private carryOut(effect: EmittedFrom<TLogic>): void {
    const typed = effect as { readonly type: string };
    if (typed.type !== 'timer.start' && typed.type !== 'timer.cancel') return void this.effects.push(effect as VisibleEffect<TLogic>);
    const timer = typed as TimerEffect;
    const pending = this.timers.get(timer.timerId);
    if (pending) this.kernel.cancel(pending);
    this.timers.delete(timer.timerId);
    if (timer.type === 'timer.cancel') return;
    const fire = (): void => {
      this.timers.delete(timer.timerId);
      this.sim.send(timer.event as EventFromLogic<TLogic>);
    };
    this.timers.set(timer.timerId, this.kernel.after(msToUs(timer.delayMs), this.sim.traceName, this.kernel.name(timer.event.type), 0, fire));
  }
}
