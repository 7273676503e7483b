import type { AdminRequest, GearmanPacket, HubRequest } from '../../models/jobhub/packet.js';
import type { DecodeError } from './decodeError.js';
import { gearmanLimitDefaults, type GearmanLimits } from './gearmanLimits.js';
import { unboundedBudget, type HeldBytesBudget } from './heldBytesBudget.js';
import { wireTypeByNumber } from './wireTypes.js';

/** Binary header: 4 bytes of magic, a u32 type and a u32 length, big-endian (DOMAIN.md §1). */
export const headerBytes = 12;
const newline = 0x0a;
const carriageReturn = 0x0d;
const nul = 0x00;

/** A line of text as a client reads it from a server (admin replies). */
export interface TextLine {
  readonly kind: 'line';
  readonly text: string;
}

/** What one `push` produced: whole messages in stream order, then the error that ended the stream, if any. */
export interface DecodeResult<TMessage> {
  readonly messages: TMessage[];
  readonly error: DecodeError | null;
}

/**
 * A streaming Gearman decoder for one connection: bytes go in as they arrive, in chunks of
 * any size, and whole messages come out. A message starting with a NUL byte is a binary
 * packet; any other first byte starts an admin text line ending in `\n` (DOMAIN.md §1; a
 * `\r` before it is dropped, as gearmand does). Arguments are Latin-1 strings, one char per
 * byte, so binary job data survives the round trip unchanged.
 *
 * Messages whole inside a chunk are read where they lie. The bytes of a message split across
 * chunks are kept as a list of pieces and joined once, when the last piece arrives, so a
 * packet in N pieces costs its size in copying, not N times its size (gearmand reads into a
 * buffer sized from the header, libgearman-server/io.cc). What one connection may hold is
 * bounded by the limits (a packet's length field, a line's length), and what all hold
 * together by a shared {@link HeldBytesBudget}.
 *
 * On the first malformed message the decoder stops for good: what came before it is
 * returned with the error, and later bytes are ignored. It never throws on input.
 */
export abstract class GearmanDecoder<TMessage> {
  /** Pieces of the message not yet whole, in arrival order; empty between messages. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Bytes that message needs in all: 12 while its header is short, 12 + its length after; 0 for a text line. */
  private neededBytes = 0;
  private failed = false;
  /** Where the message {@link step} returned ends. */
  private stepEnd = 0;
  /** Why the bytes at the offset {@link step} was given are not a message; the stream ends there. */
  private stepError: DecodeError | null = null;

  constructor(
    protected readonly limits: GearmanLimits = gearmanLimitDefaults,
    private readonly budget: HeldBytesBudget = unboundedBudget(),
  ) {}

  push(chunk: Buffer): DecodeResult<TMessage> {
    const messages: TMessage[] = [];
    if (this.failed) return { messages, error: null };
    const continued = this.partBytes > 0 ? this.continuePartial(chunk, messages) : chunk;
    const error = Buffer.isBuffer(continued) ? this.readWhole(continued, messages) : continued;
    if (error !== null) {
      this.failed = true;
      this.close();
    }
    return { messages, error };
  }

  /** Bytes received but not yet part of a whole message. */
  get pendingBytes(): number {
    return this.partBytes;
  }

  /** Gives the held bytes back to the budget: the connection is gone. */
  close(): void {
    this.budget.give(this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.neededBytes = 0;
  }

  /** Messages lying whole in `bytes`; the tail that is not whole starts the next partial message. */
  private readWhole(bytes: Buffer, messages: TMessage[]): DecodeError | null {
    let offset = 0;
    while (offset < bytes.length) {
      const message = this.step(bytes, offset);
      if (this.stepError !== null) return this.stepError;
      if (message === null) return this.startPartial(bytes.subarray(offset));
      messages.push(message);
      offset = this.stepEnd;
    }
    return null;
  }

  /**
   * The message at `offset`: null while it is incomplete, or with {@link stepError} set when
   * it is malformed; past it, {@link stepEnd}. Fields, not a result object per message.
   */
  private step(bytes: Buffer, offset: number): TMessage | null {
    return bytes[offset] === nul ? this.binary(bytes, offset) : this.text(bytes, offset);
  }

  /** Keeps a copy of `tail` (not the whole chunk it lies in) as the first piece of a message. */
  private startPartial(tail: Buffer): DecodeError | null {
    if (tail[0] !== nul) this.neededBytes = 0;
    else this.neededBytes = tail.length < headerBytes ? headerBytes : headerBytes + tail.readUInt32BE(8);
    return this.hold(Buffer.from(tail));
  }

  /** Adds `chunk` to the message being assembled; returns what is left after it, or an error. */
  private continuePartial(chunk: Buffer, messages: TMessage[]): Buffer | DecodeError {
    let rest = chunk;
    while (this.partBytes > 0 && rest.length > 0) {
      const wholeAt = this.neededBytes === 0 ? rest.indexOf(newline) + 1 : this.neededBytes - this.partBytes;
      if (wholeAt <= 0 || wholeAt > rest.length) {
        if (this.neededBytes === 0 && this.partBytes + rest.length > this.limits.textLineBytesMax) {
          return { reason: 'lineTooLong', detail: `${this.partBytes + rest.length} bytes, at most ${this.limits.textLineBytesMax}` };
        }
        const error = this.hold(rest);
        return error ?? Buffer.alloc(0);
      }
      const whole = Buffer.concat([...this.parts, rest.subarray(0, wholeAt)]);
      rest = rest.subarray(wholeAt);
      this.close();
      const message = this.step(whole, 0);
      if (this.stepError !== null) return this.stepError;
      if (message === null) {
        // The header is whole now, the body not yet: hold the header, wait for the body.
        const error = this.startPartial(whole);
        if (error) return error;
      } else {
        messages.push(message);
      }
    }
    return rest;
  }

  private hold(bytes: Buffer): DecodeError | null {
    if (!this.budget.take(bytes.length)) {
      return { reason: 'heldBytesOver', detail: `the server holds ${this.budget.held} bytes of partial packets, at most ${this.budget.heldBytesMax}` };
    }
    this.parts.push(bytes);
    this.partBytes += bytes.length;
    return null;
  }

  protected abstract fromLine(text: string): TMessage;
  protected abstract fromPacket(packet: GearmanPacket): TMessage;

  /** One binary packet at `offset`, null while it is incomplete (see {@link step}). */
  private binary(bytes: Buffer, offset: number): TMessage | null {
    if (bytes.length - offset < headerBytes) return null;
    const kind = magicAt(bytes, offset);
    if (kind === null) return this.fail('badMagic', JSON.stringify(bytes.toString('latin1', offset, offset + 4)));
    const typeNumber = bytes.readUInt32BE(offset + 4);
    const wireType = wireTypeByNumber[typeNumber];
    if (wireType === undefined) return this.fail('unknownType', `type ${typeNumber}`);
    const argBytes = bytes.readUInt32BE(offset + 8);
    if (argBytes > this.limits.packetArgBytesMax) return this.fail('tooLarge', `${argBytes} argument bytes, at most ${this.limits.packetArgBytesMax}`);
    const start = offset + headerBytes;
    const end = start + argBytes;
    if (bytes.length < end) return null;
    this.stepEnd = end;
    return this.fromPacket({ kind, type: wireType.type, args: splitArgs(bytes, start, end, wireType.argCount) });
  }

  /** One text line at `offset`, null while its newline has not arrived (see {@link step}). */
  private text(bytes: Buffer, offset: number): TMessage | null {
    const newlineAt = bytes.indexOf(newline, offset);
    const lineBytes = (newlineAt < 0 ? bytes.length : newlineAt) - offset;
    if (lineBytes > this.limits.textLineBytesMax) return this.fail('lineTooLong', `${lineBytes} bytes, at most ${this.limits.textLineBytesMax}`);
    if (newlineAt < 0) return null;
    const lineEnd = newlineAt > offset && bytes[newlineAt - 1] === carriageReturn ? newlineAt - 1 : newlineAt;
    this.stepEnd = newlineAt + 1;
    return this.fromLine(bytes.toString('latin1', offset, lineEnd));
  }

  private fail(reason: DecodeError['reason'], detail: string): null {
    this.stepError = { reason, detail };
    return null;
  }
}

/** `\0REQ` or `\0RES` at `offset` (its first byte already read as NUL), compared byte by byte; null for any other magic. */
function magicAt(bytes: Buffer, offset: number): GearmanPacket['kind'] | null {
  if (bytes[offset + 1] !== 0x52 || bytes[offset + 2] !== 0x45) return null;
  const last = bytes[offset + 3];
  return last === 0x51 ? 'REQ' : last === 0x53 ? 'RES' : null;
}

/**
 * Splits `[start, end)` into at most `count` arguments: all but the last end at a NUL, the
 * last runs to `end`. Fewer NULs give fewer arguments (the hub answers a packet short of
 * its required ones with ERROR; gearmand would wait for more bytes). No arguments for a
 * type that has none: gearmand ignores such a body too.
 */
function splitArgs(bytes: Buffer, start: number, end: number, count: number): string[] {
  if (count === 0) return [];
  const args: string[] = [];
  let from = start;
  while (args.length < count - 1) {
    const at = bytes.indexOf(nul, from);
    if (at < 0 || at >= end) break;
    args.push(bytes.toString('latin1', from, at));
    from = at + 1;
  }
  args.push(bytes.toString('latin1', from, end));
  return args;
}

/** A server's decoder: binary requests, and admin lines split on spaces (runs of spaces count as one, as in gearmand). */
export class RequestDecoder extends GearmanDecoder<HubRequest> {
  protected fromLine(text: string): AdminRequest {
    const [command = '', ...args] = text.split(/ +/);
    return { kind: 'admin', command, args };
  }

  protected fromPacket(packet: GearmanPacket): GearmanPacket {
    return packet;
  }
}

/** A client's decoder: binary responses, and admin replies one line at a time. */
export class ResponseDecoder extends GearmanDecoder<GearmanPacket | TextLine> {
  protected fromLine(text: string): TextLine {
    return { kind: 'line', text };
  }

  protected fromPacket(packet: GearmanPacket): GearmanPacket {
    return packet;
  }
}
