import type { HttpMessage } from '../http/httpMessage.js';
import type { PerlbalEffect } from './perlbalEffect.js';

/**
 * Collects what one event makes the proxy do, in order, for the machine to emit; and hands
 * out connect tags, which are unique for the life of the actor.
 */
export class Outbox {
  private effects: PerlbalEffect[] = [];
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

  /** Asks for a connection; returns the tag it will come back with. */
  connect(host: string, port: number): number {
    this.tagsIssued += 1;
    const tag = this.tagsIssued;
    this.effects.push({ type: 'tcp.connect', host, port, tag });
    return tag;
  }

  /** The effects produced since the last drain, in order. */
  drain(): PerlbalEffect[] {
    const effects = this.effects;
    this.effects = [];
    return effects;
  }
}
