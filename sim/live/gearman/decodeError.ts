/**
 * Why a byte stream stopped being Gearman. What a server does about each is in
 * `sim/live/jobhub/liveJobHub.ts`; gearmand 1.1.20 closes the connection for the first two
 * (`gearman_packet_unpack_header` in libgearman/packet.cc fails and the connection is
 * dropped), and has no limit for the last three.
 */
export type DecodeErrorReason =
  /** A binary header whose magic is neither `\0REQ` nor `\0RES`. */
  | 'badMagic'
  /** A type number DOMAIN.md §1 does not list (0, 5, gearmand's extensions from 35 on, or anything larger). */
  | 'unknownType'
  /** A packet whose length field exceeds `packetArgBytesMax`: refused before its body is buffered. */
  | 'tooLarge'
  /** An admin text line longer than `textLineBytesMax` with no newline yet. */
  | 'lineTooLong'
  /** The process already holds its bound of bytes for partial packets (a `HeldBytesBudget`). */
  | 'heldBytesOver';

export interface DecodeError {
  readonly reason: DecodeErrorReason;
  /** What was seen, for a log line: the magic bytes, the type number, the length. */
  readonly detail: string;
}
