import { createActor, type Actor } from 'xstate';
import { processStartEvent } from '../../../sim/contract/processStart.js';
import { Kernel, type KernelEvent } from '../../../sim/kernel/kernel.js';
import { msToUs } from '../../../sim/kernel/time.js';
import type { JobHubEffect, UnstampedGrabEvent } from '../../../sim/models/jobhub/hubEffect.js';
import type { JobHubInput } from '../../../sim/models/jobhub/jobHubSettings.js';
import { request, type HubReply, type HubRequest, type PacketType } from '../../../sim/models/jobhub/packet.js';
import { jobHubMachine } from '../../../sim/models/jobhub/server.js';

/** A reply as one line: `TYPE arg1 arg2 …` for packets, the lines joined by `|` for admin replies. */
export function show(reply: HubReply): string {
  if (reply.kind === 'adminReply') return [...reply.lines, ...(reply.terminated ? ['.'] : [])].join('|');
  return [reply.type, ...reply.args].join(' ');
}

/**
 * Drives one `jobHubMachine` actor the way a host would: connections are numbers, requests
 * go in as `tcp.message`, and what the hub emits is sorted per connection. Its timers run
 * on a simulator kernel, moved with `advance`, as SimProcess runs them.
 */
export class HubHarness {
  readonly actor: Actor<typeof jobHubMachine>;
  readonly kernel = new Kernel(1);
  readonly effects: JobHubEffect[] = [];
  private readonly timers = new Map<string, KernelEvent>();
  private readonly pending = new Map<number, HubReply[]>();
  private readonly closedConns = new Set<number>();
  private nextConnId = 1;

  constructor(input: JobHubInput = {}) {
    this.actor = createActor(jobHubMachine, { input });
    this.actor.on('*', (effect) => this.take(effect));
    this.actor.start();
    this.actor.send(processStartEvent);
  }

  /** Opens a connection from `ip`; returns its id. */
  connect(ip = '10.0.0.9'): number {
    const connId = this.nextConnId;
    this.nextConnId += 1;
    this.actor.send({ type: 'tcp.accepted', connId, localPort: 4730, remote: { ip, port: 40_000 + connId } });
    return connId;
  }

  send(connId: number, type: PacketType, ...args: string[]): void {
    this.deliver(connId, request(type, ...args));
  }

  deliver(connId: number, message: HubRequest): void {
    this.actor.send({ type: 'tcp.message', connId, message });
  }

  /** Sends an admin line (`status`, `workers` …) and returns its reply lines, "." included. */
  admin(connId: number, line: string): string[] {
    const [command = '', ...args] = line.split(' ');
    this.deliver(connId, { kind: 'admin', command, args });
    return this.replies(connId).flatMap((reply) => reply.split('|'));
  }

  /** The replies sent on the connection since the last call, as `show` lines. */
  replies(connId: number): string[] {
    return this.packets(connId).map(show);
  }

  /** The replies sent on the connection since the last call. */
  packets(connId: number): HubReply[] {
    const replies = this.pending.get(connId) ?? [];
    this.pending.delete(connId);
    return replies;
  }

  /** The peer goes away: FIN (`peerClosed`) or RST (`aborted`). */
  drop(connId: number, how: 'peerClosed' | 'aborted' = 'peerClosed'): void {
    if (how === 'peerClosed') this.actor.send({ type: 'tcp.peerClosed', connId });
    else this.actor.send({ type: 'tcp.aborted', connId, errno: 'ECONNRESET' });
  }

  closedByHub(connId: number): boolean {
    return this.closedConns.has(connId);
  }

  history(): UnstampedGrabEvent[] {
    return this.effects.flatMap((effect) => (effect.type === 'jobhub.history' ? [effect.event] : []));
  }

  advance(ms: number): void {
    this.kernel.run({ durationUs: this.kernel.nowUs + msToUs(ms) });
  }

  /** A worker connection that registered `functions` (CAN_DO each) and, if given, a client id. */
  worker(functions: string[], clientId?: string): number {
    const connId = this.connect();
    if (clientId) this.send(connId, 'SET_CLIENT_ID', clientId);
    for (const name of functions) this.send(connId, 'CAN_DO', name);
    return connId;
  }

  /** Submits and returns the handle from JOB_CREATED (throws if the reply is anything else). */
  submit(connId: number, type: PacketType, functionName: string, unique: string, data: string): string {
    this.send(connId, type, functionName, unique, data);
    const replies = this.packets(connId);
    const created = replies.at(-1);
    if (!created || created.kind !== 'RES' || created.type !== 'JOB_CREATED') {
      throw new Error(`expected JOB_CREATED, got ${replies.map(show).join(', ')}`);
    }
    return created.args[0] as string;
  }

  private take(effect: JobHubEffect): void {
    this.effects.push(effect);
    if (effect.type === 'timer.start' || effect.type === 'timer.cancel') return this.runTimer(effect);
    if (effect.type === 'tcp.send') {
      const replies = this.pending.get(effect.connId) ?? [];
      replies.push(effect.message as HubReply);
      this.pending.set(effect.connId, replies);
    } else if (effect.type === 'tcp.close') {
      this.closedConns.add(effect.connId);
    }
  }

  /** Carries out a timer effect on the kernel, as SimProcess does. */
  private runTimer(effect: Extract<JobHubEffect, { type: 'timer.start' | 'timer.cancel' }>): void {
    const pending = this.timers.get(effect.timerId);
    if (pending) this.kernel.cancel(pending);
    this.timers.delete(effect.timerId);
    if (effect.type === 'timer.cancel') return;
    const { timerId, event } = effect;
    const name = this.kernel.name(event.type);
    this.timers.set(timerId, this.kernel.after(msToUs(effect.delayMs), name, name, 0, () => {
      this.timers.delete(timerId);
      this.actor.send(event);
    }));
  }
}
