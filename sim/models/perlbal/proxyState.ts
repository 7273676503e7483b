import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { BackendPool, type BackendConnect, type BackendConnection } from './backendPool.js';
import type { ClientConnection } from './clientConnection.js';
import { isHttpRequest, isHttpResponse } from './httpKind.js';
import { Outbox } from './outbox.js';
import { connectingCallbackSec, idleSweepIntervalSec, wholeSeconds } from './perlbalClock.js';
import type { PerlbalSettings } from './perlbalSettings.js';
import { ReproxyManager } from './reproxyManager.js';
import { parseExpectedSize, parseReproxyUrls } from './reproxyTarget.js';

/**
 * The whole proxy as plain data: client connections, the backend pool, the reproxy
 * manager. The machine calls one entry point per event and emits what `out.drain()`
 * returns; nothing is copied per event, so thousands of connections cost what their
 * records cost. Time is Perlbal's whole-second clock, `nowSec`, advanced by {@link tick}.
 */
export class ProxyState {
  readonly out = new Outbox();
  /** Perlbal's `time()`: whole seconds since the proxy started. */
  nowSec = 0;
  readonly clients = new Map<number, ClientConnection>();
  readonly backends: BackendPool;
  readonly reproxy: ReproxyManager;

  constructor(readonly settings: PerlbalSettings) {
    this.backends = new BackendPool(settings);
    this.reproxy = new ReproxyManager(
      settings,
      this.out,
      () => this.nowSec,
      (clientConnId, status, bodyBytes) => this.answer(clientConnId, status, bodyBytes, true),
      (clientConnId) => (this.clients.get(clientConnId)?.request ?? null) !== null,
    );
  }

  accept(connId: number): void {
    if (this.clients.has(connId)) throw new Error(`perlbal: connection ${connId} accepted twice`);
    this.clients.set(connId, { connId, request: null, attempts: 0, aliveSec: this.nowSec });
  }

  /**
   * One second passed (perlbalClock.ts). Backend connects past the connect timeout are
   * closed, reproxy connects stuck for 15 s too, `connect_ahead` spares are topped up (so
   * they exist from the first second, as Perlbal makes them when the setting is loaded),
   * and every 5 s idle clients are swept.
   */
  tick(): void {
    this.nowSec += 1;
    this.closeSlowConnects();
    this.reproxy.closeStuckConnects();
    if (this.nowSec % idleSweepIntervalSec === 0) this.closeIdleClients();
  }

  receive(connId: number, message: unknown): void {
    const client = this.clients.get(connId);
    if (client) return this.onRequest(client, message);
    const conn = this.backends.connections.get(connId);
    if (conn) return this.onBackendResponse(conn, message);
    this.reproxy.receive(connId, message);
  }

  connected(tag: number, connId: number): void {
    if (this.reproxy.ownsTag(tag)) return this.reproxy.connected(tag, connId);
    // Closed by the proxy at the connect timeout; RST stands for that close (no TIME_WAIT).
    if (this.backends.abandoned.delete(tag)) return this.out.emit({ type: 'tcp.reset', connId });
    const connect = this.endConnect(tag);
    if (connect.clientConnId === null) return this.spareConnected(connId, connect.backend);
    const client = this.clients.get(connect.clientConnId);
    if (!client?.request) return this.out.close(connId);
    const conn: BackendConnection = {
      connId, backend: connect.backend, phase: 'forwarding', clientConnId: client.connId, sent: null, createdSec: this.nowSec, hasAttention: false,
    };
    this.backends.connections.set(connId, conn);
    if (this.settings.verifyBackend && !this.backends.isVerified(conn.backend, this.nowSec)) this.verify(conn);
    else this.forward(conn, client.request);
  }

  connectFailed(tag: number): void {
    if (this.reproxy.ownsTag(tag)) return this.reproxy.connectFailed(tag);
    if (this.backends.abandoned.delete(tag)) return;
    const connect = this.endConnect(tag);
    if (connect.clientConnId !== null) this.retry(connect.clientConnId);
  }

  /** The peer sent FIN (`peerClosed`) or the connection is gone (abort): forget it, closing our side after a FIN. */
  lost(connId: number, peerClosed: boolean): void {
    const client = this.clients.get(connId);
    if (client) {
      this.clients.delete(connId);
      if (peerClosed) this.out.close(connId);
      return;
    }
    const conn = this.backends.connections.get(connId);
    if (!conn) return this.reproxy.lost(connId, peerClosed);
    this.backends.remove(conn);
    if (peerClosed) this.out.close(connId);
    if (conn.clientConnId !== null) this.retry(conn.clientConnId);
    this.connectAhead();
  }

  private onRequest(client: ClientConnection, message: unknown): void {
    // Perlbal reads the next request only after answering the current one: no pipelining.
    if (!isHttpRequest(message) || client.request !== null) return;
    client.aliveSec = this.nowSec;
    client.request = message;
    client.attempts = 0;
    this.dispatch(client);
  }

  /** An idle pooled backend if there is one, else a connect to a node picked at random, else 503. */
  private dispatch(client: ClientConnection): void {
    const idle = this.takeIdle();
    if (idle && client.request) {
      idle.phase = 'forwarding';
      idle.clientConnId = client.connId;
      this.forward(idle, client.request);
      return this.connectAhead();
    }
    if (client.attempts >= this.settings.backendAttemptsMax) return this.answer(client.connId, 503, 0, false);
    client.attempts += 1;
    const backend = this.backends.pick();
    const tag = this.out.connect(backend.host, backend.port);
    this.backends.connecting.set(tag, { clientConnId: client.connId, backend, createdSec: this.nowSec });
    this.connectAhead();
  }

  /**
   * The newest idle backend still worth using: one that never showed it is answering and
   * is older than 5 s is closed instead (Service.pm `request_backend_connection`, "too_old_bored").
   */
  private takeIdle(): BackendConnection | undefined {
    for (let idle = this.backends.takeIdle(); idle; idle = this.backends.takeIdle()) {
      if (idle.hasAttention || idle.createdSec >= this.nowSec - 5) return idle;
      this.closeBackend(idle);
    }
    return undefined;
  }

  /** `connect_ahead`: spare connects until idle backends plus spares on their way reach it (Service.pm `spawn_backends`). */
  private connectAhead(): void {
    while (this.backends.sparesMade < this.settings.connectAhead) {
      const backend = this.backends.pick();
      const tag = this.out.connect(backend.host, backend.port);
      this.backends.connecting.set(tag, { clientConnId: null, backend, createdSec: this.nowSec });
      this.backends.sparesConnecting += 1;
    }
  }

  /** A spare is up: it is verified first with `verify_backend`, then waits idle for a client. */
  private spareConnected(connId: number, backend: BackendConnection['backend']): void {
    const conn: BackendConnection = { connId, backend, phase: 'idle', clientConnId: null, sent: null, createdSec: this.nowSec, hasAttention: false };
    this.backends.connections.set(connId, conn);
    if (this.settings.verifyBackend && !this.backends.isVerified(backend, this.nowSec)) return this.verify(conn);
    if (!this.backends.park(conn)) this.closeBackend(conn);
  }

  private retry(clientConnId: number): void {
    const client = this.clients.get(clientConnId);
    if (client?.request) this.dispatch(client);
  }

  private endConnect(tag: number): BackendConnect {
    const connect = this.backends.connecting.get(tag);
    if (!connect) throw new Error(`perlbal: backend connect ${tag} ended twice or was never made`);
    this.backends.connecting.delete(tag);
    if (connect.clientConnId === null) this.backends.sparesConnecting -= 1;
    return connect;
  }

  /**
   * A web node connect still pending `connectTimeoutMs` after it was made is closed and the
   * client tries another node (Perlbal/Service.pm `spawn_backends`: `$age >= 5` closes it
   * with `connect_timeout`; Perlbal checks when it next spawns, which under load is within
   * milliseconds, the model on its next tick). The 15 s callback never comes first.
   */
  private closeSlowConnects(): void {
    const limitSec = Math.min(wholeSeconds(this.settings.connectTimeoutMs), connectingCallbackSec);
    for (const [tag, connect] of this.backends.connecting) {
      if (this.nowSec - connect.createdSec < limitSec) continue;
      this.endConnect(tag);
      this.backends.abandoned.add(tag);
      if (connect.clientConnId !== null) this.retry(connect.clientConnId);
    }
    this.connectAhead();
  }

  /** `verify_backend`: `OPTIONS *` first on a new connection (DOMAIN.md §3). */
  private verify(conn: BackendConnection): void {
    conn.phase = 'verifying';
    const request: HttpRequest = { kind: 'httpRequest', method: 'OPTIONS', path: '*', version: '1.0', headers: { connection: 'keep-alive' }, bodyBytes: 0 };
    conn.sent = request;
    this.out.send(conn.connId, request);
  }

  /** Sends the client's request to the node; HTTP/1.0 asking keep-alive only with `persist_backend`. */
  private forward(conn: BackendConnection, request: HttpRequest): void {
    conn.phase = 'forwarding';
    const connection = this.settings.persistBackend ? 'keep-alive' : 'close';
    const sent: HttpRequest = { ...request, version: '1.0', headers: { ...request.headers, connection } };
    conn.sent = sent;
    this.out.send(conn.connId, sent);
  }

  private onBackendResponse(conn: BackendConnection, message: unknown): void {
    if (!isHttpResponse(message) || conn.phase === 'idle') return;
    conn.hasAttention = true;
    if (conn.phase === 'verifying') return this.onVerified(conn, message, conn.clientConnId);
    if (conn.clientConnId === null) return;
    const clientConnId = conn.clientConnId;
    this.release(conn, message);
    if (!this.clients.get(clientConnId)?.request) return;
    const urls = message.headers['x-reproxy-url'];
    if (urls === undefined) return this.answer(clientConnId, message.status, message.bodyBytes, false);
    this.reproxy.start(clientConnId, parseReproxyUrls(urls), parseExpectedSize(message.headers['x-reproxy-expected-size']));
  }

  /**
   * A 2xx to `OPTIONS *` marks the node's ip:port good for `verifyCacheMs` (60 s, DOMAIN.md §3);
   * anything else drops the connection and tries again. Only a success is cached: a failed
   * node is asked again on its next new connection.
   */
  private onVerified(conn: BackendConnection, response: HttpResponse, clientConnId: number | null): void {
    const request = clientConnId === null ? null : this.clients.get(clientConnId)?.request;
    if (response.status >= 200 && response.status < 300 && conn.sent && keepsAlive(conn.sent, response)) {
      if (!this.backends.isVerified(conn.backend, this.nowSec)) this.backends.markVerified(conn.backend, this.nowSec);
      if (request) return this.forward(conn, request);
      conn.clientConnId = null;
      if (!this.backends.park(conn)) this.closeBackend(conn);
      return;
    }
    this.closeBackend(conn);
    if (clientConnId !== null) this.retry(clientConnId);
  }

  /** The node answered: the connection goes to the idle pool if `persist_backend` and keep-alive allow, else closes. */
  private release(conn: BackendConnection, response: HttpResponse): void {
    const reusable = this.settings.persistBackend && conn.sent !== null && keepsAlive(conn.sent, response);
    conn.clientConnId = null;
    if (!reusable || !this.backends.park(conn)) this.closeBackend(conn);
  }

  private closeBackend(conn: BackendConnection): void {
    this.backends.remove(conn);
    this.out.close(conn.connId);
  }

  /**
   * Answers the client with the status and body size, then keeps the connection for the
   * next request only with `persist_client` and the keep-alive rules (DOMAIN.md §3).
   */
  private answer(clientConnId: number, status: number, bodyBytes: number, reproxied: boolean): void {
    const client = this.clients.get(clientConnId);
    if (!client?.request) return;
    const request = client.request;
    const connection = this.settings.persistClient ? 'keep-alive' : 'close';
    const response: HttpResponse = { kind: 'httpResponse', status, version: request.version, headers: { 'content-length': String(bodyBytes), connection }, bodyBytes };
    this.out.send(clientConnId, response);
    this.out.emit({ type: 'perlbal.response', clientConnId, status, reproxied });
    client.request = null;
    client.aliveSec = this.nowSec;
    if (this.settings.persistClient && keepsAlive(request, response)) return;
    this.clients.delete(clientConnId);
    this.out.close(clientConnId);
  }

  /**
   * The idle sweep (Perlbal/Socket.pm `_do_cleanup`): a client connection with no read or
   * write for more than the client idle timeout (30 s, DOMAIN.md §3) is closed, whether it
   * waits for its next request or for the answer to this one (`idle_timeout` applies to
   * both, Perlbal/ClientHTTPBase.pm `max_idle_time`).
   */
  private closeIdleClients(): void {
    const idleSecMax = wholeSeconds(this.settings.clientIdleTimeoutMs);
    for (const [connId, client] of this.clients) {
      if (this.nowSec - client.aliveSec <= idleSecMax) continue;
      this.clients.delete(connId);
      this.out.close(connId);
    }
  }
}
