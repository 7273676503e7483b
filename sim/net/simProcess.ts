import type { AnyStateMachine, EventFromLogic, InputFrom } from 'xstate';
import type { TraceName } from '../kernel/kernel.js';
import { SimActor, type Effect } from '../kernel/simActor.js';
import type { Host } from './host.js';
import type { Network } from './network.js';
import type { Endpoint } from './portTable.js';
import type { Socket, SocketOwner } from './socket.js';
import { isTcpEffect, type TcpEffect } from './tcpEffect.js';
import type { TcpEvent } from './tcpEvent.js';

/**
 * A process on a simulated host: one xstate actor whose TCP effects are carried out on the
 * host's stack and whose other effects (metrics, logs) go to `onEffect`. The machine never
 * sees the kernel or a socket object, only events and connection ids, so the live layer can
 * host the same machine on real sockets.
 */
export class SimProcess<TMachine extends AnyStateMachine> implements SocketOwner {
  running = true;
  readonly sim: SimActor<TMachine>;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly handles: (type: string) => boolean;

  constructor(
    private readonly network: Network,
    readonly host: Host,
    name: string,
    machine: TMachine,
    input: InputFrom<TMachine>,
    private readonly onEffect: (effect: Effect) => void = () => {},
  ) {
    host.onCrash(() => this.stop());
    this.handles = eventFilter(machine);
    this.sim = new SimActor(network.kernel, name, machine, input, (effect) => this.carryOut(effect));
  }

  get traceName(): TraceName {
    return this.sim.traceName;
  }

  /** Delivers a TCP event, unless no state of the machine has a transition for it. */
  receive(event: TcpEvent): void {
    if (this.handles(event.type)) this.sim.send(event as EventFromLogic<TMachine>);
  }

  /**
   * Opens a connection on the process's behalf. For plain-code load generators, which
   * decide when to connect while the machine handles what happens on the connection.
   */
  connect(remote: Endpoint, tag: number, bindFirst = false): Socket | null {
    return this.network.tcp.connect(this.host, this, remote, tag, bindFirst);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.sim.stop();
  }

  private carryOut(effect: Effect): void {
    if (!this.running) return;
    if (isTcpEffect(effect)) this.carryOutTcp(effect);
    else this.onEffect(effect);
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
        for (const socket of [...this.host.sockets.values()]) {
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
    const key = `${hostName}:${port}`;
    let endpoint = this.endpoints.get(key);
    if (!endpoint) {
      endpoint = { ip: this.network.host(hostName).ip, port };
      this.endpoints.set(key, endpoint);
    }
    this.connect(endpoint, tag, bindFirst);
  }
}

/**
 * Which event types the machine has transitions for, anywhere (xstate's `root.events`,
 * wildcards included). An event no state handles changes nothing, so the host skips the
 * send: a server that ignores `tcp.accepted` then costs nothing per connection for it.
 */
function eventFilter(machine: AnyStateMachine): (type: string) => boolean {
  const descriptors = machine.root.events.map(String);
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
