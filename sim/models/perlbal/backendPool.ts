import type { HttpRequest } from '../http/httpMessage.js';
import { backendHttpLifecycle, type BackendHttpState } from './backendHttpLifecycle.js';
import { wholeSeconds } from './perlbalClock.js';
import type { Backend, PerlbalSettings } from './perlbalSettings.js';

/** A connection to a web node, from its connect on. Plain data, mutated by `ProxyState`. */
export interface BackendConnection {
  /** The connection's id once connected; -1 while `connecting`. */
  connId: number;
  /** The connect's tag, the key while `connecting`. */
  readonly tag: number;
  readonly backend: Backend;
  /** Where it is in its lifecycle (backendHttpLifecycle.ts): connecting, verifying, bored (pooled), wait_res, closed. */
  state: BackendHttpState;
  /** The client it works for; null for a `connect_ahead` spare and while `bored`. */
  clientConnId: number | null;
  /** The request last sent on it, for the keep-alive decision on its response. */
  sent: HttpRequest | null;
  /** Proxy clock second the connect was made, then the second it connected. */
  createdSec: number;
  /** It answered `OPTIONS *` or a request: the node is known to be listening (Perlbal's `has_attention`). */
  hasAttention: boolean;
}

/** `ip:port` of a backend: the key of the verification cache (BackendHTTP.pm keys it by `ipport`). */
export function backendKey(backend: Backend): string {
  return `${backend.host}:${backend.port}`;
}

/** A backend connection's moves, each resolved once: `backendMoves.CLOSE.move(conn)`. */
export const backendMoves = backendHttpLifecycle.moves;

/** Moves a backend connection along its lifecycle. */
/**
 * The web nodes and Perlbal's connections to them: the random pick, connects in flight,
 * open connections, the idle pool of `backend_persist_cache` and which nodes passed
 * `verify_backend` recently (Service.pm, BackendHTTP.pm).
 */
export class BackendPool {
  /** Connects in flight, by tag: connections in state `connecting`. */
  readonly connecting = new Map<number, BackendConnection>();
  /** Connects given up at the connect timeout; if one opens later it is reset. */
  readonly abandoned = new Set<number>();
  /** Open connections by id. */
  readonly connections = new Map<number, BackendConnection>();
  /** Connections in state `bored`, oldest first. */
  private readonly idle: BackendConnection[] = [];
  /** `connect_ahead` spares still connecting. */
  sparesConnecting = 0;
  /** ip:port → the proxy clock second until which its verification counts. */
  private readonly verifiedUntilSec = new Map<string, number>();

  constructor(private readonly settings: PerlbalSettings) {}

  /** A node picked uniformly at random (Pool.pm, `balance_method random`). */
  pick(): Backend {
    const { backends, random } = this.settings;
    const draw = random();
    if (!(draw >= 0 && draw < 1)) throw new Error(`perlbal: random() should return a number in [0, 1), got ${draw}`);
    return backends[Math.floor(draw * backends.length)] as Backend;
  }

  /** A new connection, `connecting`: for a client, or a spare when `clientConnId` is null. */
  startConnect(tag: number, backend: Backend, clientConnId: number | null, nowSec: number): void {
    const conn: BackendConnection = {
      connId: -1, tag, backend, state: backendHttpLifecycle.start(), clientConnId, sent: null, createdSec: nowSec, hasAttention: false,
    };
    this.connecting.set(tag, conn);
    if (clientConnId === null) this.sparesConnecting += 1;
  }

  /** The connect with `tag` ended (connected, failed or given up): no longer in flight. */
  endConnect(tag: number): BackendConnection {
    const conn = this.connecting.get(tag);
    if (!conn) throw new Error(`perlbal: backend connect ${tag} ended twice or was never made`);
    this.connecting.delete(tag);
    if (conn.clientConnId === null) this.sparesConnecting -= 1;
    return conn;
  }

  /** The most recently parked idle connection, taken out of the pool (still `bored` until it is used or closed). */
  takeIdle(): BackendConnection | undefined {
    return this.idle.pop();
  }

  /** Idle connections and spares on their way: what `connect_ahead` counts as made (Service.pm `spawn_backends`). */
  get sparesMade(): number {
    return this.idle.length + this.sparesConnecting;
  }

  /** Parks a connection if the pool has room (`backend_persist_cache`, or `connect_ahead` if larger); false means the caller closes it. */
  park(conn: BackendConnection): boolean {
    if (this.idle.length >= Math.max(this.settings.backendPersistCache, this.settings.connectAhead)) return false;
    backendMoves.BORED.move(conn);
    conn.clientConnId = null;
    this.idle.push(conn);
    return true;
  }

  /** Closes a connection in the lifecycle and forgets it; the caller closes the socket if it is still open. */
  remove(conn: BackendConnection): void {
    backendMoves.CLOSE.move(conn);
    this.connections.delete(conn.connId);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
  }

  isVerified(backend: Backend, nowSec: number): boolean {
    return (this.verifiedUntilSec.get(backendKey(backend)) ?? -1) > nowSec;
  }

  /** Good for `verifyCacheMs` from now (BackendHTTP.pm: the result is cached 60 s per ip:port). */
  markVerified(backend: Backend, nowSec: number): void {
    this.verifiedUntilSec.set(backendKey(backend), nowSec + wholeSeconds(this.settings.verifyCacheMs));
  }
}
