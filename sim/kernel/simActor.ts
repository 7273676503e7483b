import { createActor, type Actor, type AnyActorLogic, type AnyStateMachine, type EmittedFrom, type EventFromLogic, type InputFrom, type SnapshotFrom, type StateValue } from 'xstate';
import { activeCoverage } from '../contract/machineCoverage.js';
import { processStepOf } from '../contract/processLogic.js';
import { stateName } from '../contract/stateName.js';
import type { Kernel, TraceName } from './kernel.js';
import { KernelClock } from './kernelClock.js';
import { TransitionHost } from '../contract/transitionHost.js';

/** Any effect, as hosts that do not know the process's type see it. */
export interface Effect {
  readonly type: string;
}

/** Reads the trace key of an event: its connection id when it has one, else 0. */
export function traceKeyOf(event: { readonly connId?: unknown }): number {
  return typeof event.connId === 'number' ? event.connId : 0;
}

function isStateMachine(logic: AnyActorLogic): logic is AnyStateMachine {
  return 'root' in logic && 'id' in logic;
}

/**
 * One xstate actor hosted on the kernel: created with the kernel's clock, its deliveries
 * traced, its emitted effects handed to the host adapter. One actor per simulated process;
 * what comes by the thousand (jobs, connections) is plain data advanced by lifecycles
 * (sim/contract/lifecycle.ts).
 *
 * A state machine's state changes are counted in the run's coverage (machineCoverage.ts),
 * keyed by the machine's id.
 *
 * xstate catches what an action or an emit listener throws and reports it later, outside
 * the run. Here that would hide a broken invariant of our own code, so the first such
 * error is kept and thrown from `send`, inside the kernel event that caused it.
 */
export class SimActor<TLogic extends AnyActorLogic> {
  /** The xstate Actor of a machine, or the direct host of a process's transition logic. */
  readonly actor: { getSnapshot(): SnapshotFrom<TLogic>; send(event: EventFromLogic<TLogic>): void; stop(): void };
  readonly traceName: TraceName;
  private failure: { readonly error: unknown } | null = null;
  private readonly machineId: string | null;
  private stateName = '';

  constructor(
    private readonly kernel: Kernel,
    name: string,
    logic: TLogic,
    input: InputFrom<TLogic>,
    onEffect: (effect: EmittedFrom<TLogic>) => void,
  ) {
    this.traceName = kernel.name(name);
    this.machineId = isStateMachine(logic) ? logic.id : null;
    this.actor = processStepOf(logic) !== undefined ? this.hostDirectly(logic, name, input, onEffect) : this.createActor(logic, name, input, onEffect);
    if (this.machineId !== null) {
      this.stateName = this.currentState();
      activeCoverage()?.entered(this.machineId, this.stateName);
    }
    this.rethrow();
  }

  private hostDirectly(logic: TLogic, name: string, input: InputFrom<TLogic>, onEffect: (effect: EmittedFrom<TLogic>) => void): TransitionHost<TLogic> {
    const emit = (effect: EmittedFrom<TLogic>): void => {
      try {
        onEffect(effect);
      } catch (error) {
        this.failure ??= { error };
      }
    };
    return this.kernel.deterministically(() => new TransitionHost(logic, name, input, emit));
  }

  private createActor(logic: TLogic, name: string, input: InputFrom<TLogic>, onEffect: (effect: EmittedFrom<TLogic>) => void): Actor<TLogic> {
    const clock = new KernelClock(this.kernel, this.traceName);
    return this.kernel.deterministically(() => {
      const actor = createActor(logic, { input, clock, id: name } as never) as Actor<TLogic>;
      actor.on('*', (effect: EmittedFrom<TLogic>) => {
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
  }

  /** Sends now, inside the current kernel event (not traced separately). */
  send(event: EventFromLogic<TLogic>): void {
    try {
      this.actor.send(event);
    } catch (error) {
      // Only the direct host throws; an Actor reports through its error observer.
      this.failure ??= { error };
    }
    if (this.machineId !== null) this.countStateChange((event as { type: string }).type);
    if (this.failure) this.rethrow();
  }

  /** Delivers `event` at `timeUs` as its own traced kernel event. */
  deliverAt(timeUs: number, event: EventFromLogic<TLogic>): void {
    const type = this.kernel.name((event as { type: string }).type);
    this.kernel.at(timeUs, this.traceName, type, traceKeyOf(event as { connId?: unknown }), () => this.send(event));
  }

  stop(): void {
    this.actor.stop();
  }

  private countStateChange(eventType: string): void {
    const coverage = activeCoverage();
    if (!coverage) return;
    const next = this.currentState();
    if (next === this.stateName) return;
    coverage.took(this.machineId!, this.stateName, eventType, next);
    this.stateName = next;
  }

  private currentState(): string {
    return stateName((this.actor.getSnapshot() as unknown as { readonly value: StateValue }).value);
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
