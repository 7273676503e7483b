import type { Kernel, KernelEvent, TraceName } from './kernel.js';
import { msToUs } from './time.js';

/**
 * xstate's Clock on the kernel's queue: a delayed transition (`after`) becomes a kernel
 * event at the exact virtual instant, ordered with every other event. xstate's own
 * SimulatedClock fires a timer that was set from inside another timer's callback in the
 * wrong order, which is why the kernel supplies this one.
 */
export class KernelClock {
  private timerSeq = 0;
  private readonly timerType: TraceName;

  constructor(private readonly kernel: Kernel, private readonly actor: TraceName) {
    this.timerType = kernel.name('xstate.timer');
  }

  setTimeout(fn: (...args: unknown[]) => void, timeoutMs: number): KernelEvent {
    const delayUs = Math.max(0, msToUs(timeoutMs));
    return this.kernel.after(delayUs, this.actor, this.timerType, ++this.timerSeq, () => fn());
  }

  clearTimeout(id: KernelEvent): void {
    if (id) this.kernel.cancel(id);
  }
}
