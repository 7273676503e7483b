import { createActor, type Actor, type AnyStateMachine, type EventFromLogic, type InputFrom } from 'xstate';
import type { Kernel, TraceName } from './kernel.js';
import { KernelClock } from './kernelClock.js';

/** An effect a machine emits for its host to carry out (send a packet, close, count). */
export interface Effect {
  readonly type: string;
}

/** Reads the trace key of an event: its connection id when it has one, else 0. */
function traceKeyOf(event: { readonly connId?: unknown }): number {
  return typeof event.connId === 'number' ? event.connId : 0;
}

/**
 * One xstate actor hosted on the kernel: created with the kernel's clock, its deliveries
 * traced, its emitted effects handed to the host adapter. One actor per simulated process;
 * per-connection state stays in plain data (see DEVELOPERS.md measured costs).
 *
 * xstate catches what an action or an emit listener throws and reports it later, outside
 * the run. Here that would hide a broken invariant of our own code, so the first such
 * error is kept and thrown from `send`, inside the kernel event that caused it.
 */
export class SimActor<TMachine extends AnyStateMachine> {
  readonly actor: Actor<TMachine>;
  readonly traceName: TraceName;
  private failure: { readonly error: unknown } | null = null;

  constructor(
    private readonly kernel: Kernel,
    name: string,
    machine: TMachine,
    input: InputFrom<TMachine>,
    onEffect: (effect: Effect) => void,
  ) {
    this.traceName = kernel.name(name);
    const clock = new KernelClock(kernel, this.traceName);
    this.actor = kernel.deterministically(() => {
      const actor = createActor(machine, { input, clock, id: name } as never) as Actor<TMachine>;
      actor.on('*', (effect: Effect) => {
        try {
          onEffect(effect);
        } catch (error) {
          this.failure ??= { error };
        }
      });
      actor.subscribe({ error: (error) => void (this.failure ??= { error }) });
      actor.start();
      return actor;
    });
    this.rethrow();
  }

  /** Sends now, inside the current kernel event (not traced separately). */
  send(event: EventFromLogic<TMachine>): void {
    this.actor.send(event);
    if (this.failure) this.rethrow();
  }

  /** Delivers `event` at `timeUs` as its own traced kernel event. */
  deliverAt(timeUs: number, event: EventFromLogic<TMachine>): void {
    const type = this.kernel.name((event as { type: string }).type);
    this.kernel.at(timeUs, this.traceName, type, traceKeyOf(event as { connId?: unknown }), () => this.send(event));
  }

  stop(): void {
    this.actor.stop();
  }

  private rethrow(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = null;
    const { error } = failure;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${this.traceName.text} at ${this.kernel.nowUs} µs: ${message}`, { cause: error });
  }
}
