import type { DecodeError } from '../gearman/decodeError.js';
import type { DecodeResult } from '../gearman/gearmanDecoder.js';

/** A connection's decoder: bytes in, whole messages out, the first error ends it. */
export interface StreamDecoder {
  push(chunk: Buffer): DecodeResult<unknown>;
  /** Bytes held of a message not yet whole. */
  readonly pendingBytes: number;
  /** The connection is gone: give back what is held for a partial message. */
  close?(): void;
}

/** How a live host turns bytes into a machine's messages and its messages into bytes. */
export interface WireCodec {
  createDecoder(): StreamDecoder;
  encode(message: unknown): Buffer;
  /**
   * The last words to a peer whose bytes stopped making sense, written before the host
   * closes the connection; null to just close it.
   */
  farewell(error: DecodeError): Buffer | null;
}
