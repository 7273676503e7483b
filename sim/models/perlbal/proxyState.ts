import { Outbox } from '../../contract/outbox.js';
import type { TcpErrno } from '../../contract/tcpEvent.js';
import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import { BackendPool, backendMoves, type BackendConnection } from './backendPool.js';
import type { ClientConnection } from './clientConnection.js';
import { clientProxyLifecycle, isServing } from './clientProxyLifecycle.js';
import { isHttpRequest, isHttpResponse } from './httpKind.js';
import { connectingCallbackSec, idleSweepIntervalSec, wholeSeconds } from './perlbalClock.js';
import type { PerlbalReport, PerlbalTickEvent } from './perlbalEffect.js';
import type { PerlbalSettings } from './perlbalSettings.js';
import { ReproxyManager } from './reproxyManager.js';
import { parseExpectedSize, parseReproxyUrls } from './reproxyTarget.js';
import { clientResponse, reproxiedResponse, simpleResponse } from './clientResponse.js';

/** A client connection's moves, each resolved once: `clientMoves.CLOSE.move(client)`. */
const clientMoves = clientProxyLifecycle.moves;

/**
 * The whole proxy as plain data: client connections, the backend pool, the reproxy
 * manager. The process calls one entry point per event and emits what `out.drain()`
 * returns; nothing is copied per event, so thousands of connections cost what their
 * records cost. Each client connection, backend connection and reproxy host moves along
 * its lifecycle (clientProxyLifecycle.ts, backendHttpLifecycle.ts, reproxyHostLifecycle.ts),
 * and the decisions below branch on those states. Time is Perlbal's whole-second clock,
 * `nowSec`, advanced by {@link tick}.
 */
export class ProxyState {
  readonly out = new Outbox<PerlbalReport, PerlbalTickEvent>();
  /** Perlbal's `time()`: whole seconds since the proxy started. */
  nowSec = 0;
  private readonly clients = new Map<number, ClientConnection>();
  readonly backends: BackendPool;
  readonly reproxy: ReproxyManager;

  constructor(readonly settings: PerlbalSettings) {
    this.backends = new BackendPool(settings);
    this.reproxy = new ReproxyManager(settings, this.out, () => this.nowSec, {
      waits: (clientConnId) => this.clients.get(clientConnId)?.state.startsWith('reproxying') ?? false,
      move: (clientConnId, move) => move.move(this.clients.get(clientConnId)!),
      answer: (clientConnId, status, file) => this.answer(clientConnId, status, true, file),
    });
  }

  accept(connId: number): void {
    if (this.clients.has(connId)) throw new Error(`perlbal: connection ${connId} accepted twice`);
    this.clients.set(connId, { connId, state: clientProxyLifecycle.start(), request: null, attempts: 0, aliveSec: this.nowSec, primary: null });
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
    const conn = this.backends.endConnect(tag);
    conn.connId = connId;
    conn.createdSec = this.nowSec;
    if (conn.clientConnId === null) return this.spareConnected(conn);
    const client = this.clients.get(conn.clientConnId);
    if (client?.state !== 'proxying.wait_backend' || !client.request) {
      backendMoves.CLOSE.move(conn);
      return this.out.close(connId);
    }
    this.backends.connections.set(connId, conn);
    if (this.settings.verifyBackend && !this.backends.isVerified(conn.backend, this.nowSec)) this.verify(conn);
    else this.forward(conn, client);
  }

  connectFailed(tag: number, errno: TcpErrno): void {
    if (this.reproxy.ownsTag(tag)) return this.reproxy.connectFailed(tag, errno);
    if (this.backends.abandoned.delete(tag)) return;
    const conn = this.backends.endConnect(tag);
    backendMoves.CLOSE.move(conn);
    if (conn.clientConnId !== null) this.retry(conn.clientConnId);
  }

  /** The peer sent FIN (`peerClosed`) or the connection is gone (abort): forget it, closing our side after a FIN. */
  lost(connId: number, peerClosed: boolean): void {
    const client = this.clients.get(connId);
    if (client) {
      clientMoves.CLOSE.move(client);
      this.clients.delete(connId);
      if (peerClosed) this.out.close(connId);
      return;
    }
    const conn = this.backends.connections.get(connId);
    if (!conn) return this.reproxy.lost(connId, peerClosed);
    this.backends.remove(conn);
    if (peerClosed) this.out.close(connId);
    if (conn.clientConnId !== null) this.backendLost(conn.clientConnId, peerClosed);
    this.connectAhead();
  }

  /**
   * A client's backend went away. Before the request was written (verifying) the client
   * waits for another. After it, Perlbal does not resend it (BackendHTTP.pm `event_err`:
   * "we don't want to duplicate POST requests"): a reset closes the client at once, a FIN
   * (`event_hup`) leaves it `draining_res` with no backend, for the idle sweep to close.
   */
  private backendLost(clientConnId: number, peerClosed: boolean): void {
    const client = this.clients.get(clientConnId);
    if (client?.state !== 'proxying.backend_req_sent') return this.retry(clientConnId);
    clientMoves.BACKEND_LOST.move(client);
    if (peerClosed) return;
    clientMoves.CLOSE.move(client);
    this.clients.delete(clientConnId);
    this.out.close(clientConnId);
  }

  private onRequest(client: ClientConnection, message: unknown): void {
    // Perlbal reads the next request only after answering the current one: no pipelining.
    if (!isHttpRequest(message) || !clientMoves.REQUEST.accepts(client.state)) return;
    clientMoves.REQUEST.move(client);
    client.aliveSec = this.nowSec;
    client.request = message;
    client.attempts = 0;
    this.dispatch(client);
  }

  /** An idle pooled backend if there is one, else a connect to a node picked at random, else 503. */
  private dispatch(client: ClientConnection): void {
    const idle = this.takeIdle();
    if (idle) {
      idle.clientConnId = client.connId;
      this.forward(idle, client);
      return this.connectAhead();
    }
    if (client.attempts >= this.settings.backendAttemptsMax) return this.answer(client.connId, 503, false);
    client.attempts += 1;
    const backend = this.backends.pick();
    this.backends.startConnect(this.out.connect(backend.host, backend.port), backend, client.connId, this.nowSec);
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
      this.backends.startConnect(this.out.connect(backend.host, backend.port), backend, null, this.nowSec);
    }
  }

  /** A spare is up: it is verified first with `verify_backend`, then waits idle for a client. */
  private spareConnected(conn: BackendConnection): void {
    this.backends.connections.set(conn.connId, conn);
    if (this.settings.verifyBackend && !this.backends.isVerified(conn.backend, this.nowSec)) return this.verify(conn);
    if (!this.backends.park(conn)) this.closeBackend(conn);
  }

  /** The client's backend failed before its request was written: it waits for another (or gets its 503 in `dispatch`). */
  private retry(clientConnId: number): void {
    const client = this.clients.get(clientConnId);
    if (client?.state === 'proxying.wait_backend') this.dispatch(client);
  }

  /**
   * A web node connect still pending `connectTimeoutMs` after it was made is closed and the
   * client tries another node (Perlbal/Service.pm `spawn_backends`: `$age >= 5` closes it
   * with `connect_timeout`; Perlbal checks when it next spawns, which under load is within
   * milliseconds, the model on its next tick). The 15 s callback never comes first.
   */
  private closeSlowConnects(): void {
    const limitSec = Math.min(wholeSeconds(this.settings.connectTimeoutMs), connectingCallbackSec);
    for (const [tag, conn] of this.backends.connecting) {
      if (this.nowSec - conn.createdSec < limitSec) continue;
      this.backends.endConnect(tag);
      backendMoves.CLOSE.move(conn);
      this.backends.abandoned.add(tag);
      if (conn.clientConnId !== null) this.retry(conn.clientConnId);
    }
    this.connectAhead();
  }

  /** `verify_backend`: `OPTIONS *` first on a new connection (Perlbal BackendHTTP.pm, `verify_backend`). */
  private verify(conn: BackendConnection): void {
    backendMoves.VERIFY.move(conn);
    const request: HttpRequest = { kind: 'httpRequest', method: 'OPTIONS', path: '*', version: '1.0', headers: { connection: 'keep-alive' }, bodyBytes: 0 };
    conn.sent = request;
    this.out.send(conn.connId, request);
  }

  /** Sends the client's request to the node; HTTP/1.0 asking keep-alive only with `persist_backend`. */
  private forward(conn: BackendConnection, client: ClientConnection): void {
    const request = client.request as HttpRequest;
    backendMoves.REQUEST_SENT.move(conn);
    clientMoves.REQUEST_SENT.move(client);
    const connection = this.settings.persistBackend ? 'keep-alive' : 'close';
    const headers = { ...request.headers, connection };
    // Written out rather than spread: this runs once per request.
    const sent: HttpRequest = request.body === undefined
      ? { kind: 'httpRequest', method: request.method, path: request.path, version: '1.0', headers, bodyBytes: request.bodyBytes }
      : { kind: 'httpRequest', method: request.method, path: request.path, version: '1.0', headers, bodyBytes: request.bodyBytes, body: request.body };
    conn.sent = sent;
    this.out.send(conn.connId, sent);
  }

  private onBackendResponse(conn: BackendConnection, message: unknown): void {
    if (!isHttpResponse(message) || conn.state === 'bored') return;
    conn.hasAttention = true;
    if (conn.state === 'verifying') return this.onVerified(conn, message);
    const clientConnId = conn.clientConnId as number;
    this.release(conn, message);
    const client = this.clients.get(clientConnId);
    if (client?.state !== 'proxying.backend_req_sent') return;
    const urls = message.headers['x-reproxy-url'];
    if (urls === undefined) return this.answer(clientConnId, message.status, false, message);
    clientMoves.REPROXY.move(client);
    client.primary = message;
    this.reproxy.start(clientConnId, parseReproxyUrls(urls), parseExpectedSize(message.headers['x-reproxy-expected-size']));
  }

  /**
   * A 2xx to `OPTIONS *` marks the node's ip:port good for `verifyCacheMs` (60 s, Perlbal BackendHTTP.pm);
   * anything else drops the connection and tries again. Only a success is cached: a failed
   * node is asked again on its next new connection.
   */
  private onVerified(conn: BackendConnection, response: HttpResponse): void {
    const clientConnId = conn.clientConnId;
    const client = clientConnId === null ? undefined : this.clients.get(clientConnId);
    if (response.status >= 200 && response.status < 300 && conn.sent && keepsAlive(conn.sent, response)) {
      if (!this.backends.isVerified(conn.backend, this.nowSec)) this.backends.markVerified(conn.backend, this.nowSec);
      if (client?.state === 'proxying.wait_backend') return this.forward(conn, client);
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
   * Answers the client (`xfer_res`): the node's response as it came (its headers, its body),
   * a reproxied file under the node's headers (clientResponse.ts),
   * or, without one, Perlbal's own short answer (a 503 page, ClientHTTPBase.pm
   * `_simple_response`). Then it keeps the connection for the next request (`persist_wait`)
   * only with `persist_client` and the keep-alive rules (Perlbal ClientHTTPBase.pm
   * `http_response_sent`, HTTPHeaders.pm `res_keep_alive`).
   */
  private answer(clientConnId: number, status: number, reproxied: boolean, source?: HttpResponse): void {
    const client = this.clients.get(clientConnId);
    if (!client || !isServing(client.state)) return;
    clientMoves.RESPONSE.move(client);
    const request = client.request as HttpRequest;
    const persistClient = this.settings.persistClient;
    const response = reproxied && source
      ? reproxiedResponse(request, client.primary, source, persistClient)
      : clientResponse(request, source ?? simpleResponse(status), persistClient);
    this.out.send(clientConnId, response);
    this.out.emit({ type: 'perlbal.response', clientConnId, status: response.status, reproxied });
    client.request = null;
    client.primary = null;
    client.aliveSec = this.nowSec;
    if (this.settings.persistClient && keepsAlive(request, response)) return clientMoves.PERSIST.move(client);
    clientMoves.CLOSE.move(client);
    this.clients.delete(clientConnId);
    this.out.close(clientConnId);
  }

  /**
   * The idle sweep (Perlbal/Socket.pm `_do_cleanup`): a client connection with no read or
   * write for more than the client idle timeout (30 s, Service.pm `idle_timeout`) is closed, whether it
   * waits for its next request or for the answer to this one (`idle_timeout` applies to
   * both, Perlbal/ClientHTTPBase.pm `max_idle_time`).
   */
  private closeIdleClients(): void {
    const idleSecMax = wholeSeconds(this.settings.clientIdleTimeoutMs);
    for (const [connId, client] of this.clients) {
      if (this.nowSec - client.aliveSec <= idleSecMax) continue;
      clientMoves.CLOSE.move(client);
      this.clients.delete(connId);
      this.out.close(connId);
    }
  }
}
