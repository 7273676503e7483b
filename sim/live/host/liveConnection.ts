import type { Socket } from 'node:net';
import type { StreamDecoder } from './wireCodec.js';

/** One accepted socket of a live host, with its decoder and where it is in its life. */
export interface LiveConnection {
  readonly connId: number;
  readonly socket: Socket;
  readonly decoder: StreamDecoder;
  /** The machine was told the connection ended (peerClosed or aborted): it hears nothing more of it. */
  toldGone: boolean;
  /** Corked for the writes of the current dispatch; uncorked once the machine has answered. */
  corked: boolean;
}
