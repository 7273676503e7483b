import type { HttpMessage } from '../http/httpMessage.js';
import type { PerlbalEffect, PerlbalTimer, PerlbalTimerEffect } from './perlbalEffect.js';

/**
 * Collects what one event makes the proxy do, in order, for the machine to emit; and hands
 * out connect tags, which are unique for the life of the actor.
 */
export class Outbox {
  private effects: (PerlbalEffect | PerlbalTimerEffect)[] = [];
  private tagsIssued = 0;

  emit(effect: PerlbalEffect): void {
    this.effects.push(effect);
  }

  send(connId: number, message: HttpMessage): void {
    this.effects.push({ type: 'tcp.send', connId, message });
  }

  close(connId: number): void {
    this.effects.push({ type: 'tcp.close', connId });
  }

  /** Asks for a connection and arms its connect timeout; returns the tag it will come back with. */
  connect(host: string, port: number, connectTimeoutMs: number): number {
    this.tagsIssued += 1;
    const tag = this.tagsIssued;
    this.effects.push({ type: 'tcp.connect', host, port, tag });
    this.startTimer({ kind: 'connect', tag }, connectTimeoutMs);
    return tag;
  }

  startTimer(timer: PerlbalTimer, delayMs: number): void {
    this.effects.push({ type: 'perlbal.timerStart', timer, delayMs });
  }

  cancelTimer(timer: PerlbalTimer): void {
    this.effects.push({ type: 'perlbal.timerCancel', timer });
  }

  /** The effects produced since the last drain, in order. */
  drain(): (PerlbalEffect | PerlbalTimerEffect)[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }
}
