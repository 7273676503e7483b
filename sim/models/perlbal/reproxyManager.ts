import { keepsAlive, type HttpRequest } from '../http/httpMessage.js';
import { isHttpResponse, responseSizeBytes } from './httpKind.js';
import type { Outbox } from './outbox.js';
import type { PerlbalSettings } from './perlbalSettings.js';
import type { ReproxyTarget } from './reproxyTarget.js';

/** A file a client waits for: its URLs in order and which one is being tried. */
interface ReproxyJob {
  readonly clientConnId: number;
  readonly targets: readonly ReproxyTarget[];
  index: number;
  readonly expectedSizeBytes: number | null;
}

/** One storage host:port: its queue, its connect in flight, its idle keep-alive connection. */
interface StorageHost {
  readonly host: string;
  readonly port: number;
  readonly queue: ReproxyJob[];
  connectTag: number | null;
  idleConnId: number | null;
}

interface ReproxyConnection {
  readonly connId: number;
  readonly storage: StorageHost;
  job: ReproxyJob | null;
  request: HttpRequest | null;
}

/** How the manager hands a result back: the client's answer, status and body size. */
export type ReproxyAnswer = (clientConnId: number, status: number, bodyBytes: number) => void;

/**
 * Fetches reproxied files from storage nodes (DOMAIN.md §3): per-host queues with one
 * connect in flight per host; `GET path HTTP/1.0` to the current URL; a failed connect, a
 * non-2xx status or a size other than the expected one moves the job to its next URL, and
 * none left is a 503. In `close` mode each file gets its own connection, closed by the
 * proxy after the body (so the TIME_WAIT stays on the proxy host); in `keepalive` mode one
 * idle connection per host is kept for `reproxyIdleMs` and reused.
 */
export class ReproxyManager {
  private readonly storages = new Map<string, StorageHost>();
  private readonly connections = new Map<number, ReproxyConnection>();
  private readonly connecting = new Map<number, StorageHost>();
  private readonly abandoned = new Set<number>();

  constructor(
    private readonly settings: PerlbalSettings,
    private readonly out: Outbox,
    private readonly answer: ReproxyAnswer,
    private readonly clientWaits: (clientConnId: number) => boolean,
  ) {}

  ownsTag(tag: number): boolean {
    return this.connecting.has(tag) || this.abandoned.has(tag);
  }

  ownsConnection(connId: number): boolean {
    return this.connections.has(connId);
  }

  /** Starts fetching a file for a client; an empty URL list is answered 503 at once. */
  start(clientConnId: number, targets: readonly ReproxyTarget[], expectedSizeBytes: number | null): void {
    this.attempt({ clientConnId, targets, index: 0, expectedSizeBytes });
  }

  connected(tag: number, connId: number): void {
    // The proxy closed this socket at the connect timeout; RST stands for that close, which leaves no TIME_WAIT.
    if (this.abandoned.delete(tag)) return this.out.emit({ type: 'tcp.reset', connId });
    const storage = this.endConnect(tag);
    const conn: ReproxyConnection = { connId, storage, job: null, request: null };
    this.connections.set(connId, conn);
    this.serveNext(conn);
    this.connectIfWaiting(storage);
  }

  connectFailed(tag: number): void {
    if (this.abandoned.delete(tag)) return;
    this.failConnect(this.endConnect(tag));
  }

  /** The connect timeout fired: the connect is abandoned and counts as failed. */
  connectTimedOut(tag: number): void {
    const storage = this.connecting.get(tag);
    if (!storage) return;
    this.connecting.delete(tag);
    this.abandoned.add(tag);
    this.failConnect(storage);
  }

  receive(connId: number, message: unknown): void {
    const conn = this.connections.get(connId);
    if (!conn?.job || !conn.request || !isHttpResponse(message)) return;
    const { job, request } = conn;
    conn.job = null;
    const sizeBytes = responseSizeBytes(message);
    const ok = message.status >= 200 && message.status < 300 && (job.expectedSizeBytes === null || sizeBytes === job.expectedSizeBytes);
    if (ok) this.answer(job.clientConnId, 200, sizeBytes);
    if (this.settings.reproxyMode === 'keepalive' && keepsAlive(request, message)) this.serveNext(conn);
    else this.drop(conn, true);
    if (!ok) this.moveOn(job);
  }

  /** The storage node closed (FIN) or reset the connection: a file in flight moves on. */
  lost(connId: number, peerClosed: boolean): void {
    const conn = this.connections.get(connId);
    if (!conn) return;
    this.drop(conn, peerClosed);
    if (conn.job) this.moveOn(conn.job);
  }

  /** The idle timer of a keep-alive connection fired (DOMAIN.md §3: kept 5 s). */
  idleExpired(connId: number): void {
    const conn = this.connections.get(connId);
    if (conn && conn.storage.idleConnId === connId) this.drop(conn, true);
  }

  private attempt(job: ReproxyJob): void {
    const target = job.targets[job.index];
    if (!target) return this.answer(job.clientConnId, 503, 0);
    const storage = this.storageFor(target);
    storage.queue.push(job);
    if (storage.idleConnId !== null) {
      const idle = this.connections.get(storage.idleConnId) as ReproxyConnection;
      this.out.cancelTimer({ kind: 'reproxyIdle', connId: idle.connId });
      storage.idleConnId = null;
      this.serveNext(idle);
    }
    this.connectIfWaiting(storage);
  }

  private moveOn(job: ReproxyJob): void {
    job.index += 1;
    if (this.clientWaits(job.clientConnId)) this.attempt(job);
  }

  /** Gives the connection the next job of its host whose client still waits, or parks or closes it. */
  private serveNext(conn: ReproxyConnection): void {
    const job = this.nextJob(conn.storage);
    if (job) return this.sendGet(conn, job);
    if (this.settings.reproxyMode === 'keepalive' && conn.storage.idleConnId === null) {
      conn.storage.idleConnId = conn.connId;
      conn.request = null;
      this.out.startTimer({ kind: 'reproxyIdle', connId: conn.connId }, this.settings.reproxyIdleMs);
      return;
    }
    this.drop(conn, true);
  }

  private sendGet(conn: ReproxyConnection, job: ReproxyJob): void {
    const target = job.targets[job.index] as ReproxyTarget;
    const connection = this.settings.reproxyMode === 'keepalive' ? 'keep-alive' : 'close';
    const request: HttpRequest = { kind: 'httpRequest', method: 'GET', path: target.path, version: '1.0', headers: { connection }, bodyBytes: 0 };
    conn.job = job;
    conn.request = request;
    this.out.send(conn.connId, request);
  }

  private nextJob(storage: StorageHost): ReproxyJob | undefined {
    let job = storage.queue.shift();
    while (job && !this.clientWaits(job.clientConnId)) job = storage.queue.shift();
    return job;
  }

  /** One connect in flight per host (DOMAIN.md §3), and only while some client waits there. */
  private connectIfWaiting(storage: StorageHost): void {
    if (storage.connectTag !== null) return;
    while (storage.queue.length > 0 && !this.clientWaits((storage.queue[0] as ReproxyJob).clientConnId)) storage.queue.shift();
    if (storage.queue.length === 0) return;
    const tag = this.out.connect(storage.host, storage.port, this.settings.connectTimeoutMs);
    storage.connectTag = tag;
    this.connecting.set(tag, storage);
    this.out.emit({ type: 'perlbal.reproxyConnect', host: storage.host, port: storage.port, tag });
  }

  private endConnect(tag: number): StorageHost {
    const storage = this.connecting.get(tag);
    if (!storage) throw new Error(`perlbal: reproxy connect ${tag} ended twice or was never made`);
    this.connecting.delete(tag);
    this.out.cancelTimer({ kind: 'connect', tag });
    storage.connectTag = null;
    return storage;
  }

  /** The head job of the host had this connect coming: it moves to its next URL, and the rest get a new connect. */
  private failConnect(storage: StorageHost): void {
    storage.connectTag = null;
    const job = this.nextJob(storage);
    if (job) this.moveOn(job);
    this.connectIfWaiting(storage);
  }

  /** Forgets the connection; `closeOwn` closes the proxy's side (not needed after an RST). */
  private drop(conn: ReproxyConnection, closeOwn: boolean): void {
    this.connections.delete(conn.connId);
    if (conn.storage.idleConnId === conn.connId) {
      conn.storage.idleConnId = null;
      this.out.cancelTimer({ kind: 'reproxyIdle', connId: conn.connId });
    }
    if (closeOwn) this.out.close(conn.connId);
  }

  private storageFor(target: ReproxyTarget): StorageHost {
    const key = `${target.host}:${target.port}`;
    let storage = this.storages.get(key);
    if (!storage) {
      storage = { host: target.host, port: target.port, queue: [], connectTag: null, idleConnId: null };
      this.storages.set(key, storage);
    }
    return storage;
  }
}
