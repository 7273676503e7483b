import type { ProcessEffect } from './processEffect.js';

/**
 * Collects, in order, what one event makes a process do (TCP calls, timers, records), for
 * its logic to emit when the event is handled; and hands out connect tags, unique for the
 * life of the process. The one collector every model uses, so every host sees the same
 * effect vocabulary (processEffect.ts).
 */
export class Outbox<TRecord extends { readonly type: string } = never, TTimerEvent extends { readonly type: string } = { readonly type: string }> {
  /**
   * One list for the life of the process, its first `count` slots in use: a process emits
   * after nearly every event, and a fresh array per event (with its backing store) was a
   * tenth of what a sweep seed of worker-crash allocated (bench/allocations.ts).
   */
  private readonly effects: (ProcessEffect<TRecord, TTimerEvent> | undefined)[] = [];
  private count = 0;
  private tagsIssued = 0;

  emit(effect: ProcessEffect<TRecord, TTimerEvent>): void {
    this.effects[this.count++] = effect;
  }

  /** Asks for a connection; returns the tag it will come back with in `tcp.connected` / `tcp.connectFailed`. */
  connect(host: string, port: number, bindFirst = false): number {
    this.tagsIssued += 1;
    const tag = this.tagsIssued;
    this.emit(bindFirst ? { type: 'tcp.connect', host, port, tag, bindFirst } : { type: 'tcp.connect', host, port, tag });
    return tag;
  }

  send(connId: number, message: unknown): void {
    this.emit({ type: 'tcp.send', connId, message });
  }

  close(connId: number): void {
    this.emit({ type: 'tcp.close', connId });
  }

  /** Starts (or restarts) the timer `timerId`; `event` comes back after `delayMs`. */
  startTimer(timerId: string, delayMs: number, event: TTimerEvent): void {
    this.emit({ type: 'timer.start', timerId, delayMs, event });
  }

  cancelTimer(timerId: string): void {
    this.emit({ type: 'timer.cancel', timerId });
  }

  /**
   * Hands the effects produced since the last flush to `emit`, in order, and forgets them;
   * one emitted meanwhile (an effect that loops back) is handed over in the same flush. The
   * list is kept for the next event; a slot is cleared as it is handed over, so the outbox
   * keeps no effect alive. If `emit` throws, the rest are dropped, as a drain would.
   */
  flush(emit: (effect: ProcessEffect<TRecord, TTimerEvent>) => void): void {
    if (this.count === 0) return;
    const effects = this.effects;
    try {
      for (let index = 0; index < this.count; index++) {
        const effect = effects[index] as ProcessEffect<TRecord, TTimerEvent>;
        effects[index] = undefined;
        emit(effect);
      }
    } finally {
      this.count = 0;
    }
  }

  /** The effects produced since the last flush, in order, as a new list (for tests and hosts that keep them). */
  drain(): ProcessEffect<TRecord, TTimerEvent>[] {
    const drained: ProcessEffect<TRecord, TTimerEvent>[] = [];
    this.flush((effect) => drained.push(effect));
    return drained;
  }
}
