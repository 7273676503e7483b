import { createActor, SimulatedClock, type Actor } from 'xstate';
import { trackerMachine, type TrackerEffect, type TrackerInput, type TrackerReply } from '../../../sim/models/mogilefs/tracker.js';
import type { TrackerRequest } from '../../../sim/models/mogilefs/trackerMessage.js';
import { seededRandom } from '../../helpers/seededRandom.js';

export { seededRandom };

/** Drives one `trackerMachine` actor as a host would, with an xstate SimulatedClock. */
export class TrackerHarness {
  readonly actor: Actor<typeof trackerMachine>;
  readonly clock = new SimulatedClock();
  readonly effects: TrackerEffect[] = [];
  private readonly replies = new Map<number, TrackerReply[]>();

  constructor(input: Partial<TrackerInput> & Pick<TrackerInput, 'devices'>) {
    this.actor = createActor(trackerMachine, { input: { random: seededRandom(1), ...input }, clock: this.clock });
    this.actor.on('*', (effect) => {
      this.effects.push(effect);
      if (effect.type === 'tcp.send') this.replies.set(effect.connId, [...(this.replies.get(effect.connId) ?? []), effect.message]);
    });
    this.actor.start();
  }

  /** Sends a request on `connId`; the reply comes after the query cost. */
  request(connId: number, request: Omit<TrackerRequest, 'kind'>): void {
    this.actor.send({ type: 'tcp.message', connId, message: { kind: 'trackerRequest', ...request } });
  }

  /** Sends a request, waits out the query cost and returns the one reply. */
  ask(request: Omit<TrackerRequest, 'kind'>, costMs = 1): TrackerReply {
    this.request(1, request);
    this.advance(costMs);
    const replies = this.replies.get(1) ?? [];
    this.replies.delete(1);
    if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
    return replies[0] as TrackerReply;
  }

  paths(key: string): readonly string[] {
    const reply = this.ask({ command: 'get_paths', args: { key } });
    if (!reply.ok || reply.command !== 'get_paths') throw new Error(`get_paths failed: ${JSON.stringify(reply)}`);
    return reply.paths;
  }

  /** create_open then create_close, as a client that PUT the file would; returns the fid. */
  store(key: string, sizeBytes: number): { fid: number; device: number } {
    const open = this.ask({ command: 'create_open', args: { key, sizeBytes } });
    if (!open.ok || open.command !== 'create_open') throw new Error(`create_open failed: ${JSON.stringify(open)}`);
    const close = this.ask({ command: 'create_close', args: { fid: open.fid, device: open.device, sizeBytes } });
    if (!close.ok) throw new Error(`create_close failed: ${JSON.stringify(close)}`);
    return { fid: open.fid, device: open.device };
  }

  of<T extends TrackerEffect['type']>(type: T): Extract<TrackerEffect, { type: T }>[] {
    return this.effects.filter((effect): effect is Extract<TrackerEffect, { type: T }> => effect.type === type);
  }

  advance(ms: number): void {
    this.clock.increment(ms);
  }
}
