import type { HttpMethod, HttpRequest, HttpResponse } from '../../models/http/httpMessage.js';
import type { StreamDecoder, WireDecodeError, WireDecodeResult } from '../host/wireCodec.js';
import { isKnownMethod, isToken, parseHead, versionOf } from './httpHead.js';
import type { HttpLimits } from './httpLimits.js';

/** How the body after a head is delimited (RFC 7230 §3.3.3). */
type Framing =
  | { readonly kind: 'length'; remaining: number }
  | { readonly kind: 'chunked'; remaining: number; phase: 'size' | 'data' | 'dataEnd' | 'trailer' }
  | { readonly kind: 'untilClose' };

/** The head being given a body: everything of the message but its bytes. */
type PendingMessage = Omit<HttpRequest, 'bodyBytes' | 'body'> | Omit<HttpResponse, 'bodyBytes' | 'body'>;

const crlf = Buffer.from('\r\n');
const headEnd = Buffer.from('\r\n\r\n');

/**
 * A streaming HTTP/1.x decoder for one connection, heads and bodies (Content-Length,
 * chunked, or a response read until the server closes), giving whole messages with their
 * body bytes. `request` mode is a server's side: it reads one request, then waits for the
 * response to go out (`sent`); bytes arriving meanwhile are a pipelined request, refused as
 * Perlbal refuses it (ClientProxy.pm `event_read`: "Can't pipeline", 400 and close).
 * `response` mode is a client's side: each response answers the oldest request sent, and
 * a HEAD's response has no body.
 *
 * Hand-written rather than a library: Node's own llhttp binding is internal
 * (`process.binding('http_parser')` is deprecated and unstable across Node versions), and
 * `node:http` owns its sockets, so it cannot be fed bytes a `LiveHost` read. What is needed
 * is small (RFC 7230 §3, no upgrades, no trailers kept) and strict: anything ambiguous,
 * such as both Content-Length and Transfer-Encoding, is an error, never a guess.
 */
export class HttpDecoder implements StreamDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private head: PendingMessage | null = null;
  private framing: Framing | null = null;
  private bodyParts: Buffer[] = [];
  private bodyLength = 0;
  private failed = false;
  /** Server side: a request was given out and its response is not written yet. */
  private awaitingResponse = false;
  /** Client side: methods of requests sent and not yet answered, oldest first. */
  private readonly methodsSent: HttpMethod[] = [];

  constructor(
    private readonly mode: 'request' | 'response',
    private readonly limits: HttpLimits,
  ) {}

  get pendingBytes(): number {
    return this.buffer.length + this.bodyLength;
  }

  push(chunk: Buffer): WireDecodeResult {
    if (this.failed) return { messages: [], error: null };
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return this.drain();
  }

  sent(message: unknown): WireDecodeResult | null {
    if (this.mode === 'response') {
      const method = (message as { method?: HttpMethod }).method;
      if (method !== undefined) this.methodsSent.push(method);
      return null;
    }
    this.awaitingResponse = false;
    return this.buffer.length > 0 && !this.failed ? this.drain() : null;
  }

  end(): WireDecodeResult {
    if (this.failed || this.framing?.kind !== 'untilClose' || !this.head) return { messages: [], error: null };
    return { messages: [this.finish()], error: null };
  }

  close(): void {
    this.buffer = Buffer.alloc(0);
    this.bodyParts = [];
    this.bodyLength = 0;
  }

  private drain(): WireDecodeResult {
    const messages: unknown[] = [];
    for (;;) {
      if (this.mode === 'request' && this.awaitingResponse) {
        if (this.buffer.length === 0) return { messages, error: null };
        return this.fail(messages, 'pipelined', `${this.buffer.length} bytes before the response`);
      }
      const step = this.head === null ? this.readHead() : this.readBody();
      if (step === 'more') return { messages, error: null };
      if (typeof step === 'object' && 'reason' in step) return this.fail(messages, step.reason, step.detail);
      if (step !== 'progress') {
        messages.push(step);
        if (this.mode === 'request') this.awaitingResponse = true;
      }
    }
  }

  /** Reads a head if its blank line has come; 'progress' once a head is taken. */
  private readHead(): 'more' | 'progress' | WireDecodeError | HttpRequest | HttpResponse {
    // RFC 7230 §3.5: a server should ignore empty lines before a request line.
    while (this.mode === 'request' && this.buffer.length >= 2 && this.buffer[0] === 0x0d && this.buffer[1] === 0x0a) this.buffer = this.buffer.subarray(2);
    const at = this.buffer.indexOf(headEnd);
    if (at < 0) {
      if (this.buffer.length > this.limits.headBytesMax) return { reason: 'headTooLarge', detail: `over ${this.limits.headBytesMax} bytes without a blank line` };
      return 'more';
    }
    if (at + 4 > this.limits.headBytesMax) return { reason: 'headTooLarge', detail: `${at + 4} bytes` };
    const text = this.buffer.subarray(0, at).toString('latin1');
    this.buffer = this.buffer.subarray(at + 4);
    const parsed = parseHead(text, this.mode, this.limits.headerLinesMax);
    if (!parsed.ok) return { reason: parsed.reason, detail: parsed.detail };
    const built = this.mode === 'request' ? this.requestHead(parsed.startLine, parsed.headers) : this.responseHead(parsed.startLine, parsed.headers);
    if ('reason' in built) return built;
    return this.startBody(built);
  }

  private requestHead([method, target, versionText]: readonly [string, string, string], headers: Record<string, string>): PendingMessage | WireDecodeError {
    const version = versionOf(versionText);
    if (version === null) return { reason: 'badVersion', detail: versionText.slice(0, 20) };
    if (!isToken(method)) return { reason: 'badStartLine', detail: method.slice(0, 20) };
    if (!isKnownMethod(method)) return { reason: 'unknownMethod', detail: method.slice(0, 20) };
    if (!(target.startsWith('/') || (method === 'OPTIONS' && target === '*'))) return { reason: 'badTarget', detail: target.slice(0, 80) };
    return { kind: 'httpRequest', method, path: target, version, headers };
  }

  private responseHead([versionText, statusText]: readonly [string, string, string], headers: Record<string, string>): PendingMessage | WireDecodeError {
    const version = versionOf(versionText);
    if (version === null) return { reason: 'badVersion', detail: versionText.slice(0, 20) };
    const status = Number(statusText);
    if (status < 100 || status > 599) return { reason: 'badStatus', detail: statusText };
    if (this.methodsSent.length === 0) return { reason: 'unexpectedResponse', detail: `status ${status} with no request outstanding` };
    return { kind: 'httpResponse', status, version, headers };
  }

  /** Decides the body's framing from the head (RFC 7230 §3.3.3); a message with no body is whole at once. */
  private startBody(head: PendingMessage): 'progress' | WireDecodeError | HttpRequest | HttpResponse {
    const framing = this.framingOf(head);
    if ('reason' in framing) return framing;
    this.head = head;
    this.framing = framing;
    if (framing.kind === 'length' && framing.remaining === 0) return this.finish();
    return 'progress';
  }

  private framingOf(head: PendingMessage): Framing | WireDecodeError {
    const { headers } = head;
    if (head.kind === 'httpResponse') {
      const method = this.methodsSent[0];
      if (method === 'HEAD' || (head.status >= 100 && head.status < 200) || head.status === 204 || head.status === 304) return { kind: 'length', remaining: 0 };
    }
    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (te !== undefined) {
      // Both at once is how requests are smuggled past a proxy: refused (RFC 7230 §3.3.3 item 3).
      if (cl !== undefined) return { reason: 'ambiguousLength', detail: 'Transfer-Encoding and Content-Length' };
      if (te.toLowerCase() !== 'chunked') return { reason: 'unsupportedTransferEncoding', detail: te.slice(0, 40) };
      return { kind: 'chunked', remaining: 0, phase: 'size' };
    }
    if (cl !== undefined) {
      if (!/^\d{1,15}$/.test(cl)) return { reason: 'badContentLength', detail: cl.slice(0, 40) };
      const length = Number(cl);
      if (length > this.limits.bodyBytesMax) return { reason: 'bodyTooLarge', detail: `${length} bytes` };
      return { kind: 'length', remaining: length };
    }
    return head.kind === 'httpResponse' ? { kind: 'untilClose' } : { kind: 'length', remaining: 0 };
  }

  private readBody(): 'more' | 'progress' | WireDecodeError | HttpRequest | HttpResponse {
    const framing = this.framing as Framing;
    if (framing.kind === 'untilClose') {
      const error = this.take(this.buffer.length);
      return error ?? 'more';
    }
    if (framing.kind === 'length') {
      const error = this.take(Math.min(framing.remaining, this.buffer.length));
      if (error) return error;
      return framing.remaining === 0 ? this.finish() : 'more';
    }
    return this.readChunked(framing);
  }

  /** Moves `count` bytes of the buffer into the body, counting them off a Content-Length. */
  private take(count: number): WireDecodeError | null {
    if (count === 0) return null;
    if (this.bodyLength + count > this.limits.bodyBytesMax) return { reason: 'bodyTooLarge', detail: `over ${this.limits.bodyBytesMax} bytes` };
    this.bodyParts.push(this.buffer.subarray(0, count));
    this.bodyLength += count;
    this.buffer = this.buffer.subarray(count);
    const framing = this.framing as Framing;
    if (framing.kind !== 'untilClose') framing.remaining -= count;
    return null;
  }

  /** One step of a chunked body (RFC 7230 §4.1): a size line, its data, its CRLF, or the trailer. */
  private readChunked(framing: Extract<Framing, { kind: 'chunked' }>): 'more' | 'progress' | WireDecodeError | HttpRequest | HttpResponse {
    if (framing.phase === 'data') {
      const error = this.take(Math.min(framing.remaining, this.buffer.length));
      if (error) return error;
      if (framing.remaining > 0) return 'more';
      framing.phase = 'dataEnd';
      return 'progress';
    }
    const lineEnd = this.buffer.indexOf(crlf);
    if (lineEnd < 0) return this.buffer.length > 1024 ? { reason: 'badChunk', detail: 'a chunk line over 1024 bytes' } : 'more';
    const line = this.buffer.subarray(0, lineEnd).toString('latin1');
    this.buffer = this.buffer.subarray(lineEnd + 2);
    if (framing.phase === 'dataEnd') {
      if (line !== '') return { reason: 'badChunk', detail: 'chunk data longer than its size' };
      framing.phase = 'size';
      return 'progress';
    }
    if (framing.phase === 'trailer') return line === '' ? this.finish() : 'progress';
    const size = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(line);
    if (!size) return { reason: 'badChunk', detail: `size line ${JSON.stringify(line.slice(0, 40))}` };
    framing.remaining = parseInt(size[1] as string, 16);
    framing.phase = framing.remaining === 0 ? 'trailer' : 'data';
    return 'progress';
  }

  /** The message is whole: its body joined, chunked framing replaced by the length it turned out to be. */
  private finish(): HttpRequest | HttpResponse {
    const head = this.head as PendingMessage;
    const body = this.bodyParts.length === 1 ? (this.bodyParts[0] as Buffer) : Buffer.concat(this.bodyParts);
    const headers = { ...head.headers };
    if (this.framing?.kind === 'chunked' || this.framing?.kind === 'untilClose') {
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
    }
    if (head.kind === 'httpResponse') this.methodsSent.shift();
    this.head = null;
    this.framing = null;
    this.bodyParts = [];
    this.bodyLength = 0;
    return { ...head, headers, bodyBytes: body.length, body } as HttpRequest | HttpResponse;
  }

  private fail(messages: unknown[], reason: string, detail: string): WireDecodeResult {
    this.failed = true;
    this.close();
    return { messages, error: { reason, detail } };
  }
}
