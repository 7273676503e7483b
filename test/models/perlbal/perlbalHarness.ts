import type { HttpRequest, HttpResponse } from '../../../sim/models/http/httpMessage.js';
import { perlbalMachine, type PerlbalEffect, type PerlbalEvent, type PerlbalInput } from '../../../sim/models/perlbal/proxy.js';
import { KernelHostedProcess } from '../../helpers/kernelHostedProcess.js';
import { seededRandom } from '../../helpers/seededRandom.js';

export { seededRandom };

export function get(path: string, version: '1.0' | '1.1' = '1.0', headers: Record<string, string> = {}): HttpRequest {
  return { kind: 'httpRequest', method: 'GET', path, version, headers, bodyBytes: 0 };
}

/** A response with a Content-Length, `keep-alive` unless told otherwise. */
export function response(status: number, bodyBytes: number, headers: Record<string, string> = {}): HttpResponse {
  return { kind: 'httpResponse', status, version: '1.0', headers: { 'content-length': String(bodyBytes), connection: 'keep-alive', ...headers }, bodyBytes };
}

type Connect = Extract<PerlbalEffect, { type: 'tcp.connect' }>;

/**
 * Drives one `perlbalMachine` actor the way a host would: it collects every effect, and
 * the test answers connects and sends messages by hand. Connection ids the harness hands
 * out start at 1 for clients and at 1001 for connections the proxy opens. Time is the
 * simulator's kernel: the proxy's timers are kernel events, moved on with `advance`.
 */
export class PerlbalHarness {
  readonly process: KernelHostedProcess<typeof perlbalMachine>;
  readonly effects: PerlbalEffect[];
  private nextClientId = 1;
  private nextOutboundId = 1001;
  private seen = 0;

  constructor(input: Partial<PerlbalInput> = {}) {
    const full: PerlbalInput = { backends: [{ host: 'web1', port: 8080 }], random: seededRandom(1), ...input };
    this.process = new KernelHostedProcess('perlbal', perlbalMachine, full);
    this.effects = this.process.effects;
  }

  /** A client connects and sends `request`; returns its connection id. */
  client(request?: HttpRequest): number {
    const connId = this.nextClientId;
    this.nextClientId += 1;
    this.send({ type: 'tcp.accepted', connId, localPort: 80, remote: { ip: '10.0.0.9', port: 40_000 + connId } });
    if (request) this.message(connId, request);
    return connId;
  }

  message(connId: number, message: HttpRequest | HttpResponse): void {
    this.send({ type: 'tcp.message', connId, message });
  }

  /** Completes the connect with `tag`; returns the new connection's id. */
  connected(tag: number): number {
    const connId = this.nextOutboundId;
    this.nextOutboundId += 1;
    this.send({ type: 'tcp.connected', connId, tag, localPort: 50_000 + connId });
    return connId;
  }

  connectFailed(tag: number): void {
    this.send({ type: 'tcp.connectFailed', tag, errno: 'ECONNREFUSED' });
  }

  peerClosed(connId: number): void {
    this.send({ type: 'tcp.peerClosed', connId });
  }

  aborted(connId: number): void {
    this.send({ type: 'tcp.aborted', connId, errno: 'ECONNRESET' });
  }

  /** Moves time on by `ms`, firing the proxy's tick on the kernel as it comes due. */
  advance(ms: number): void {
    this.process.advance(ms);
  }

  private send(event: PerlbalEvent): void {
    this.process.send(event);
  }

  /** Effects since the last call to `fresh`. */
  fresh(): PerlbalEffect[] {
    const effects = this.effects.slice(this.seen);
    this.seen = this.effects.length;
    return effects;
  }

  /** The last connect asked for (throws if there was none). */
  lastConnect(): Connect {
    const connect = this.connects().at(-1);
    if (!connect) throw new Error('no tcp.connect effect yet');
    return connect;
  }

  /** The last connect asked for to `host` (throws if there was none). */
  lastConnectTo(host: string): Connect {
    const connect = this.connects().filter((candidate) => candidate.host === host).at(-1);
    if (!connect) throw new Error(`no tcp.connect effect to ${host} yet`);
    return connect;
  }

  connects(): Connect[] {
    return this.effects.filter((effect): effect is Connect => effect.type === 'tcp.connect');
  }

  /** Messages sent on a connection, in order. */
  sent(connId: number): unknown[] {
    return this.effects.flatMap((effect) => (effect.type === 'tcp.send' && effect.connId === connId ? [effect.message] : []));
  }

  lastSent(connId: number): unknown {
    return this.sent(connId).at(-1);
  }

  closed(connId: number): boolean {
    return this.effects.some((effect) => effect.type === 'tcp.close' && effect.connId === connId);
  }

  reset(connId: number): boolean {
    return this.effects.some((effect) => effect.type === 'tcp.reset' && effect.connId === connId);
  }

  responses(): Extract<PerlbalEffect, { type: 'perlbal.response' }>[] {
    return this.effects.filter((effect): effect is Extract<PerlbalEffect, { type: 'perlbal.response' }> => effect.type === 'perlbal.response');
  }

  reproxyConnects(): number {
    return this.effects.filter((effect) => effect.type === 'perlbal.reproxyConnect').length;
  }

  /**
   * A client asks for `path`; the proxy connects to a backend, which answers `backendReply`.
   * Returns the client and backend connection ids.
   */
  request(path: string, backendReply: HttpResponse): { client: number; backend: number } {
    const client = this.client(get(path));
    const backend = this.connected(this.lastConnect().tag);
    this.message(backend, backendReply);
    return { client, backend };
  }
}

/** A backend's reproxy answer: the URLs to try, and the expected size if given. */
export function reproxyReply(urls: string[], expectedSizeBytes?: number): HttpResponse {
  const headers: Record<string, string> = { 'x-reproxy-url': urls.join(' ') };
  if (expectedSizeBytes !== undefined) headers['x-reproxy-expected-size'] = String(expectedSizeBytes);
  return response(200, 0, headers);
}
