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
 */
export class SimActor<TMachine extends AnyStateMachine> {
  readonly actor: Actor<TMachine>;
  readonly traceName: TraceName;

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
      actor.on('*', (effect: Effect) => onEffect(effect));
      actor.start();
      return actor;
    });
  }

  /** Sends now, inside the current kernel event (not traced separately). */
  send(event: EventFromLogic<TMachine>): void {
    this.actor.send(event);
  }

  /** Delivers `event` at `timeUs` as its own traced kernel event. */
  deliverAt(timeUs: number, event: EventFromLogic<TMachine>): void {
    const type = this.kernel.name((event as { type: string }).type);
    this.kernel.at(timeUs, this.traceName, type, traceKeyOf(event as { connId?: unknown }), () => this.actor.send(event));
  }

  stop(): void {
    this.actor.stop();
  }
}
