import type { AdminReply, GearmanPacket, HubReply } from '../../models/jobhub/packet.js';
import { wireTypeNumber } from './wireTypes.js';

/**
 * Encodes one binary packet (DOMAIN.md §1): magic, type, length, arguments joined by NUL.
 * Arguments are Latin-1 strings, one char per byte (see GearmanDecoder).
 */
export function encodePacket(packet: GearmanPacket): Buffer {
  return Buffer.from(packetText(packet), 'latin1');
}

/**
 * The packet's bytes as a Latin-1 string, one char per byte: what a live host writes with
 * `socket.write(text, 'latin1')`. A string costs no Buffer per packet and none to join a
 * turn's replies; Node copies it straight into the write (measured on loopback here: 5.4 µs
 * a write of three packets, against 7.4 µs through per-packet Buffers and `Buffer.concat`).
 */
export function packetText(packet: GearmanPacket): string {
  const { args } = packet;
  let argBytes = args.length > 0 ? args.length - 1 : 0;
  for (let index = 0; index < args.length; index++) argBytes += (args[index] as string).length;
  let text = (packet.kind === 'REQ' ? '\0REQ' : '\0RES') + typeChars(wireTypeNumber(packet.type)) + uint32Chars(argBytes);
  for (let index = 0; index < args.length; index++) text += index > 0 ? `\0${args[index] as string}` : (args[index] as string);
  return text;
}

/** The four big-endian type bytes, made once per type number. */
const typeCharsByNumber: string[] = [];

function typeChars(typeNumber: number): string {
  return (typeCharsByNumber[typeNumber] ??= uint32Chars(typeNumber));
}

/** `value` as four big-endian bytes, one char each. */
function uint32Chars(value: number): string {
  return String.fromCharCode(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/**
 * An admin reply as gearmand writes it (libgearman-server/text.cc): each line ends in `\n`,
 * except its `ERR …` lines, which end in `\r\n` (the TEXT_ERROR_* formats); a multi-line
 * reply ends with a line ".".
 */
export function encodeAdminReply(reply: AdminReply): Buffer {
  return Buffer.from(adminReplyText(reply), 'latin1');
}

/** {@link encodeAdminReply} as a Latin-1 string. */
export function adminReplyText(reply: AdminReply): string {
  let text = '';
  for (const line of reply.lines) text += line.startsWith('ERR ') ? `${line}\r\n` : `${line}\n`;
  if (reply.terminated) text += '.\n';
  return text;
}

export function encodeReply(reply: HubReply): Buffer {
  return Buffer.from(replyText(reply), 'latin1');
}

/** What a hub writes for `reply`, as a Latin-1 string. */
export function replyText(reply: HubReply): string {
  return reply.kind === 'adminReply' ? adminReplyText(reply) : packetText(reply);
}

/** An admin command line as a client sends it. */
export function encodeAdminLine(line: string): Buffer {
  return Buffer.from(`${line}\n`, 'latin1');
}
