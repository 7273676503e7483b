import type { Endpoint, PortTableSettings } from '../../../sim/net/portTable.js';

/**
 * A deliberately naive reference model of one host's port table, written from DOMAIN.md §6
 * and DESIGN.md "Network contracts" rather than from sim/net/portTable.ts: a map of
 * 4-tuples (open sockets and TIME_WAIT entries with their end times), bind reservations and
 * listeners, and answers by brute force over the (small) port range.
 */

export interface ModelEntry {
  readonly local: number;
  readonly remote: Endpoint;
  state: 'open' | 'timeWait';
  /** The socket's port came from bind(): it reserves the port for every destination. */
  readonly bound: boolean;
  /**
   * Accepted on a listener's port: the listener's bind bucket lives on with it, so
   * connect() skips the port for every destination, but a new listener may still bind
   * it (SO_REUSEADDR).
   */
  readonly accepted: boolean;
  startUs: number;
  endUs: number;
}

const usPerMs = 1_000;

export function tupleKey(local: number, remote: Endpoint): string {
  return `${local}|${remote.ip}|${remote.port}`;
}

export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

export class PortModel {
  readonly tuples = new Map<string, ModelEntry>();
  /** bind(0) reservations not yet connected, as a multiset of ports. */
  readonly holds = new Map<number, number>();
  readonly listeners = new Set<number>();
  timeWaitMax = 0;
  portsInUseMax = 0;
  timeWaitReused = 0;
  timeWaitOverflows = 0;

  constructor(readonly settings: PortTableSettings, readonly localIp: number) {}

  /** Drops every TIME_WAIT entry whose end is at or before `nowUs`. */
  expire(nowUs: number): void {
    for (const [key, entry] of this.tuples) {
      if (entry.state === 'timeWait' && entry.endUs <= nowUs) this.tuples.delete(key);
    }
  }

  /** When a TIME_WAIT entry begun at `closeUs` ends (DOMAIN.md §6 reaping slack). */
  timeWaitEndUs(closeUs: number): number {
    const endUs = closeUs + this.settings.timeWaitMs * usPerMs;
    const reapUs = this.settings.timeWaitReapIntervalMs * usPerMs;
    if (reapUs === 0) return endUs;
    const past = endUs % reapUs; // first multiple of the interval at or after endUs
    return past === 0 ? endUs : endUs + reapUs - past;
  }

  reuseAllowed(remoteIp: number): boolean {
    const { twReuse, timestamps } = this.settings;
    if (!timestamps) return false;
    return twReuse === 1 || (twReuse === 2 && isLoopback(this.localIp) && isLoopback(remoteIp));
  }

  reusable(entry: ModelEntry, nowUs: number): boolean {
    return entry.state === 'timeWait' && this.reuseAllowed(entry.remote.ip)
      && nowUs - entry.startUs > this.settings.twReuseDelayMs * usPerMs;
  }

  /** Reserved for every destination: a held bind(0), a listener, or a bound socket (open or TIME_WAIT). */
  reserved(port: number): boolean {
    if ((this.holds.get(port) ?? 0) > 0 || this.listeners.has(port)) return true;
    for (const entry of this.tuples.values()) if (entry.local === port && entry.bound) return true;
    return false;
  }

  /** Any socket, TIME_WAIT entry, hold or listener on the port. */
  used(port: number): boolean {
    if (this.reserved(port)) return true;
    for (const entry of this.tuples.values()) if (entry.local === port) return true;
    return false;
  }

  /** Whether connect() to `remote` may take `port` now. */
  available(port: number, remote: Endpoint, nowUs: number): boolean {
    if (this.reserved(port)) return false;
    for (const entry of this.tuples.values()) if (entry.local === port && entry.accepted) return false;
    const entry = this.tuples.get(tupleKey(port, remote));
    return entry === undefined || this.reusable(entry, nowUs);
  }

  rangePorts(): number[] {
    const { low, high } = this.settings.portRange;
    return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  }

  portsInUse(): number {
    return this.rangePorts().filter((port) => this.used(port)).length;
  }

  timeWaitCount(): number {
    let n = 0;
    for (const entry of this.tuples.values()) if (entry.state === 'timeWait') n++;
    return n;
  }

  openCount(): number {
    return this.tuples.size - this.timeWaitCount();
  }

  /** Opens the tuple, taking over a TIME_WAIT entry; returns whether one was taken over. */
  open(local: number, remote: Endpoint, bound: boolean, nowUs: number, accepted = false): boolean {
    const key = tupleKey(local, remote);
    const existing = this.tuples.get(key);
    if (existing?.state === 'open') throw new Error(`model: duplicate open 4-tuple ${key}`);
    this.tuples.set(key, { local, remote, state: 'open', bound, accepted, startUs: nowUs, endUs: Infinity });
    if (existing) this.timeWaitReused++;
    return existing !== undefined;
  }

  release(local: number, remote: Endpoint, timeWait: boolean, nowUs: number): void {
    const key = tupleKey(local, remote);
    const entry = this.tuples.get(key);
    if (entry?.state !== 'open') throw new Error(`model: release of ${key}, which is not open`);
    if (timeWait && this.timeWaitCount() < this.settings.timeWaitBucketsMax) {
      entry.state = 'timeWait';
      entry.startUs = nowUs;
      entry.endUs = this.timeWaitEndUs(nowUs);
      return;
    }
    if (timeWait) this.timeWaitOverflows++;
    this.tuples.delete(key);
  }

  hold(port: number, delta: 1 | -1): void {
    const n = (this.holds.get(port) ?? 0) + delta;
    if (n === 0) this.holds.delete(port);
    else this.holds.set(port, n);
  }

  /** Call after every operation: the maxima are of the states seen between operations. */
  noteMaxima(): void {
    this.timeWaitMax = Math.max(this.timeWaitMax, this.timeWaitCount());
    this.portsInUseMax = Math.max(this.portsInUseMax, this.portsInUse());
  }
}
