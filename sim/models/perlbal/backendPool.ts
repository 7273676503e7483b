import type { HttpRequest } from '../http/httpMessage.js';
import { wholeSeconds } from './perlbalClock.js';
import type { Backend, PerlbalSettings } from './perlbalSettings.js';

/** A connection to a web node. Plain data, mutated by `ProxyState`. */
export interface BackendConnection {
  readonly connId: number;
  readonly backend: Backend;
  /** `verifying`: `OPTIONS *` sent; `forwarding`: a client's request sent; `idle`: parked in the pool. */
  phase: 'verifying' | 'forwarding' | 'idle';
  /** The client it works for; null while idle. */
  clientConnId: number | null;
  /** The request last sent on it, for the keep-alive decision on its response. */
  sent: HttpRequest | null;
  /** Proxy clock second it connected. */
  readonly createdSec: number;
  /** It answered `OPTIONS *` or a request: the node is known to be listening (Perlbal's `has_attention`). */
  hasAttention: boolean;
}

/** A connect to a web node in flight. */
export interface BackendConnect {
  /** The client it is for; null for a `connect_ahead` spare. */
  readonly clientConnId: number | null;
  readonly backend: Backend;
  readonly createdSec: number;
}

/** `ip:port` of a backend: the key of the verification cache (DOMAIN.md §3). */
export function backendKey(backend: Backend): string {
  return `${backend.host}:${backend.port}`;
}

/**
 * The web nodes and Perlbal's connections to them: the random pick, connects in flight,
 * open connections, the idle pool of `backend_persist_cache` and which nodes passed
 * `verify_backend` recently (DOMAIN.md §3).
 */
export class BackendPool {
  /** Connects in flight: tag → the client it is for, the node and the proxy clock second it was made. */
  readonly connecting = new Map<number, BackendConnect>();
  /** Connects given up at the connect timeout; if one opens later it is reset. */
  readonly abandoned = new Set<number>();
  readonly connections = new Map<number, BackendConnection>();
  /** Idle connections, oldest first. */
  private readonly idle: BackendConnection[] = [];
  /** `connect_ahead` spares still connecting. */
  sparesConnecting = 0;
  /** ip:port → the proxy clock second until which its verification counts. */
  private readonly verifiedUntilSec = new Map<string, number>();

  constructor(private readonly settings: PerlbalSettings) {}

  /** A node picked uniformly at random (DOMAIN.md §3). */
  pick(): Backend {
    const { backends, random } = this.settings;
    const draw = random();
    if (!(draw >= 0 && draw < 1)) throw new Error(`perlbal: random() should return a number in [0, 1), got ${draw}`);
    return backends[Math.floor(draw * backends.length)] as Backend;
  }

  /** The most recently parked idle connection, taken out of the pool. */
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
    conn.phase = 'idle';
    conn.clientConnId = null;
    this.idle.push(conn);
    return true;
  }

  /** Forgets a connection that is gone or being closed. */
  remove(conn: BackendConnection): void {
    this.connections.delete(conn.connId);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
  }

  isVerified(backend: Backend, nowSec: number): boolean {
    return (this.verifiedUntilSec.get(backendKey(backend)) ?? -1) > nowSec;
  }

  /** Good for `verifyCacheMs` from now (DOMAIN.md §3: the result is cached 60 s per ip:port). */
  markVerified(backend: Backend, nowSec: number): void {
    this.verifiedUntilSec.set(backendKey(backend), nowSec + wholeSeconds(this.settings.verifyCacheMs));
  }
}
