import { keepsAlive, type HttpRequest, type HttpResponse } from '../http/httpMessage.js';
import type { TcpErrno } from '../../contract/tcpEvent.js';
import { isHttpResponse, responseSizeBytes } from './httpKind.js';
import type { LifecycleEvent } from '../../contract/lifecycleEvent.js';
import type { Outbox } from '../../contract/outbox.js';
import { backendMoves } from './backendPool.js';
import { backendHttpLifecycle, type BackendHttpState } from './backendHttpLifecycle.js';
import type { PerlbalReport, PerlbalTickEvent } from './perlbalEffect.js';
import { connectingCallbackSec, wholeSeconds } from './perlbalClock.js';
import type { PerlbalSettings } from './perlbalSettings.js';
import { clientProxyLifecycle, type ClientProxyState } from './clientProxyLifecycle.js';
import { isConnecting, reproxyHostLifecycle, type ReproxyHostState } from './reproxyHostLifecycle.js';
import type { ReproxyTarget } from './reproxyTarget.js';

/** A file a client waits for: its URLs in order and which one is being tried. */
interface ReproxyJob {
  readonly clientConnId: number;
  readonly targets: readonly ReproxyTarget[];
  index: number;
  readonly expectedSizeBytes: number | null;
}

/** One storage host:port (Perlbal/ReproxyManager.pm keeps these per `ip:port`). */
interface StorageHost {
  readonly host: string;
  readonly port: number;
  /** Where it is in its lifecycle (reproxyHostLifecycle.ts): whether a connect is in flight, whether connections are open. */
  state: ReproxyHostState;
  /** Jobs waiting for a connection to this host (`%ReproxyQueues`). */
  readonly queue: ReproxyJob[];
  /** The connect in flight while `connecting` (`%ReproxyConnecting`): its tag and the proxy clock second it was made. */
  connectTag: number;
  connectSec: number;
  /** Open connections, busy or idle (`%ReproxyBackends`): the last one closing leaves `serving`. */
  openCount: number;
  /** Idle keep-alive connections, oldest first (`%ReproxyBored`). */
  readonly bored: ReproxyConnection[];
}

/** An open connection to a storage host: a BackendHTTP of its own in Perlbal (backendHttpLifecycle.ts). */
interface ReproxyConnection {
  readonly connId: number;
  readonly storage: StorageHost;
  state: BackendHttpState;
  job: ReproxyJob | null;
  request: HttpRequest | null;
  /** Proxy clock second it last answered or connected (Perlbal's `alive_time`). */
  aliveSec: number;
}

/** What the manager needs of the proxy's client connections. */
export interface ReproxyClients {
  /** The client still waits for a reproxied file (its connection is `reproxying`). */
  waits(clientConnId: number): boolean;
  /** Moves the client along its lifecycle: `REQUEST_SENT` when a storage node got its `GET`, `TRY_NEXT_URI`. */
  move(clientConnId: number, move: LifecycleEvent<ClientProxyState, 'REQUEST_SENT' | 'TRY_NEXT_URI'>): void;
  /** Answers the client: with the storage node's response (`file`), or with Perlbal's own `status` page when every URL failed. */
  answer(clientConnId: number, status: number, file?: HttpResponse): void;
}

/** A storage host's moves, each resolved once: `hostMoves.SPAWN.move(storage)`. */
const hostMoves = reproxyHostLifecycle.moves;

/**
 * Fetches reproxied files from storage nodes, the way Perlbal's
 * ReproxyManager.pm does: per-host queues with one connect in flight per host; `GET path
 * HTTP/1.0` to the current URL; a status other than 2xx or 416, or a size other than the
 * expected one, closes that connection and moves the job to its next URL, and none left is a 503. A failed connect to a host with
 * no open connection moves every job queued there on at once (`note_bad_backend_connect`),
 * and so does a connect still pending 5 s later, noticed when the next file for that host
 * arrives (`spawn_backend`). In `close` mode each file gets its own connection, closed by
 * the proxy after the body (so the TIME_WAIT stays on the proxy host); in `keepalive` mode
 * idle connections are kept and reused while younger than `reproxyIdleMs`.
 */
export class ReproxyManager {
  private readonly storages = new Map<string, StorageHost>();
  private readonly connections = new Map<number, ReproxyConnection>();
  private readonly connecting = new Map<number, StorageHost>();
  private readonly abandoned = new Set<number>();

  constructor(
    private readonly settings: PerlbalSettings,
    private readonly out: Outbox<PerlbalReport, PerlbalTickEvent>,
    private readonly nowSec: () => number,
    private readonly clients: ReproxyClients,
  ) {}

  ownsTag(tag: number): boolean {
    return this.connecting.has(tag) || this.abandoned.has(tag);
  }

  /** Starts fetching a file for a client; an empty URL list is answered 503 at once. */
  start(clientConnId: number, targets: readonly ReproxyTarget[], expectedSizeBytes: number | null): void {
    this.attempt({ clientConnId, targets, index: 0, expectedSizeBytes });
  }

  /** The connect is up: it serves the first waiting job, or goes idle (`register_boredom`). */
  connected(tag: number, connId: number): void {
    // The proxy closed this socket when it gave up on the connect; RST stands for that close, which leaves no TIME_WAIT.
    if (this.abandoned.delete(tag)) return this.out.emit({ type: 'tcp.reset', connId });
    const storage = this.endConnect(tag, hostMoves.CONNECTED);
    const conn: ReproxyConnection = { connId, storage, state: backendHttpLifecycle.start(), job: null, request: null, aliveSec: this.nowSec() };
    this.connections.set(connId, conn);
    storage.openCount += 1;
    this.becomeBored(conn);
  }

  /**
   * The connect failed (refused, timed out in TCP, or no local port): Perlbal's `event_err`.
   * No local port (EADDRNOTAVAIL) fails inside connect() itself, so Perlbal's
   * BackendHTTP->new returns nothing and no new connect is made until the next event for
   * the host: while the host still has connections, its queue waits for one of them (each
   * gives the host a connection again when it ends). Connecting again at once would fail
   * again at once, forever, at one instant.
   */
  connectFailed(tag: number, errno: TcpErrno): void {
    if (this.abandoned.delete(tag)) return;
    const storage = this.endConnect(tag, hostMoves.BAD_CONNECT);
    this.noteBadConnect(storage);
    if (errno === 'EADDRNOTAVAIL' && storage.state !== 'empty') return;
    this.spawn(storage);
  }

  /**
   * Called on every tick: a connect still pending 15 s after it was made is closed
   * (perlbalClock.ts, `connectingCallbackSec`) without moving its queue on; the host gets
   * a fresh connect if jobs still wait there.
   */
  closeStuckConnects(): void {
    for (const storage of this.storages.values()) {
      if (!isConnecting(storage.state) || this.nowSec() - storage.connectSec < connectingCallbackSec) continue;
      this.abandonConnect(storage, hostMoves.CONNECT_CLOSED);
      this.spawn(storage);
    }
  }

  receive(connId: number, message: unknown): void {
    const conn = this.connections.get(connId);
    if (conn?.state !== 'wait_res' || !isHttpResponse(message)) return;
    const job = conn.job as ReproxyJob;
    const request = conn.request as HttpRequest;
    conn.job = null;
    conn.aliveSec = this.nowSec();
    const sizeBytes = responseSizeBytes(message);
    // ClientProxy.pm `backend_response_received`: a 2xx or a 416 of the expected size is the file.
    const goodStatus = (message.status >= 200 && message.status < 300) || message.status === 416;
    const ok = goodStatus && (job.expectedSizeBytes === null || sizeBytes === job.expectedSizeBytes);
    if (ok) this.clients.answer(job.clientConnId, 200, message);
    // A failed URL's connection is closed, not kept ("non_200_reproxy"), whatever keep-alive allows.
    if (ok && this.settings.reproxyMode === 'keepalive' && keepsAlive(request, message)) this.becomeBored(conn);
    else this.drop(conn, true);
    if (!ok) this.moveOn(job);
  }

  /** The storage node closed (FIN) or reset the connection: a file in flight moves on. */
  lost(connId: number, peerClosed: boolean): void {
    const conn = this.connections.get(connId);
    if (!conn) return;
    const job = conn.state === 'wait_res' ? conn.job : null;
    this.drop(conn, peerClosed);
    if (job) this.moveOn(job);
  }

  /** `do_reproxy`: the job joins its host's queue and the host gets a connection if it needs one. */
  private attempt(job: ReproxyJob): void {
    const target = job.targets[job.index];
    if (!target) return this.clients.answer(job.clientConnId, 503);
    const storage = this.storageFor(target);
    storage.queue.push(job);
    this.spawn(storage);
  }

  /** `try_next_uri`: the file is tried at its next URL, if its client still waits. */
  private moveOn(job: ReproxyJob): void {
    job.index += 1;
    if (!this.clients.waits(job.clientConnId)) return;
    this.clients.move(job.clientConnId, clientProxyLifecycle.moves.TRY_NEXT_URI);
    this.attempt(job);
  }

  /**
   * `spawn_backend`: a connect pending for more than the connect timeout (5 s;
   * ReproxyManager.pm `create_time < time() - 5`) is given up as a bad connect; otherwise
   * one connect at a time. A waiting job takes the newest idle connection younger than
   * `reproxyIdleMs` (older ones are closed, "too_close_disconnect"), else a new connect starts.
   */
  private spawn(storage: StorageHost): void {
    const nowSec = this.nowSec();
    if (isConnecting(storage.state)) {
      if (storage.connectSec >= nowSec - wholeSeconds(this.settings.connectTimeoutMs)) return;
      this.abandonConnect(storage, hostMoves.BAD_CONNECT);
      this.noteBadConnect(storage);
      return this.spawn(storage);
    }
    if (storage.queue.length === 0) return;
    const idleSecMax = wholeSeconds(this.settings.reproxyIdleMs);
    for (let idle = storage.bored.pop(); idle; idle = storage.bored.pop()) {
      if (idle.aliveSec < nowSec - idleSecMax) {
        this.forget(idle, true);
        continue;
      }
      return this.becomeBored(idle);
    }
    const tag = this.out.connect(storage.host, storage.port);
    hostMoves.SPAWN.move(storage);
    storage.connectTag = tag;
    storage.connectSec = nowSec;
    this.connecting.set(tag, storage);
    this.out.emit({ type: 'perlbal.reproxyConnect', host: storage.host, port: storage.port, tag });
  }

  /**
   * `register_boredom`: the connection is `bored`, and serves the first queued job whose client still
   * waits; with none it is kept idle in `keepalive` mode (the oldest idle one closed once
   * older than `reproxyIdleMs`) and closed in `close` mode.
   */
  private becomeBored(conn: ReproxyConnection): void {
    if (conn.state !== 'bored') backendMoves.BORED.move(conn);
    const job = this.nextJob(conn.storage);
    if (job) return this.sendGet(conn, job);
    conn.request = null;
    if (this.settings.reproxyMode !== 'keepalive') return this.drop(conn, true);
    const bored = conn.storage.bored;
    bored.push(conn);
    const oldest = bored[0] as ReproxyConnection;
    if (oldest !== conn && oldest.aliveSec < this.nowSec() - wholeSeconds(this.settings.reproxyIdleMs)) this.forget(oldest, true);
  }

  private sendGet(conn: ReproxyConnection, job: ReproxyJob): void {
    const target = job.targets[job.index] as ReproxyTarget;
    const request = this.settings.reproxyMode === 'keepalive' ? target.getKeepAlive : target.getClose;
    backendMoves.REQUEST_SENT.move(conn);
    this.clients.move(job.clientConnId, clientProxyLifecycle.moves.REQUEST_SENT);
    conn.job = job;
    conn.request = request;
    this.out.send(conn.connId, request);
  }

  private nextJob(storage: StorageHost): ReproxyJob | undefined {
    let job = storage.queue.shift();
    while (job && !this.clients.waits(job.clientConnId)) job = storage.queue.shift();
    return job;
  }

  /**
   * `note_bad_backend_connect`: with no open connection to the host (its bad connect left
   * it `empty`), every job queued there tries its next URL, "because this host is down";
   * with one open, the queue stays.
   */
  private noteBadConnect(storage: StorageHost): void {
    if (storage.state !== 'empty') return;
    for (const job of storage.queue.splice(0)) this.moveOn(job);
  }

  /** The host's connect ended (`move` says how): no longer in flight. */
  private endConnect(tag: number, move: LifecycleEvent<ReproxyHostState>): StorageHost {
    const storage = this.connecting.get(tag);
    if (!storage) throw new Error(`perlbal: reproxy connect ${tag} ended twice or was never made`);
    this.connecting.delete(tag);
    move.move(storage);
    return storage;
  }

  /** The proxy closes a socket still connecting: if it opens after all, it is reset. */
  private abandonConnect(storage: StorageHost, move: LifecycleEvent<ReproxyHostState, 'BAD_CONNECT' | 'CONNECT_CLOSED'>): void {
    this.endConnect(storage.connectTag, move);
    this.abandoned.add(storage.connectTag);
  }

  /**
   * Forgets the connection, closing the proxy's side with `closeOwn` (not needed after an
   * RST); like `note_backend_close`, it then gives the host a new connection if jobs wait.
   */
  private drop(conn: ReproxyConnection, closeOwn: boolean): void {
    this.forget(conn, closeOwn);
    this.spawn(conn.storage);
  }

  /** {@link drop} without the new connection: Perlbal's `$NoSpawn` while it prunes idle connections. */
  private forget(conn: ReproxyConnection, closeOwn: boolean): void {
    const storage = conn.storage;
    backendMoves.CLOSE.move(conn);
    this.connections.delete(conn.connId);
    storage.openCount -= 1;
    if (storage.openCount === 0) hostMoves.LAST_CLOSED.move(storage);
    const at = storage.bored.indexOf(conn);
    if (at >= 0) storage.bored.splice(at, 1);
    if (closeOwn) this.out.close(conn.connId);
  }

  private storageFor(target: ReproxyTarget): StorageHost {
    const key = target.hostKey;
    let storage = this.storages.get(key);
    if (!storage) {
      storage = {
        host: target.host, port: target.port, state: reproxyHostLifecycle.start(), queue: [], connectTag: -1, connectSec: 0, openCount: 0, bored: [],
      };
      this.storages.set(key, storage);
    }
    return storage;
  }
}
