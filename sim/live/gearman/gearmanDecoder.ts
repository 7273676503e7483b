import type { AdminRequest, GearmanPacket, HubRequest } from '../../models/jobhub/packet.js';
import type { DecodeError } from './decodeError.js';
import { gearmanLimitDefaults, type GearmanLimits } from './gearmanLimits.js';
import { typeByNumber, wireArgCounts } from './wireTypes.js';

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
 * On the first malformed message the decoder stops for good: what came before it is
 * returned with the error, and later bytes are ignored. It never throws on input.
 */
export abstract class GearmanDecoder<TMessage> {
  private pending: Buffer | null = null;
  private failed = false;

  constructor(protected readonly limits: GearmanLimits = gearmanLimitDefaults) {}

  push(chunk: Buffer): DecodeResult<TMessage> {
    const messages: TMessage[] = [];
    if (this.failed) return { messages, error: null };
    const bytes = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    let error: DecodeError | null = null;
    while (offset < bytes.length) {
      const step = bytes[offset] === nul ? this.binary(bytes, offset) : this.text(bytes, offset);
      if (step === null) break;
      if ('reason' in step) {
        error = step;
        break;
      }
      messages.push(step.message);
      offset = step.next;
    }
    if (error !== null) {
      this.failed = true;
      this.pending = null;
    } else {
      this.pending = offset < bytes.length ? bytes.subarray(offset) : null;
    }
    return { messages, error };
  }

  /** Bytes received but not yet part of a whole message. */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  protected abstract fromLine(text: string): TMessage;
  protected abstract fromPacket(packet: GearmanPacket): TMessage;

  /** One binary packet at `offset`, null while it is incomplete. */
  private binary(bytes: Buffer, offset: number): { message: TMessage; next: number } | DecodeError | null {
    if (bytes.length - offset < headerBytes) return null;
    const magic = bytes.toString('latin1', offset + 1, offset + 4);
    if (magic !== 'REQ' && magic !== 'RES') return { reason: 'badMagic', detail: JSON.stringify(bytes.toString('latin1', offset, offset + 4)) };
    const typeNumber = bytes.readUInt32BE(offset + 4);
    const type = typeByNumber.get(typeNumber);
    if (type === undefined) return { reason: 'unknownType', detail: `type ${typeNumber}` };
    const argBytes = bytes.readUInt32BE(offset + 8);
    if (argBytes > this.limits.packetArgBytesMax) {
      return { reason: 'tooLarge', detail: `${argBytes} argument bytes, at most ${this.limits.packetArgBytesMax}` };
    }
    const start = offset + headerBytes;
    const end = start + argBytes;
    if (bytes.length < end) return null;
    const args = splitArgs(bytes, start, end, wireArgCounts[type]);
    return { message: this.fromPacket({ kind: magic, type, args }), next: end };
  }

  /** One text line at `offset`, null while its newline has not arrived. */
  private text(bytes: Buffer, offset: number): { message: TMessage; next: number } | DecodeError | null {
    const newlineAt = bytes.indexOf(newline, offset);
    const lineBytes = (newlineAt < 0 ? bytes.length : newlineAt) - offset;
    if (lineBytes > this.limits.textLineBytesMax) {
      return { reason: 'lineTooLong', detail: `${lineBytes} bytes, at most ${this.limits.textLineBytesMax}` };
    }
    if (newlineAt < 0) return null;
    const lineEnd = newlineAt > offset && bytes[newlineAt - 1] === carriageReturn ? newlineAt - 1 : newlineAt;
    return { message: this.fromLine(bytes.toString('latin1', offset, lineEnd)), next: newlineAt + 1 };
  }
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
