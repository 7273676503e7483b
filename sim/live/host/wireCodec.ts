/** Why a connection's bytes stopped making sense: a reason a codec names, and what was seen, for a log line. */
export interface WireDecodeError {
  readonly reason: string;
  readonly detail: string;
}

/** What one push gave: whole messages, and the error that ended the stream, if one did. */
export interface WireDecodeResult {
  /** A new list for each call: the host keeps it as the connection's inbox and empties it. */
  readonly messages: unknown[];
  readonly error: WireDecodeError | null;
}

/** A connection's decoder: bytes in, whole messages out, the first error ends it. */
export interface StreamDecoder {
  push(chunk: Buffer): WireDecodeResult;
  /** Bytes held of a message not yet whole. */
  readonly pendingBytes: number;
  /** The connection is gone: give back what is held for a partial message. */
  close?(): void;
  /**
   * The peer sent FIN: a message that ends with the connection (an HTTP response with
   * neither Content-Length nor chunking) is whole now.
   */
  end?(): WireDecodeResult;
  /**
   * The host wrote `message` on this connection. A decoder that reads one message per
   * exchange (an HTTP server reads the next request once the response is out) may release
   * what it held; an HTTP client decoder learns the request's method (HEAD has no body).
   */
  sent?(message: unknown): WireDecodeResult | null;
}

/** Which end of a connection the host is: it accepted it, or it connected out. */
export type ConnectionSide = 'accepted' | 'connected';

/** How a live host turns bytes into a machine's messages and its messages into bytes. */
export interface WireCodec {
  /** A decoder for a new connection; `side` says whether the host accepted it or connected out. */
  createDecoder(side: ConnectionSide): StreamDecoder;
  /**
   * The message's bytes: a Buffer, or a string of one char per byte (written as Latin-1),
   * which a host joins and writes without a Buffer per message.
   */
  encode(message: unknown): Buffer | string;
  /**
   * The last words to a peer whose bytes stopped making sense, written before the host
   * closes the connection; null to just close it. `side` says which end the host is.
   */
  farewell(error: WireDecodeError, side: ConnectionSide): Buffer | null;
}
