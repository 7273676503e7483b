import type { Socket } from 'node:net';
import type { StreamDecoder } from './wireCodec.js';

/** One accepted socket of a live host, with its decoder and where it is in its life. */
export interface LiveConnection {
  readonly connId: number;
  readonly socket: Socket;
  readonly decoder: StreamDecoder;
  /** The machine was told the connection ended (peerClosed or aborted): it hears nothing more of it. */
  toldGone: boolean;
  /** Replies of the current dispatch, written as one buffer once the machine has answered. */
  pending: Buffer[];
}
