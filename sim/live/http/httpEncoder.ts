import { STATUS_CODES } from 'node:http';
import type { HttpRequest, HttpResponse } from '../../models/http/httpMessage.js';

/**
 * Bytes of a request or response: the start line, the headers as the message has them
 * (lower-case names, valid HTTP), and the body. The framing is always Content-Length: a
 * body read chunked was joined by the decoder, so `transfer-encoding` is dropped and the
 * length set from the bytes sent. A message the models built with a size but no bytes
 * (a 503, a page of `pageBytes`) gets that many bytes of filler, so the size on the wire
 * is the size the model meant.
 */
export function encodeHttp(message: HttpRequest | HttpResponse): Buffer {
  const body = bodyOf(message);
  const startLine = message.kind === 'httpRequest'
    ? `${message.method} ${message.path} HTTP/${message.version}`
    : `HTTP/${message.version} ${message.status} ${STATUS_CODES[message.status] ?? 'Unknown'}`;
  let head = `${startLine}\r\n`;
  for (const [name, value] of Object.entries(message.headers)) {
    if (name === 'transfer-encoding' || name === 'content-length') continue;
    head += `${name}: ${value}\r\n`;
  }
  if (sendsLength(message, body.length)) head += `content-length: ${lengthOf(message, body.length)}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body.length === 0 ? headBytes : Buffer.concat([headBytes, body]);
}

/** The body's bytes; a HEAD response or a 204/304 sends none whatever it says. */
function bodyOf(message: HttpRequest | HttpResponse): Buffer {
  if (message.kind === 'httpResponse' && (message.status === 204 || message.status === 304 || message.status < 200)) return Buffer.alloc(0);
  if (message.body !== undefined) return Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
  return message.bodyBytes > 0 ? Buffer.alloc(message.bodyBytes, 0x20) : Buffer.alloc(0);
}

/** Requests carry a length only with a body; responses always, but 1xx/204/304 never. */
function sendsLength(message: HttpRequest | HttpResponse, bodyLength: number): boolean {
  if (message.kind === 'httpRequest') return bodyLength > 0 || message.headers['content-length'] !== undefined;
  return !(message.status < 200 || message.status === 204 || message.status === 304);
}

/**
 * The length to announce: the body's, except an answer to HEAD, which has no body but
 * announces the size a GET would have (its own `content-length`, else `bodyBytes`).
 */
function lengthOf(message: HttpRequest | HttpResponse, bodyLength: number): number {
  if (bodyLength > 0 || message.kind === 'httpRequest') return bodyLength;
  const declared = message.headers['content-length'];
  return declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : message.bodyBytes;
}
