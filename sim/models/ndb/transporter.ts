import type { Outbox } from '../../contract/outbox.js';
import type { NdbMessage } from './ndbMessage.js';
import { ndbPorts } from './ndbSettings.js';
import { transporterLifecycle, type TransporterState } from './transporterLifecycle.js';

/** Messages waiting for a connection to open, per peer; older ones are dropped beyond this. */
const queuedPerPeerMax = 1_024;

export interface Outbound {
  /** Its lifecycle (transporterLifecycle.ts); an outbound that ends is dropped from the table. */
  state: TransporterState;
  /** The connection, once `connected`. */
  connId: number | null;
  readonly tag: number;
  readonly queue: NdbMessage[];
}

/** The part of the process's outbox the transporter uses. */
export type TransporterOutbox = Pick<Outbox<never>, 'connect' | 'send' | 'close'>;

/** The port a process of this name listens on: ndbd… data nodes, mgm, api…. */
export function portOfProcess(name: string): number {
  if (name.startsWith('ndbd')) return ndbPorts.dataNode;
  if (name.startsWith('api')) return ndbPorts.api;
  return ndbPorts.management;
}

/**
 * NDB's transporter layer as plain data: each process sends on its own outgoing TCP
 * connection per peer and receives on the connections its peers opened. A message for a
 * peer without an open connection waits (up to a limit) while one is opened; a connection
 * that fails or breaks drops what was queued on it, as a transporter disconnect does, and
 * the next message opens a new one. Process names are host names (one process per host).
 */
export class Transporter {
  dropped = 0;
  private readonly outbound = new Map<string, Outbound>();
  private readonly peerOfTag = new Map<number, string>();
  private readonly peerOfConn = new Map<number, string>();

  constructor(private readonly out: TransporterOutbox) {}

  /**
   * Opens the connection to `peer` now unless there is one. A cluster connects all its
   * transporters while it starts, before any fault; a connection opened only when the first
   * message goes out could meet a cut that a running cluster would not have had to cross.
   */
  open(peer: string): Outbound {
    let out = this.outbound.get(peer);
    if (!out) {
      out = { state: transporterLifecycle.start(), connId: null, tag: this.out.connect(peer, portOfProcess(peer)), queue: [] };
      this.peerOfTag.set(out.tag, peer);
      this.outbound.set(peer, out);
    }
    return out;
  }

  send(peer: string, message: NdbMessage): void {
    const out = this.open(peer);
    if (out.state === 'connected') {
      this.out.send(out.connId!, message);
      return;
    }
    if (out.queue.length >= queuedPerPeerMax) {
      out.queue.shift();
      this.dropped++;
    }
    out.queue.push(message);
  }

  connected(tag: number, connId: number): void {
    const peer = this.peerOfTag.get(tag);
    this.peerOfTag.delete(tag);
    const out = peer === undefined ? undefined : this.outbound.get(peer);
    if (!out || out.tag !== tag) {
      this.out.close(connId);
      return;
    }
    out.state = transporterLifecycle.next(out.state, 'CONNECTED');
    out.connId = connId;
    this.peerOfConn.set(connId, peer as string);
    for (const message of out.queue) this.out.send(connId, message);
    out.queue.length = 0;
  }

  connectFailed(tag: number): void {
    const peer = this.peerOfTag.get(tag);
    this.peerOfTag.delete(tag);
    const out = peer === undefined ? undefined : this.outbound.get(peer);
    if (!out || out.tag !== tag) return;
    out.state = transporterLifecycle.next(out.state, 'CONNECT_FAILED');
    this.dropped += out.queue.length;
    this.outbound.delete(peer as string);
  }

  /**
   * A connection broke (RST, retransmissions gave up) or the peer closed it. Returns the
   * peer when it was this process's own connection to it: what was sent on it may be lost.
   */
  lost(connId: number): string | null {
    const peer = this.peerOfConn.get(connId);
    if (peer === undefined) return null;
    this.peerOfConn.delete(connId);
    const out = this.outbound.get(peer);
    if (out && out.connId === connId) {
      out.state = transporterLifecycle.next(out.state, 'LOST');
      this.outbound.delete(peer);
    }
    return peer;
  }

  /**
   * Forgets a peer declared dead: its connection is closed behind anything already sent on
   * it, so a new incarnation of the peer gets a new connection.
   */
  forget(peer: string): void {
    const out = this.outbound.get(peer);
    if (!out) return;
    const wasConnected = out.state === 'connected';
    out.state = transporterLifecycle.next(out.state, 'FORGET');
    this.outbound.delete(peer);
    this.dropped += out.queue.length;
    if (wasConnected) {
      this.peerOfConn.delete(out.connId!);
      this.out.close(out.connId!);
    }
  }
}
