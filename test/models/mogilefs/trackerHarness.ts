import { createActor, SimulatedClock, type Actor } from 'xstate';
import type { HttpRequest } from '../../../sim/models/http/httpMessage.js';
import { fidPath } from '../../../sim/models/mogilefs/device.js';
import type { SizeReply, SizeRequest } from '../../../sim/models/mogilefs/sideChannel.js';
import { answerHttp } from '../../../sim/models/mogilefs/storageNode.js';
import { trackerMachine, type TrackerEffect, type TrackerInput, type TrackerReply } from '../../../sim/models/mogilefs/tracker.js';
import type { TrackerRequest } from '../../../sim/models/mogilefs/trackerMessage.js';
import type { TcpEvent } from '../../../sim/contract/tcpEvent.js';
import { seededRandom } from '../../helpers/seededRandom.js';

export { seededRandom };

/** Storage connections get ids from here up, apart from the client ids tests pick. */
const storageConnIdFirst = 1_000;

/**
 * Drives one `trackerMachine` actor as a host would, with an xstate SimulatedClock, and
 * plays its storage nodes: each host's file table (seeded from the input's files) answers
 * the tracker's HTTP requests and side-channel size requests at once, with no delay; a host
 * in `downHosts` never answers a connect, like a crashed host whose SYNs go unanswered.
 */
export class TrackerHarness {
  readonly actor: Actor<typeof trackerMachine>;
  readonly clock = new SimulatedClock();
  readonly effects: TrackerEffect[] = [];
  /** Host → path → size: what each storage node holds. */
  readonly storage = new Map<string, Map<string, number>>();
  readonly downHosts = new Set<string>();
  /** Every connect the tracker asked for, in order. */
  readonly connects: { host: string; port: number }[] = [];
  private readonly replies = new Map<number, TrackerReply[]>();
  private readonly storageConns = new Map<number, string>();
  private connIdLast = storageConnIdFirst;

  constructor(input: Partial<TrackerInput> & Pick<TrackerInput, 'devices'>) {
    const hostOf = new Map(input.devices.map((device) => [device.id, device.host]));
    for (const file of input.files ?? []) {
      for (const device of file.devices) this.files(hostOf.get(device) as string).set(fidPath(device, file.fid), file.sizeBytes);
    }
    this.actor = createActor(trackerMachine, { input: { random: seededRandom(1), ...input }, clock: this.clock });
    this.actor.on('*', (effect) => this.onEffect(effect));
    this.actor.start();
  }

  files(host: string): Map<string, number> {
    let files = this.storage.get(host);
    if (!files) {
      files = new Map();
      this.storage.set(host, files);
    }
    return files;
  }

  /** Sends a request on `connId`; the reply comes after the query cost. */
  request(connId: number, request: Omit<TrackerRequest, 'kind'>): void {
    this.actor.send({ type: 'tcp.message', connId, message: { kind: 'trackerRequest', ...request } });
  }

  /** Replies received on `connId` so far, oldest first; taking them empties the list. */
  take(connId: number): TrackerReply[] {
    const replies = this.replies.get(connId) ?? [];
    this.replies.delete(connId);
    return replies;
  }

  /** Sends a request, waits out the query cost and returns the one reply. */
  ask(request: Omit<TrackerRequest, 'kind'>, costMs = 1): TrackerReply {
    this.request(1, request);
    this.advance(costMs);
    const replies = this.take(1);
    if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
    return replies[0] as TrackerReply;
  }

  /** get_paths without the size check (`noverify`), unless `verify`. */
  paths(key: string, verify = false): readonly string[] {
    const reply = this.ask({ command: 'get_paths', args: verify ? { key } : { key, noverify: true } });
    if (!reply.ok || reply.command !== 'get_paths') throw new Error(`get_paths failed: ${JSON.stringify(reply)}`);
    return reply.paths;
  }

  /** create_open then create_close, as a client that PUT the file would; returns the fid. */
  store(key: string, sizeBytes: number): { fid: number; device: number } {
    const open = this.ask({ command: 'create_open', args: { key, sizeBytes } });
    if (!open.ok || open.command !== 'create_open') throw new Error(`create_open failed: ${JSON.stringify(open)}`);
    this.files(this.hostOfDevice(open.device)).set(fidPath(open.device, open.fid), sizeBytes);
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

  /**
   * Lets work in flight finish: 1 ms steps, since a SimulatedClock fires a timer set during
   * an increment only on a later one and each copy waits out its transfer on a timer.
   */
  settle(steps = 100): void {
    for (let step = 0; step < steps; step += 1) this.advance(1);
  }

  hostOfDevice(device: number): string {
    return this.actor.getSnapshot().context.tracker.devices.get(device)?.host as string;
  }

  private onEffect(effect: TrackerEffect): void {
    this.effects.push(effect);
    if (effect.type === 'tcp.connect') {
      this.connects.push({ host: effect.host, port: effect.port });
      if (this.downHosts.has(effect.host)) return;
      this.connIdLast += 1;
      this.storageConns.set(this.connIdLast, effect.host);
      this.deliver({ type: 'tcp.connected', connId: this.connIdLast, tag: effect.tag, localPort: 40_000 });
      return;
    }
    if (effect.type === 'tcp.close') {
      this.storageConns.delete(effect.connId);
      return;
    }
    if (effect.type !== 'tcp.send') return;
    const host = this.storageConns.get(effect.connId);
    if (host === undefined) {
      this.replies.set(effect.connId, [...(this.replies.get(effect.connId) ?? []), effect.message as TrackerReply]);
      return;
    }
    if (this.downHosts.has(host)) return;
    const message = effect.message as SizeRequest | HttpRequest;
    if (message.kind === 'sizeRequest') {
      const reply: SizeReply = { kind: 'sizeReply', path: message.path, sizeBytes: this.files(host).get(message.path) ?? -1 };
      this.deliver({ type: 'tcp.message', connId: effect.connId, message: reply });
    } else {
      // mogstored answers an HTTP/1.0 request and closes (storageNode.ts).
      this.deliver({ type: 'tcp.message', connId: effect.connId, message: answerHttp(this.files(host), message) });
      this.deliver({ type: 'tcp.peerClosed', connId: effect.connId });
    }
  }

  private deliver(event: TcpEvent): void {
    this.actor.send(event);
  }
}
