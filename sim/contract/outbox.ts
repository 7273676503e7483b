import type { ProcessEffect } from './processEffect.js';

const noEffects: never[] = Object.freeze([]) as never[];

/**
 * Collects, in order, what one event makes a process do (TCP calls, timers, records), for
 * its logic to emit when the event is handled; and hands out connect tags, unique for the
 * life of the process. The one collector every model uses, so every host sees the same
 * effect vocabulary (processEffect.ts).
 */
export class Outbox<TRecord extends { readonly type: string } = never, TTimerEvent extends { readonly type: string } = { readonly type: string }> {
  private effects: ProcessEffect<TRecord, TTimerEvent>[] = [];
  private tagsIssued = 0;

  emit(effect: ProcessEffect<TRecord, TTimerEvent>): void {
    this.effects.push(effect);
  }

  /** Asks for a connection; returns the tag it will come back with in `tcp.connected` / `tcp.connectFailed`. */
  connect(host: string, port: number, bindFirst = false): number {
    this.tagsIssued += 1;
    const tag = this.tagsIssued;
    this.effects.push(bindFirst ? { type: 'tcp.connect', host, port, tag, bindFirst } : { type: 'tcp.connect', host, port, tag });
    return tag;
  }

  send(connId: number, message: unknown): void {
    this.effects.push({ type: 'tcp.send', connId, message });
  }

  close(connId: number): void {
    this.effects.push({ type: 'tcp.close', connId });
  }

  /** Starts (or restarts) the timer `timerId`; `event` comes back after `delayMs`. */
  startTimer(timerId: string, delayMs: number, event: TTimerEvent): void {
    this.effects.push({ type: 'timer.start', timerId, delayMs, event });
  }

  cancelTimer(timerId: string): void {
    this.effects.push({ type: 'timer.cancel', timerId });
  }

  /**
   * The effects produced since the last drain, in order. An event that produced none gets a
   * shared empty list (read-only by contract), so most events allocate nothing here.
   */
  drain(): ProcessEffect<TRecord, TTimerEvent>[] {
    const effects = this.effects;
    if (effects.length === 0) return noEffects;
    this.effects = [];
    return effects;
  }
}
