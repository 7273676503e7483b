import type { AnyActorLogic, EmittedFrom, EventFromLogic, InputFrom } from 'xstate';
import { declaredEvents } from '../contract/declaredEvents.js';
import { processStartEvent } from '../contract/processStart.js';
import type { RecordOf } from '../contract/processEffect.js';
import { isTcpEffect, type TcpEffect } from '../contract/tcpEffect.js';
import type { TcpEvent } from '../contract/tcpEvent.js';
import { isTimerEffect, type TimerEffect } from '../contract/timerEffect.js';
import type { KernelEvent, TraceName } from '../kernel/kernel.js';
import { SimActor, traceKeyOf } from '../kernel/simActor.js';
import { msToUs } from '../kernel/time.js';
import type { Host } from './host.js';
import type { Network } from './network.js';
import type { Endpoint } from './portTable.js';
import type { Socket, SocketOwner } from './socket.js';

/**
 * A process on a simulated host: one xstate actor (a machine, or plain actor logic for a
 * process that only routes, contract/processLogic.ts) whose TCP and timer effects are
 * carried out on the host's stack and the kernel's queue, and whose records go to
 * `onRecord`, typed as the logic emits them. The logic never sees the kernel or a socket
 * object, only events and connection ids, so the live layer can host the same logic on real
 * sockets.
 */
export class SimProcess<TLogic extends AnyActorLogic> implements SocketOwner {
  running = true;
  readonly sim: SimActor<TLogic>;
  /** Where `tcp.connect` effects go, by host name, then port: no key string made per connect. */
  private readonly endpoints = new Map<string, Map<number, Endpoint>>();
  private readonly handles: (type: string) => boolean;
  private readonly timers = new Map<string, KernelEvent>();

  constructor(
    private readonly network: Network,
    readonly host: Host,
    name: string,
    logic: TLogic,
    input: InputFrom<TLogic>,
    private readonly onRecord: (record: RecordOf<EmittedFrom<TLogic>>) => void = () => {},
  ) {
    host.onCrash(() => this.stop());
    this.handles = eventFilter(logic);
    this.sim = new SimActor(network.kernel, name, logic, input, (effect) => this.carryOut(effect as EmittedFrom<TLogic>));
    if (this.handles(processStartEvent.type)) this.sim.send(processStartEvent as EventFromLogic<TLogic>);
  }

  get traceName(): TraceName {
    return this.sim.traceName;
  }

  /** Delivers a TCP event, unless no state of the machine has a transition for it. */
  receive(event: TcpEvent): void {
    if (this.handles(event.type)) this.sim.send(event as EventFromLogic<TLogic>);
  }

  /**
   * Opens a connection on the process's behalf. For plain-code load generators, which
   * decide when to connect while the machine handles what happens on the connection.
   */
  connect(remote: Endpoint, tag: number, bindFirst = false): Socket | null {
    return this.network.tcp.connect(this.host, this, remote, tag, bindFirst);
  }

  /**
   * The process exits (kill -9) while its host stays up: the OS closes what it held. Its
   * listeners close (connections never accepted are reset), connects in flight are
   * dropped, and open connections are closed, the peer getting a FIN.
   */
  exit(): void {
    if (!this.running) return;
    this.stop();
    const tcp = this.network.tcp;
    for (const listener of [...this.host.listeners.values()]) if (listener.owner === this) tcp.unlisten(this.host, listener.port);
    for (const socket of this.host.sockets.values()) if (socket.owner === this && socket.state !== 'closed') tcp.close(socket);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers.values()) this.network.kernel.cancel(timer);
    this.timers.clear();
    this.sim.stop();
  }

  private carryOut(effect: EmittedFrom<TLogic>): void {
    if (!this.running) return;
    const typed = effect as { readonly type: string };
    if (isTcpEffect(typed)) this.carryOutTcp(typed);
    else if (isTimerEffect(typed)) this.carryOutTimer(typed);
    else this.onRecord(effect as RecordOf<EmittedFrom<TLogic>>);
  }

  private carryOutTimer(effect: TimerEffect): void {
    const kernel = this.network.kernel;
    const pending = this.timers.get(effect.timerId);
    if (pending) kernel.cancel(pending);
    if (effect.type === 'timer.cancel') {
      if (pending) this.timers.delete(effect.timerId);
      return;
    }
    // A restarted timer takes its id's entry in place (set below): a delete and a new entry
    // each time made the Map rehash as often again.
    const { timerId, event } = effect;
    const timeUs = kernel.nowUs + msToUs(effect.delayMs);
    this.timers.set(timerId, kernel.call(timeUs, this.traceName, kernel.name(event.type), traceKeyOf(event as { connId?: unknown }), fireTimer, this as SimProcess<AnyActorLogic>, effect));
  }

  /** A timer came due (called by the kernel through `fireTimer`). */
  timerFired(effect: Extract<TimerEffect, { type: 'timer.start' }>): void {
    this.timers.delete(effect.timerId);
    if (this.running) this.sim.send(effect.event as EventFromLogic<TLogic>);
  }

  private carryOutTcp(effect: TcpEffect): void {
    const tcp = this.network.tcp;
    switch (effect.type) {
      case 'tcp.listen':
        if (!tcp.listen(this.host, this, effect.port, effect.backlog)) {
          throw new Error(`${this.traceName.text}: port ${effect.port} on ${this.host.name} is already listened on`);
        }
        return;
      case 'tcp.pauseAccept':
      case 'tcp.resumeAccept':
        tcp.setAcceptPaused(this.host, effect.port, effect.type === 'tcp.pauseAccept');
        return;
      case 'tcp.connect':
        this.connectTo(effect.host, effect.port, effect.tag, effect.bindFirst ?? false);
        return;
      case 'tcp.abandonConnects':
        for (const socket of this.host.sockets.values()) {
          if (socket.owner === this && socket.state === 'synSent') tcp.close(socket);
        }
        return;
      default:
        this.onSocket(effect);
    }
  }

  private onSocket(effect: Extract<TcpEffect, { connId: number }>): void {
    const socket = this.host.sockets.get(effect.connId);
    // A connection the peer already reset is gone: like write() after ECONNRESET, nothing to do.
    if (!socket || socket.owner !== this) return;
    const tcp = this.network.tcp;
    if (effect.type === 'tcp.send') tcp.send(socket, effect.message);
    else if (effect.type === 'tcp.close') tcp.close(socket);
    else if (effect.type === 'tcp.shutdown') tcp.shutdown(socket);
    else tcp.reset(socket);
  }

  private connectTo(hostName: string, port: number, tag: number, bindFirst: boolean): void {
    // A model naming a host the topology lacks is a scenario bug: network.host throws.
    let byPort = this.endpoints.get(hostName);
    if (!byPort) {
      byPort = new Map();
      this.endpoints.set(hostName, byPort);
    }
    let endpoint = byPort.get(port);
    if (!endpoint) {
      endpoint = { ip: this.network.host(hostName).ip, port };
      byPort.set(port, endpoint);
    }
    this.connect(endpoint, tag, bindFirst);
  }
}

/** The kernel's handler for process timers: one function for all of them, no closure per timer. */
function fireTimer(process: SimProcess<AnyActorLogic>, effect: Extract<TimerEffect, { type: 'timer.start' }>): void {
  process.timerFired(effect);
}

/**
 * Which event types the logic handles. For a machine, those it has transitions for,
 * anywhere (xstate's `root.events`, wildcards included): an event no state handles changes
 * nothing, so the host skips the send, and a server that ignores `tcp.accepted` costs
 * nothing per connection for it. Plain actor logic declares nothing, so it gets every event.
 */
function eventFilter(logic: AnyActorLogic): (type: string) => boolean {
  const descriptors = declaredEvents(logic);
  if (descriptors === null) return () => true;
  if (descriptors.includes('*')) return () => true;
  const exact = new Set(descriptors);
  const prefixes = descriptors.filter((descriptor) => descriptor.endsWith('.*')).map((descriptor) => descriptor.slice(0, -1));
  const known = new Map<string, boolean>();
  return (type) => {
    let handled = known.get(type);
    if (handled === undefined) {
      handled = exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
      known.set(type, handled);
    }
    return handled;
  };
}
