import { createActor, type Actor } from 'xstate';
import { processStartEvent } from '../../../sim/contract/processStart.js';
import { Kernel, type KernelEvent } from '../../../sim/kernel/kernel.js';
import { msToUs } from '../../../sim/kernel/time.js';
import type { HttpRequest } from '../../../sim/models/http/httpMessage.js';
import { fidPath } from '../../../sim/models/mogilefs/device.js';
import type { SizeReply, SizeRequest } from '../../../sim/models/mogilefs/sideChannel.js';
import { answerHttp } from '../../../sim/models/mogilefs/storageNode.js';
import { trackerMachine, type TrackerEffect, type TrackerInput, type TrackerReply } from '../../../sim/models/mogilefs/tracker.js';
import type { TrackerRequest } from '../../../sim/models/mogilefs/trackerMessage.js';
import type { TrackerState } from '../../../sim/models/mogilefs/trackerState.js';
import type { TcpEvent } from '../../../sim/contract/tcpEvent.js';
import { seededRandom } from '../../helpers/seededRandom.js';

export { seededRandom };

/** Storage connections get ids from here up, apart from the client ids tests pick. */
const storageConnIdFirst = 1_000;

/** What the tracker sends: replies to its clients, size questions and HTTP requests to storage nodes. */
export interface TrackerSend {
  readonly connId: number;
  readonly message: TrackerReply | SizeRequest | HttpRequest;
}

/**
 * Drives one `trackerMachine` actor as a host would, its timers on the kernel's clock
 * (each a kernel event at its exact instant, in order), and plays its storage nodes: each host's file table (seeded from the input's files) answers
 * the tracker's HTTP requests and side-channel size requests at once, with no delay; a host
 * in `downHosts` never answers a connect, like a crashed host whose SYNs go unanswered.
 */
export class TrackerHarness {
  readonly actor: Actor<typeof trackerMachine>;
  readonly kernel = new Kernel(1);
  readonly effects: TrackerEffect[] = [];
  /** Host → path → size: what each storage node holds. */
  readonly storage = new Map<string, Map<string, number>>();
  readonly downHosts = new Set<string>();
  /** Every connect the tracker asked for, in order. */
  readonly connects: { host: string; port: number }[] = [];
  private readonly replies = new Map<number, TrackerReply[]>();
  private readonly storageConns = new Map<number, string>();
  private connIdLast = storageConnIdFirst;
  private readonly timers = new Map<string, KernelEvent>();
  private readonly traceName = this.kernel.name('tracker');

  constructor(input: Partial<TrackerInput> & Pick<TrackerInput, 'devices'>) {
    const hostOf = new Map(input.devices.map((device) => [device.id, device.host]));
    for (const file of input.files ?? []) {
      for (const device of file.devices) this.files(hostOf.get(device) as string).set(fidPath(device, file.fid), file.sizeBytes);
    }
    this.actor = createActor(trackerMachine, { input: { random: seededRandom(1), ...input } });
    this.actor.on('*', (effect) => this.onEffect(effect));
    this.actor.start();
    this.actor.send(processStartEvent);
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

  /** The tracker's state, as plain data. */
  get state(): TrackerState {
    return this.actor.getSnapshot().context;
  }

  /** Every message the tracker sent, in order: the harness knows what a tracker sends. */
  sends(): TrackerSend[] {
    return this.of('tcp.send') as TrackerSend[];
  }

  of<T extends TrackerEffect['type']>(type: T): Extract<TrackerEffect, { type: T }>[] {
    return this.effects.filter((effect): effect is Extract<TrackerEffect, { type: T }> => effect.type === type);
  }

  /** Runs the kernel's events due within the next `ms`, in order, and leaves the clock there. */
  advance(ms: number): void {
    const untilUs = this.kernel.nowUs + msToUs(ms);
    while (this.kernel.step(untilUs));
    this.kernel.nowUs = untilUs;
  }

  /** Lets work in flight finish (each copy waits out its transfer on a timer): `ms` of time. */
  settle(ms = 100): void {
    this.advance(ms);
  }

  hostOfDevice(device: number): string {
    return this.state.devices.get(device)?.host as string;
  }

  private onEffect(effect: TrackerEffect): void {
    if (effect.type === 'timer.start' || effect.type === 'timer.cancel') return this.onTimer(effect);
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

  private onTimer(effect: Extract<TrackerEffect, { type: 'timer.start' | 'timer.cancel' }>): void {
    const pending = this.timers.get(effect.timerId);
    if (pending) this.kernel.cancel(pending);
    this.timers.delete(effect.timerId);
    if (effect.type === 'timer.cancel') return;
    const { timerId, event } = effect;
    const fire = (): void => {
      this.timers.delete(timerId);
      this.actor.send(event);
    };
    this.timers.set(timerId, this.kernel.after(msToUs(effect.delayMs), this.traceName, this.kernel.name(event.type), 0, fire));
  }

  private deliver(event: TcpEvent): void {
    this.actor.send(event);
  }
}
