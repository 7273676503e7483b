import type { ActorScope, AnyActorLogic, EmittedFrom, EventFromLogic, InputFrom, SnapshotFrom } from 'xstate';
import { processStepOf, type ProcessStep } from './processLogic.js';

/**
 * Runs a process made by `fromProcess` (processLogic.ts) without an xstate Actor around
 * it: the snapshot from the logic's own `getInitialSnapshot`, then per event the step the
 * logic wraps (what its `transition` would call, without copying the snapshot each time:
 * the step keeps one state object). The Actor adds, per event, a relay through the actor system, a mailbox, an
 * inspection event, an observer pass and an array per emitted effect; none of it means
 * anything to logic that has no children, no delays and no observers. Measured on the
 * port-exhaustion scenario: that machinery was a fifth of the run (cpu profile).
 *
 * What the Actor guarantees is kept: an event sent while the logic is handling another
 * (an effect that loops back synchronously) waits and is handled right after, in order, as
 * the Actor's mailbox does; nothing is handled after `stop`. Machines keep their Actor.
 */
export class TransitionHost<TLogic extends AnyActorLogic> {
  private snapshot: SnapshotFrom<TLogic>;
  private readonly step: ProcessStep;
  private readonly scope: ActorScope<SnapshotFrom<TLogic>, EventFromLogic<TLogic>, never, EmittedFrom<TLogic>>;
  private readonly waiting: EventFromLogic<TLogic>[] = [];
  private handling = false;
  private stopped = false;

  constructor(logic: TLogic, readonly id: string, input: InputFrom<TLogic>, emit: (effect: EmittedFrom<TLogic>) => void) {
    const step = processStepOf(logic);
    if (!step) throw new Error(`${id}: only logic made by fromProcess runs without an xstate Actor`);
    this.step = step;
    this.scope = {
      self: this, id, sessionId: id, emit, logger: () => {}, defer: (fn: () => void) => fn(),
      system: undefined, stopChild: () => {}, actionExecutor: () => {},
    } as never;
    this.snapshot = logic.getInitialSnapshot(this.scope as never, input) as SnapshotFrom<TLogic>;
  }

  getSnapshot(): SnapshotFrom<TLogic> {
    return this.snapshot;
  }

  /** Handles `event` now, then whatever was sent meanwhile; a throw drops what waited. */
  send(event: EventFromLogic<TLogic>): void {
    if (this.stopped) return;
    if (this.handling) {
      this.waiting.push(event);
      return;
    }
    this.handling = true;
    try {
      this.handle(event);
      // Checked before shift(): nearly always nothing waits, and the check costs less than the call.
      while (this.waiting.length !== 0 && !this.stopped) this.handle(this.waiting.shift() as EventFromLogic<TLogic>);
    } finally {
      this.handling = false;
      // Setting the length is a runtime call even on an empty array; nearly every send waits for nothing.
      if (this.waiting.length !== 0) this.waiting.length = 0;
    }
  }

  private handle(event: EventFromLogic<TLogic>): void {
    const context = (this.snapshot as { context: unknown }).context;
    const next = this.step(context, event, this.scope);
    if (next !== context) this.snapshot = { ...(this.snapshot as object), context: next } as SnapshotFrom<TLogic>;
  }

  stop(): void {
    this.stopped = true;
  }
}
