import type { Socket } from 'node:net';
import type { ReplyBuffer } from './replyBuffer.js';
import type { ConnectionSide, StreamDecoder } from './wireCodec.js';

/** One socket of a live host, accepted or connected out, with its decoder and where it is in its life. */
export interface LiveConnection {
  readonly connId: number;
  readonly side: ConnectionSide;
  readonly socket: Socket;
  readonly decoder: StreamDecoder;
  /** The machine was told the connection ended (peerClosed or aborted): it hears nothing more of it. */
  toldGone: boolean;
  /** Replies of the current dispatch, written as one buffer once the machine has answered. */
  readonly pending: ReplyBuffer;
  /**
   * Messages read but not yet given to the machine: the connection's share of a turn is
   * bounded, so what one read brought may take several turns.
   */
  inbox: unknown[];
  /** It is in the host's list of connections waiting for a turn. */
  queued: boolean;
  /**
   * Messages the connection may give the machine in its next turn: 1 at first, doubled
   * after each turn of small replies up to the host's maximum, cut in proportion after a turn
   * of large ones (an admin `status` listing thousands of functions), so a turn's work stays
   * near a bound whatever the messages ask for.
   */
  quota: number;
  /** Bytes of replies written to it in the current turn. */
  turnReplyBytes: number;
  /** Unsent replies are over the host's high-water mark: nothing more is read or answered until 'drain'. */
  blocked: boolean;
  /**
   * A small read left a message partial: reading waits a few ms so the kernel gathers more of
   * it, and a peer trickling a big packet costs a few hundred wake-ups, not thousands.
   */
  gathering: NodeJS.Timeout | null;
  /** The peer sent FIN; the machine hears it once the inbox is empty. */
  ended: boolean;
  /** The peer's bytes stopped making sense: after the inbox, these last words (or none), then close. */
  farewell: { readonly lastWords: Buffer | null } | null;
}
