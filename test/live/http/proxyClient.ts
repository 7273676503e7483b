import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { HttpDecoder } from '../../../sim/live/http/httpDecoder.js';
import { httpLimitDefaults } from '../../../sim/live/http/httpLimits.js';

/** What a client saw for one request: the parts of a response that must agree, or that the proxy closed. */
export type Outcome =
  | { readonly status: number; readonly contentType?: string; readonly contentLength?: string; readonly connection?: string; readonly reproxyHeader: boolean; readonly bodySha1: string }
  | { readonly closed: true }
  | { readonly timeout: true };

/**
 * A client of a proxy on one connection at a time: it reuses the connection while the
 * proxy keeps it open, and opens a new one when the proxy closed it. Responses are read with
 * our own decoder in client mode. Counts the connections it opened.
 */
export class ProxyClient {
  private socket: Socket | null = null;
  private decoder: HttpDecoder | null = null;
  private pending: ((outcome: Outcome) => void) | null = null;
  private closed = true;
  connections = 0;

  constructor(private readonly port: number, private readonly timeoutMs: number) {}

  async send(bytes: string, method: string): Promise<Outcome> {
    if (this.closed) await this.open();
    this.decoder?.sent({ kind: 'httpRequest', method });
    const outcome = new Promise<Outcome>((resolve) => (this.pending = resolve));
    this.socket?.write(bytes);
    const timer = new Promise<Outcome>((resolve) => setTimeout(() => resolve({ timeout: true }), this.timeoutMs).unref());
    const result = await Promise.race([outcome, timer]);
    this.pending = null;
    if ('timeout' in result || 'closed' in result || result.connection !== 'keep-alive') this.drop();
    return result;
  }

  drop(): void {
    this.socket?.destroy();
    this.socket = null;
    this.closed = true;
  }

  private async open(): Promise<void> {
    const socket = connect({ host: '127.0.0.1', port: this.port });
    const decoder = new HttpDecoder('response', httpLimitDefaults);
    this.socket = socket;
    this.decoder = decoder;
    this.closed = false;
    this.connections += 1;
    // A dropped socket's late events must not answer the next connection's request.
    const current = () => this.socket === socket;
    socket.on('data', (chunk: Buffer) => {
      if (!current()) return;
      const { messages } = decoder.push(chunk);
      for (const message of messages) this.pending?.(outcomeOf(message as HttpResponse));
    });
    socket.on('end', () => {
      if (!current()) return;
      for (const message of decoder.end().messages) this.pending?.(outcomeOf(message as HttpResponse));
      this.closed = true;
      this.pending?.({ closed: true });
    });
    socket.on('close', () => {
      if (!current()) return;
      this.closed = true;
      this.pending?.({ closed: true });
    });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
  }
}

function outcomeOf(response: HttpResponse): Outcome {
  const pick = (name: string) => (response.headers[name] === undefined ? {} : { [name === 'content-type' ? 'contentType' : name === 'content-length' ? 'contentLength' : 'connection']: response.headers[name]?.toLowerCase() });
  return {
    status: response.status,
    ...pick('content-type'),
    ...pick('content-length'),
    ...pick('connection'),
    reproxyHeader: Object.keys(response.headers).some((name) => name.startsWith('x-reproxy')),
    bodySha1: createHash('sha1').update(response.body ?? new Uint8Array()).digest('hex').slice(0, 12),
  };
}
