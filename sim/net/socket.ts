import type { KernelEvent, TraceName } from '../kernel/kernel.js';
import type { Host } from './host.js';
import type { Path } from './network.js';
import type { Endpoint } from './portTable.js';
import type { TcpEvent } from '../contract/tcpEvent.js';

/** Who reads a socket: a process, told of its connections through TCP events. */
export interface SocketOwner {
  readonly traceName: TraceName;
  /** False once the process stopped (its host crashed): events to it are dropped. */
  readonly running: boolean;
  receive(event: TcpEvent): void;
}

/**
 * A connection's TCP states, at the level of the connection rather than the packet: the
 * handshake is one SYN round trip, a close is a FIN each way (DESIGN.md "Network contracts").
 */
export type SocketState =
  | 'synSent' // connect() issued, waiting for SYN-ACK
  | 'established'
  | 'finWait' // we sent FIN first (FIN_WAIT_1/2)
  | 'closeWait' // the peer sent FIN first; the application has not closed yet
  | 'lastAck' // we closed after the peer; waiting for our FIN to be acknowledged
  | 'closed';

/** A message on its way: the very `tcp.message` event its receiver will be told, made once, at write(). */
export type DataSegment = Extract<TcpEvent, { type: 'tcp.message' }>;

/**
 * What travels between two sockets: data, or the FIN. (An RST is not a segment here: it
 * ends the connection, so it travels as a kernel event of its own, never queued.)
 */
export type Segment = DataSegment | { readonly type: 'fin' };

/**
 * What one arrival event carries (its `second`): a segment, or the segments from one
 * socket that reach the peer at the same instant (a FIN riding behind the last data,
 * several writes in one step), delivered in order by that one event, as the receiving
 * kernel takes them from one packet (DESIGN.md "Network contracts"). The event's `first`
 * is the sending socket; the receiver is always its peer.
 */
export type ArrivalPayload = Segment | Segment[];

/** One end of a connection. Plain data: there can be tens of thousands at once. */
export class Socket {
  state: SocketState = 'synSent';
  peer: Socket | null = null;
  /** The application called close() (not just shutdown): data arriving now draws an RST. */
  closedByApp = false;
  /** Arrival time of the last segment sent: later segments never overtake it. */
  lastArrivalUs = 0;
  /** When the last segment was sent: a FIN sent at the same instant rides with it. */
  lastSentUs = -1;
  /** The last arrival event scheduled toward the peer and not yet delivered: a segment due at the same instant joins it. */
  arriving: KernelEvent | null = null;
  /**
   * The peer host's incarnation when `arriving` was sent: a segment joins it only if the peer's
   * host did not crash since. The outcome is the same either way (a crash closed the peer, so
   * both draw its RST); joining would make one kernel event of two, so this keeps the event
   * count, and the trace hash, what it was before segments rode in the arrival event.
   */
  arrivingIncarnation = 0;
  /** Segments waiting for a retransmission because the path is down; null when none. */
  retransmitQueue: Segment[] | null = null;
  retransmitTimer: KernelEvent | null = null;
  retransmitCount = 0;
  /** FIN_WAIT_2 orphan timer (tcp_fin_timeout) or SYN retransmission timer. */
  timer: KernelEvent | null = null;
  /** When the last SYN was sent: SYN retransmissions count from it. */
  synSentUs = 0;
  /** Retransmissions of the SYN in flight (0 for the first). */
  synAttempt = 0;
  /** Port came from bind(0) before connect(). */
  boundFirst = false;
  /** The path toward the peer, looked up once. */
  pathOut: Path | null = null;
  /** The port table's handle of this socket's 4-tuple. */
  tupleHandle = -1;
  /** This connection's slice in the trace (kernel/sliceLog.ts), -1 when not traced. */
  sliceIndex = -1;
  /** The flow joining the connecting side's slice to the accepting side's (0: none). */
  flowId = 0;

  constructor(
    readonly connId: number,
    readonly host: Host,
    readonly owner: SocketOwner,
    readonly localPort: number,
    readonly remote: Endpoint,
    /** The end that called connect(). */
    readonly active: boolean,
    readonly tag: number,
    readonly openedUs: number,
  ) {}
}
