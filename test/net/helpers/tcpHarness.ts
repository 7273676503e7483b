import { Kernel } from '../../../sim/kernel/kernel.js';
import { TraceLog } from '../../../sim/kernel/traceLog.js';
import type { Host } from '../../../sim/net/host.js';
import type { Link } from '../../../sim/net/link.js';
import { Network } from '../../../sim/net/network.js';
import type { Socket, SocketOwner } from '../../../sim/net/socket.js';
import type { TcpEvent } from '../../../sim/contract/tcpEvent.js';

/** A process stand-in: records every TCP event with the virtual time it arrived. */
export class FakeOwner implements SocketOwner {
  running = true;
  readonly traceName;
  readonly events: [number, TcpEvent][] = [];
  /** Called after recording, to script replies (echo, close in reply …). */
  onEvent: (event: TcpEvent) => void = () => {};

  constructor(private readonly kernel: Kernel, name: string, host?: Host) {
    this.traceName = kernel.name(name);
    host?.onCrash(() => { this.running = false; });
  }

  receive(event: TcpEvent): void {
    this.events.push([this.kernel.nowUs, event]);
    this.onEvent(event);
  }

  of<T extends TcpEvent['type']>(type: T): [number, Extract<TcpEvent, { type: T }>][] {
    return this.events.filter((e): e is [number, Extract<TcpEvent, { type: T }>] => e[1].type === type);
  }

  /** Messages in arrival order. */
  messages(): unknown[] {
    return this.of('tcp.message').map(([, e]) => e.message);
  }

  /** Event types in order, with their times: compact for toEqual. */
  timeline(): [number, string][] {
    return this.events.map(([t, e]) => [t, 'errno' in e ? `${e.type} ${e.errno}` : e.type]);
  }
}

export const constantLink = (us: number, lossRate = 0): Link => ({ latency: { kind: 'constant', us }, lossRate });
export const jitteryLink = (lossRate = 0): Link => ({ latency: { kind: 'uniform', minUs: 50, maxUs: 5_000 }, lossRate });

export interface Bed {
  readonly kernel: Kernel;
  readonly network: Network;
  readonly client: Host;
  readonly server: Host;
  readonly clientApp: FakeOwner;
  readonly serverApp: FakeOwner;
  readonly trace: TraceLog;
  /** The server endpoint on `port` (80 by default). */
  at(port?: number): { ip: number; port: number };
  /** The socket object of the owner's connection `connId` on its host. */
  socket(host: Host, connId: number): Socket;
  run(untilUs: number): void;
}

/** A client and a server host on one link; the server listens on port 80 unless told not to. */
export function testBed(options: { seed?: number; link?: Link; listen?: boolean; backlog?: number } = {}): Bed {
  const trace = new TraceLog();
  const kernel = new Kernel(options.seed ?? 1, trace);
  const network = new Network(kernel, options.link ?? constantLink(100));
  const client = network.addHost('client', '10.0.0.1');
  const server = network.addHost('server', '10.0.0.2');
  const clientApp = new FakeOwner(kernel, 'clientApp', client);
  const serverApp = new FakeOwner(kernel, 'serverApp', server);
  if (options.listen ?? true) network.tcp.listen(server, serverApp, 80, options.backlog ?? 128);
  return {
    kernel, network, client, server, clientApp, serverApp, trace,
    at: (port = 80) => ({ ip: server.ip, port }),
    socket(host, connId) {
      const socket = host.sockets.get(connId);
      if (!socket) throw new Error(`no socket ${connId} on ${host.name}`);
      return socket;
    },
    run: (untilUs) => { kernel.run({ durationUs: untilUs }); },
  };
}

/** Times (µs) of trace records of `type`, optionally only for one key (connection id). */
export function traceTimes(trace: TraceLog, type: string, key?: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < trace.size; i++) {
    const r = trace.get(i)!;
    if (r.type === type && (key === undefined || r.key === key)) times.push(r.timeUs);
  }
  return times;
}
