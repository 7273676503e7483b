import { ConnectionTable } from '../contract/connectionTable.js';
import type { Kernel, TraceName } from '../kernel/kernel.js';
import { PortTable } from './portTable.js';
import type { TcpSettings } from './tcpSettings.js';
import type { Socket, SocketOwner } from './socket.js';
import type { TcpErrno } from '../contract/tcpEvent.js';
import { formatIpv4 } from './ipv4.js';
import type { Path } from './network.js';

/** A listening socket: connections wait in its backlog until the owner accepts them. */
export interface Listener {
  readonly port: number;
  readonly owner: SocketOwner;
  readonly backlog: number;
  paused: boolean;
  /** Accepted by the kernel, not yet handed to the owner (only while paused). */
  readonly waiting: Socket[];
}

/** Counters of one host's TCP stack, read by scenarios as metrics. */
export interface TcpCounters {
  connectsAttempted: number;
  connectsOpened: number;
  readonly connectErrors: Record<TcpErrno, number>;
  synsDropped: number;
  resetsSent: number;
}

function zeroErrors(): Record<TcpErrno, number> {
  return { EADDRNOTAVAIL: 0, EADDRINUSE: 0, ECONNREFUSED: 0, ETIMEDOUT: 0, EHOSTUNREACH: 0, ECONNRESET: 0 };
}

/**
 * A simulated machine: a name, an IPv4 address, its TCP port table and sockets. A crash
 * makes every socket vanish without FIN or RST and stops its processes; a restart brings
 * the host back empty, and the scenario starts its processes again.
 */
export class Host {
  up = true;
  /** Bumped by every crash, so events meant for the old incarnation can tell. */
  incarnation = 0;
  readonly ports: PortTable;
  listeners = new Map<number, Listener>();
  /** Open sockets by connection id (a ConnectionTable: most live for one request). */
  sockets = new ConnectionTable<Socket>();
  readonly counters: TcpCounters;
  /**
   * Paths from this host, by the receiving host's index, made on first use (Network.path);
   * kept by a reset, like the network's paths.
   */
  readonly pathsOut: (Path | undefined)[] = [];
  readonly traceName: TraceName;
  private crashHandlers: (() => void)[] = [];
  private restartHandlers: (() => void)[] = [];

  constructor(
    private readonly kernel: Kernel,
    readonly name: string,
    readonly ip: number,
    readonly settings: TcpSettings,
    /** Position in its network, for path lookups. */
    readonly index: number,
  ) {
    this.traceName = kernel.name(name);
    this.ports = new PortTable(settings, kernel.stream(`host:${name}:ports`));
    this.counters = {
      connectsAttempted: 0, connectsOpened: 0, connectErrors: zeroErrors(),
      synsDropped: 0, resetsSent: 0,
    };
  }

  get address(): string {
    return formatIpv4(this.ip);
  }

  countError(errno: TcpErrno): void {
    this.counters.connectErrors[errno]++;
  }

  onCrash(handler: () => void): void {
    this.crashHandlers.push(handler);
  }

  /** Everything volatile is gone: sockets, TIME_WAIT, listeners; processes are told to stop. */
  crash(): void {
    if (!this.up) return;
    this.up = false;
    this.incarnation++;
    // A traced connection's slice ends at the crash; its TIME_WAIT entries vanish untraced.
    const slices = this.kernel.traceLog?.slices;
    for (const socket of this.sockets.values()) {
      slices?.close(socket.sliceIndex, this.kernel.nowUs);
      socket.state = 'closed';
      if (socket.timer) socket.timer.cancelled = true;
      if (socket.retransmitTimer) socket.retransmitTimer.cancelled = true;
    }
    this.sockets.clear();
    this.listeners.clear();
    this.ports.clear();
    for (const handler of this.crashHandlers) handler();
  }

  /**
   * Back to the host as built, for a network reused by another run (check/grab/hubNetworks.ts):
   * up, no sockets, listeners or processes (their crash and restart handlers go too), counters
   * at 0, the port table as made. The kernel is reset first, so the table's random stream
   * starts over.
   */
  reset(): void {
    this.up = true;
    this.incarnation = 0;
    // New containers, not the old ones emptied: a host kept for many runs is in the old
    // generation, and every table or backing store its containers outgrow during a run would
    // stay there holding that run's sockets and processes through young-generation collections.
    this.sockets = new ConnectionTable();
    this.listeners = new Map();
    this.crashHandlers = [];
    this.restartHandlers = [];
    Object.assign(this.counters, { connectsAttempted: 0, connectsOpened: 0, connectErrors: zeroErrors(), synsDropped: 0, resetsSent: 0 });
    this.ports.reset();
  }

  /** Called after each restart, once the host is up: a supervisor starts its processes again. */
  onRestart(handler: () => void): void {
    this.restartHandlers.push(handler);
  }

  restart(): void {
    if (this.up) return;
    this.up = true;
    for (const handler of this.restartHandlers) handler();
  }
}
