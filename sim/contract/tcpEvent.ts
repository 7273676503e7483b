/**
 * What the network tells a process about its connections. These are the xstate events a
 * model's machine receives; the live layer (real sockets) produces the same shapes, so a
 * machine never knows which host it runs on (DESIGN.md principle 2).
 */

/** Errors of `connect()` and of an open connection, as Linux names them. */
export type TcpErrno = 'EADDRNOTAVAIL' | 'EADDRINUSE' | 'ECONNREFUSED' | 'ETIMEDOUT' | 'EHOSTUNREACH' | 'ECONNRESET';

/** One end of a connection. */
export interface TcpAddress {
  /** Dotted IPv4 address. */
  readonly ip: string;
  readonly port: number;
}

/** What a host tells a process about its connections, one event per happening. */
export type TcpEvent =
  /** A connection arrived on one of the process's listeners. */
  | { readonly type: 'tcp.accepted'; readonly connId: number; readonly localPort: number; readonly remote: TcpAddress }
  /** A `tcp.connect` the process asked for is open. `tag` is the one it gave. */
  | { readonly type: 'tcp.connected'; readonly connId: number; readonly tag: number; readonly localPort: number }
  /** A `tcp.connect` failed: at once (EADDRNOTAVAIL) or after the handshake (ECONNREFUSED, ETIMEDOUT). */
  | { readonly type: 'tcp.connectFailed'; readonly tag: number; readonly errno: TcpErrno }
  | { readonly type: 'tcp.message'; readonly connId: number; readonly message: unknown }
  /** The peer sent FIN: no more messages will come (read returned 0). */
  | { readonly type: 'tcp.peerClosed'; readonly connId: number }
  /** The connection is gone: RST from the peer, or retransmissions gave up. */
  | { readonly type: 'tcp.aborted'; readonly connId: number; readonly errno: TcpErrno };

/** One message of a {@link TcpMessagesEvent}: which connection it came on, and the message. */
export interface TcpMessageEntry {
  readonly connId: number;
  readonly message: unknown;
}

/**
 * Messages that arrived together, in arrival order, possibly on several connections: what
 * the live host (sim/live) delivers for one turn of Node's event loop, so that a machine pays
 * its per-event cost once per batch rather than once per packet. It means exactly the
 * `tcp.message` events of its entries, one after another. The simulator does not send it.
 */
export interface TcpMessagesEvent {
  readonly type: 'tcp.messages';
  readonly entries: readonly TcpMessageEntry[];
}
