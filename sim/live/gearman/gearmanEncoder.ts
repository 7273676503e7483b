import type { AdminReply, GearmanPacket, HubReply } from '../../models/jobhub/packet.js';
import { headerBytes } from './gearmanDecoder.js';
import { wireTypeNumber } from './wireTypes.js';

/**
 * Encodes one binary packet (DOMAIN.md §1): magic, type, length, arguments joined by NUL.
 * Arguments are Latin-1 strings, one char per byte (see GearmanDecoder).
 */
export function encodePacket(packet: GearmanPacket): Buffer {
  let argBytes = packet.args.length > 0 ? packet.args.length - 1 : 0;
  for (const value of packet.args) argBytes += value.length;
  const bytes = Buffer.allocUnsafe(headerBytes + argBytes);
  bytes.write(packet.kind === 'REQ' ? '\0REQ' : '\0RES', 0, 'latin1');
  bytes.writeUInt32BE(wireTypeNumber(packet.type), 4);
  bytes.writeUInt32BE(argBytes, 8);
  let offset = headerBytes;
  packet.args.forEach((value, index) => {
    if (index > 0) bytes[offset++] = 0;
    offset += bytes.write(value, offset, 'latin1');
  });
  return bytes;
}

/**
 * An admin reply as gearmand writes it (libgearman-server/text.cc): each line ends in `\n`,
 * except its `ERR …` lines, which end in `\r\n` (the TEXT_ERROR_* formats); a multi-line
 * reply ends with a line ".".
 */
export function encodeAdminReply(reply: AdminReply): Buffer {
  let text = '';
  for (const line of reply.lines) text += line.startsWith('ERR ') ? `${line}\r\n` : `${line}\n`;
  if (reply.terminated) text += '.\n';
  return Buffer.from(text, 'latin1');
}

export function encodeReply(reply: HubReply): Buffer {
  return reply.kind === 'adminReply' ? encodeAdminReply(reply) : encodePacket(reply);
}

/** An admin command line as a client sends it. */
export function encodeAdminLine(line: string): Buffer {
  return Buffer.from(`${line}\n`, 'latin1');
}
