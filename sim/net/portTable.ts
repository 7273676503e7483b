import type { RandomStream } from '../kernel/randomStream.js';
import { PortBitset, parityMaskEven, parityMaskOdd } from './portBitset.js';
import { outgoingFlag, TimeWaitRing } from './timeWaitRing.js';
import { Destination } from './destination.js';
import { PortArray } from './portArray.js';
import { TupleTable, tupleHandle, type TupleSlab } from './tupleTable.js';

/** An inclusive range of local ports, as in `net.ipv4.ip_local_port_range`. */
export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** `net.ipv4.tcp_tw_reuse`: 0 off, 1 on, 2 loopback traffic only (DOMAIN.md §6). */
export type TwReuse = 0 | 1 | 2;

/** Kernel settings of one host's TCP port table. Defaults are Linux's (DOMAIN.md §6). */
export interface PortTableSettings {
  /** Default 32768–60999, 28 232 ports. */
  readonly portRange: PortRange;
  /** TIME_WAIT length on the side that closes first; 60 000, not tunable on Linux. */
  readonly timeWaitMs: number;
  /**
   * Linux reaps TIME_WAIT sockets in batches (every 2.048 s at HZ=250, DOMAIN.md §6), so a
   * port comes back 60.0–62.1 s after close. 0 frees it at exactly `timeWaitMs`; otherwise
   * the entry ends at the first multiple of this interval at or after `timeWaitMs`.
   */
  readonly timeWaitReapIntervalMs: number;
  readonly twReuse: TwReuse;
  /** Age a TIME_WAIT entry must exceed before tw_reuse may take it (1 000 ms). */
  readonly twReuseDelayMs: number;
  /** TCP timestamps; tw_reuse needs them (on by default). */
  readonly timestamps: boolean;
  /**
   * `net.ipv4.tcp_max_tw_buckets`: past this many TIME_WAIT entries Linux closes new ones
   * at once instead ("time wait bucket table overflow"). Not part of DOMAIN.md's
   * measurements; 262 144 keeps it out of the way of every scenario here.
   */
  readonly timeWaitBucketsMax: number;
}

export const linuxPortTableDefaults: PortTableSettings = {
  portRange: { low: 32_768, high: 60_999 },
  timeWaitMs: 60_000,
  timeWaitReapIntervalMs: 0,
  twReuse: 2,
  twReuseDelayMs: 1_000,
  timestamps: true,
  timeWaitBucketsMax: 262_144,
};

/** A remote end: its IPv4 address as an unsigned integer and its port. */
export interface Endpoint {
  readonly ip: number;
  readonly port: number;
}

/** What `connect()` got: a local port, or the error Linux gives when none is free. */
export type ConnectPortResult =
  | { readonly ok: true; readonly port: number; readonly reusedTimeWait: boolean; readonly handle: number }
  | { readonly ok: false; readonly errno: 'EADDRNOTAVAIL' | 'EADDRINUSE' };

/** Flags of an open socket, kept in the tuple map so release needs nothing else. */
const flagActive = outgoingFlag; // made by connect(): tracked in the destination's port bitset
const flagBound = 2; // its port came from bind(0): reserved for every destination
const flagAccepted = 4; // accepted on a listener's port: that bind bucket stays reserved

/** Slot values of the tuple table: open sockets are −1 − flags, TIME_WAIT entries seq + 1. */
function openValue(flags: number): number {
  return -1 - flags;
}

const twoTo16 = 65_536;
const connectStep = 2;

function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

/**
 * One host's TCP port bookkeeping with Linux's rules (DOMAIN.md §6), as plain data: the
 * table of 4-tuples (open sockets and TIME_WAIT entries), per-port reference counts, and
 * the ephemeral port search of `__inet_hash_connect`: start at a hash of the destination
 * plus a perturbation, walk by 2 through the ports with the parity of the range's low end,
 * then the other parity, take the first port whose 4-tuple to that destination is free
 * (or whose TIME_WAIT tw_reuse may take), and fail with EADDRNOTAVAIL when none is.
 *
 * The walk is exact but runs over bitsets 32 ports a word, so a search that crosses
 * thousands of blocked ports costs a few hundred word operations, not thousands of lookups.
 */
export class PortTable {
  private readonly tuples = new TupleTable();
  private readonly ipIndexes = new Map<number, number>();
  /** Addresses by index, the inverse of `ipIndexes`. */
  private readonly ips: number[] = [];
  private readonly destinations = new Map<number, Destination>();
  private readonly portRefs = new PortArray();
  /** Reasons connect() must skip a port for every destination (a bind bucket exists). */
  private readonly reserveRefs = new PortArray();
  /** bind(0) holds and the sockets made from them: these also keep a listener off the port. */
  private readonly exclusiveRefs = new PortArray();
  private readonly listening = new Set<number>();
  private readonly boundBits = new PortBitset();
  private readonly usedBits = new PortBitset();
  private readonly timeWaits: TimeWaitRing;
  /** Linux's table_perturb (unsigned 32-bit counters, kept as int32 bits). */
  private readonly perturb = new PortArray();
  /** Steps the last walk took to its port. */
  private walkSteps = 0;
  private secret: number;
  private portsInUseCount = 0;
  private boundInRangeCount = 0;
  private openCount = 0;
  /**
   * Sockets in LAST_ACK whose final ACK is in flight (tcp.ts): each tuple closes when its
   * ACK arrives, applied lazily by `expire` like the end of a TIME_WAIT, so the close costs
   * no event of its own. Few at a time: the sockets a host closes within one transit.
   */
  private closingHandles = new Int32Array(16);
  private closingDueUs = new Float64Array(16);
  private closingCount = 0;
  /** Highest TIME_WAIT count so far (exact: counted when entries are added, after expiry). */
  timeWaitMax = 0;
  /** Highest count of TIME_WAIT entries of connect()-made sockets so far (the host's own connections). */
  timeWaitOutgoingMax = 0;
  /** Highest count of ephemeral ports in use so far. */
  portsInUseMax = 0;
  /** TIME_WAIT entries dropped because `timeWaitBucketsMax` was reached. */
  timeWaitOverflows = 0;
  /** TIME_WAIT entries taken over by tw_reuse (connect side) or a new SYN (accept side). */
  timeWaitReused = 0;

  constructor(readonly settings: PortTableSettings, private readonly random: RandomStream) {
    const { low, high } = settings.portRange;
    if (!(Number.isInteger(low) && Number.isInteger(high) && low >= 1 && high <= 65_535 && low < high)) {
      throw new Error(`port range ${low}-${high} is not within 1-65535 with low < high`);
    }
    this.secret = random.uint32();
    this.timeWaits = new TimeWaitRing();
  }

  /** Distinct ports of the ephemeral range held by a socket, TIME_WAIT included. */
  portsInUse(nowUs: number): number {
    this.expire(nowUs);
    return this.portsInUseCount;
  }

  timeWaitCount(nowUs: number): number {
    this.expire(nowUs);
    return this.timeWaits.live;
  }

  /** TIME_WAIT entries of sockets this host made with connect(): what blocks its own new connections. */
  timeWaitOutgoingCount(nowUs: number): number {
    this.expire(nowUs);
    return this.timeWaits.liveOutgoing;
  }

  openSockets(nowUs: number): number {
    this.expire(nowUs);
    return this.openCount;
  }

  /** Picks a local port for `connect()` to `remote` and records the open socket. */
  connect(nowUs: number, localIp: number, remote: Endpoint): ConnectPortResult {
    this.expire(nowUs);
    const { low, high } = this.settings.portRange;
    const size = high - low + 1;
    const highExclusive = high + 1;
    let remaining = highExclusive - low;
    if (remaining > 1) remaining &= ~1;
    const ipIndex = this.ipIndex(remote.ip);
    const destination = this.destinationFor(ipIndex, remote.port);
    const bits = destination.bits;
    const reuse = this.reuseAllowed(localIp, remote.ip);
    // Without tw_reuse and bind reservations a port is blocked exactly when its bit is set,
    // so the counts answer "is any port of this parity free" without walking (same result).
    const countsExact = !reuse && this.boundInRangeCount === 0 && remaining === size;
    if (countsExact && bits.count >= size) return { ok: false, errno: 'EADDRNOTAVAIL' };
    const hashHigh = destination.hashFor(this.secret, localIp);
    const perturb = this.perturb;
    let offset = (((perturb.get(destination.slot) >>> 0) + hashHigh) >>> 0) % remaining;
    offset &= ~1;
    for (let pass = 0; pass < 2; pass++, offset++) {
      const start = low + offset;
      const blockedOfParity = (start & 1) === 0 ? bits.countEven : bits.count - bits.countEven;
      if (countsExact && blockedOfParity >= size / 2) continue;
      const port = this.walk(start, highExclusive, remaining, bits, ipIndex, remote.port, reuse, nowUs);
      if (port >= 0) {
        const stepsDone = Math.max(this.walkSteps, this.randomSteps());
        perturb.set(destination.slot, ((perturb.get(destination.slot) >>> 0) + stepsDone + connectStep) | 0);
        const handle = tupleHandle(destination.slab, port);
        const reusedTimeWait = this.takeTuple(handle, flagActive);
        return { ok: true, port, reusedTimeWait, handle };
      }
      if (remaining <= 1) break;
    }
    return { ok: false, errno: 'EADDRNOTAVAIL' };
  }

  /** `bind(0)`: a port no socket uses, searched from a random start with the other parity first. */
  bindAny(nowUs: number): number | 'EADDRINUSE' {
    this.expire(nowUs);
    const { low, high } = this.settings.portRange;
    const size = high - low + 1;
    const start = low + this.random.int(0, size - 1);
    const preferOdd = (low & 1) === 0;
    for (const parity of preferOdd ? [1, 0] : [0, 1]) {
      const port = this.usedBits.findClearCyclic(start, low, high, parity === 0 ? parityMaskEven : parityMaskOdd);
      if (port >= 0) {
        this.addReserve(port, true);
        return port;
      }
    }
    return 'EADDRINUSE';
  }

  /**
   * `bind(port)` for a listener, with SO_REUSEADDR as servers set it: fails only when
   * another listener, or a socket bound by bind(0), holds the port. Connections accepted
   * earlier and their TIME_WAIT entries do not stop it.
   */
  bindPort(port: number): boolean {
    if (this.listening.has(port) || this.exclusiveRefs.get(port) > 0) return false;
    this.listening.add(port);
    this.addReserve(port, false);
    return true;
  }

  /** A listener closed. Its accepted connections keep the port reserved while they live. */
  unlistenPort(port: number): void {
    if (this.listening.delete(port)) this.dropReserve(port, false);
  }

  /** Gives back a port from bind(0) that no connection used. */
  unbindPort(port: number): void {
    this.dropReserve(port, true);
  }

  /** `connect()` from a socket already bound to `port`: only the 4-tuple must be unique. */
  connectBound(nowUs: number, localIp: number, port: number, remote: Endpoint): ConnectPortResult {
    this.expire(nowUs);
    const ipIndex = this.ipIndex(remote.ip);
    const handle = tupleHandle(this.destinationFor(ipIndex, remote.port).slab, port);
    const existing = this.tuples.get(handle);
    if (existing !== 0) {
      const reusable = existing > 0 && this.reuseAllowed(localIp, remote.ip) && this.timeWaitOldEnough(existing - 1, nowUs);
      if (!reusable) return { ok: false, errno: 'EADDRNOTAVAIL' };
    }
    // The bind(0) hold becomes the socket's: it now holds the port through its tuple.
    const reusedTimeWait = this.takeTuple(handle, flagBound);
    this.dropReserve(port, true);
    return { ok: true, port, reusedTimeWait, handle };
  }

  /**
   * Records a connection accepted on `localPort` from `remote`. A TIME_WAIT entry with the
   * same 4-tuple is recycled, as Linux accepts a new SYN into it with timestamps on
   * (DOMAIN.md §6). Returns the tuple's handle, or -1 when an open socket already has it.
   */
  accept(nowUs: number, localPort: number, remote: Endpoint): number {
    this.expire(nowUs);
    const ipIndex = this.ipIndex(remote.ip);
    const handle = tupleHandle(this.tuples.slab(ipIndex, localPort, false, true) as TupleSlab, remote.port);
    if (this.tuples.get(handle) < 0) return -1;
    // The same 4-tuple made by connect() (a port that became a listener's later) counts too.
    const outgoing = this.tuples.slab(ipIndex, remote.port, true, false);
    if (outgoing && outgoing.values.get(localPort) !== 0) return -1;
    // An accepted socket holds the listener's bind bucket: while it (or its TIME_WAIT)
    // lives, connect() skips that port for every destination, even after the listener
    // closed (a bucket made by bind() is never shared with connect()).
    this.takeTuple(handle, flagAccepted);
    return handle;
  }

  /**
   * A socket closed: into TIME_WAIT (it closed first) or gone at once (passive close, RST).
   * `outgoing` says which side made it: connect() (true) or accept (false).
   */
  release(nowUs: number, localPort: number, remote: Endpoint, timeWait: boolean, outgoing: boolean): void {
    this.expire(nowUs);
    const ipIndex = this.ipIndex(remote.ip);
    const slab = outgoing ? this.tuples.slab(ipIndex, remote.port, true, false) : this.tuples.slab(ipIndex, localPort, false, false);
    const handle = slab ? tupleHandle(slab, outgoing ? localPort : remote.port) : -1;
    if (handle < 0 || this.tuples.get(handle) >= 0) {
      throw new Error(`port table: release of ${localPort} -> ${remote.ip}:${remote.port}, which is not open`);
    }
    this.releaseHandle(nowUs, handle, timeWait);
  }

  /**
   * {@link release} by the handle connect(), connectBound() or accept() returned. Returns
   * when the TIME_WAIT entry it left ends, or -1 when it left none (none asked for, or the
   * tw_buckets table was full), so a trace can draw the period.
   */
  releaseHandle(nowUs: number, handle: number, timeWait: boolean): number {
    this.expire(nowUs);
    const value = this.tuples.get(handle);
    if (value >= 0) throw new Error(`port table: release of tuple ${handle}, which is not open`);
    this.openCount--;
    const flags = -1 - value;
    if (timeWait && this.timeWaits.live < this.settings.timeWaitBucketsMax) {
      const endUs = this.timeWaitEndUs(nowUs);
      const seq = this.timeWaits.push(handle, nowUs, endUs, flags);
      this.tuples.set(handle, seq + 1);
      if (this.timeWaits.live > this.timeWaitMax) this.timeWaitMax = this.timeWaits.live;
      if (this.timeWaits.liveOutgoing > this.timeWaitOutgoingMax) this.timeWaitOutgoingMax = this.timeWaits.liveOutgoing;
      return endUs;
    }
    if (timeWait) this.timeWaitOverflows++;
    this.dropTuple(handle, flags);
    return -1;
  }

  /**
   * {@link releaseHandle} without TIME_WAIT at `dueUs`, a time not yet come: the tuple stays
   * held until then and is free from that instant on, whichever operation looks first.
   */
  releaseHandleAt(dueUs: number, handle: number): void {
    if (this.tuples.get(handle) >= 0) throw new Error(`port table: release of tuple ${handle}, which is not open`);
    if (this.closingCount === this.closingHandles.length) this.growClosing();
    this.closingHandles[this.closingCount] = handle;
    this.closingDueUs[this.closingCount] = dueUs;
    this.closingCount++;
  }

  /** A crash: every socket and TIME_WAIT entry vanishes, listeners included. */
  clear(): void {
    this.closingCount = 0;
    this.tuples.clear();
    this.destinations.clear();
    this.portRefs.clear();
    this.reserveRefs.clear();
    this.exclusiveRefs.clear();
    this.listening.clear();
    this.boundBits.clearAll();
    this.usedBits.clearAll();
    this.timeWaits.clear();
    this.portsInUseCount = 0;
    this.boundInRangeCount = 0;
    this.openCount = 0;
  }

  /**
   * Back to a table just made on this (just restarted) random stream, for a network reused
   * by another run: everything `clear` forgets, and the counters, maxima and table_perturb
   * that a crash keeps. Arrays already made are zeroed and kept (fresh ones would be
   * external memory, and collections, again); slab and address indexes are kept, being
   * internal names that no port choice depends on, as after a crash.
   */
  reset(): void {
    const secret = this.random.uint32();
    // Each destination caches its hash of the secret: kept only while the secret is the same.
    const destinations = secret === this.secret ? [...this.destinations] : [];
    this.secret = secret;
    this.clear();
    for (const [key, destination] of destinations) {
      destination.bits.clearAll();
      this.destinations.set(key, destination);
    }
    this.perturb.clear();
    this.walkSteps = 0;
    this.timeWaitMax = 0;
    this.timeWaitOutgoingMax = 0;
    this.portsInUseMax = 0;
    this.timeWaitOverflows = 0;
    this.timeWaitReused = 0;
  }

  /**
   * Closes every LAST_ACK socket whose final ACK has arrived, and ends every TIME_WAIT entry
   * whose time has come. Entries end in the order they began.
   */
  expire(nowUs: number): void {
    if (this.closingCount > 0) this.closeArrived(nowUs);
    const ring = this.timeWaits;
    while (ring.hasExpired(nowUs)) {
      const seq = ring.shift();
      const handle = ring.key(seq);
      if (this.tuples.get(handle) === seq + 1) this.dropTuple(handle, ring.flags(seq));
    }
  }

  /** Drops the tuples of `releaseHandleAt` due by `nowUs`, in the order they were asked for. */
  private closeArrived(nowUs: number): void {
    const handles = this.closingHandles;
    const dueUs = this.closingDueUs;
    const count = this.closingCount;
    let kept = 0;
    for (let index = 0; index < count; index++) {
      const handle = handles[index] as number;
      const atUs = dueUs[index] as number;
      if (atUs > nowUs) {
        handles[kept] = handle;
        dueUs[kept] = atUs;
        kept++;
        continue;
      }
      this.openCount--;
      this.dropTuple(handle, -1 - this.tuples.get(handle));
    }
    this.closingCount = kept;
  }

  private growClosing(): void {
    const handles = new Int32Array(this.closingHandles.length * 2);
    handles.set(this.closingHandles);
    const dueUs = new Float64Array(handles.length);
    dueUs.set(this.closingDueUs);
    this.closingHandles = handles;
    this.closingDueUs = dueUs;
  }

  private randomSteps(): number {
    // Linux adds up to 7 steps of randomness to the next search start on low contention.
    return this.random.int(0, 7) * connectStep;
  }

  private timeWaitEndUs(nowUs: number): number {
    const endUs = nowUs + this.settings.timeWaitMs * 1_000;
    const reapUs = this.settings.timeWaitReapIntervalMs * 1_000;
    return reapUs > 0 ? Math.ceil(endUs / reapUs) * reapUs : endUs;
  }

  private reuseAllowed(localIp: number, remoteIp: number): boolean {
    const { twReuse, timestamps } = this.settings;
    if (!timestamps) return false;
    return twReuse === 1 || (twReuse === 2 && isLoopback(localIp) && isLoopback(remoteIp));
  }

  private timeWaitOldEnough(seq: number, nowUs: number): boolean {
    return nowUs - this.timeWaits.startUs(seq) > this.settings.twReuseDelayMs * 1_000;
  }

  /**
   * Walks the ports start, start+2, … wrapping by `remaining` at `highExclusive`, as the
   * kernel's loop `for (i = 0; i < remaining; i += step, port += step)` does, and returns
   * the first usable port with the number of steps taken.
   */
  private walk(
    start: number, highExclusive: number, remaining: number, bits: PortBitset,
    ipIndex: number, remotePort: number, reuse: boolean, nowUs: number,
  ): number {
    const mask = (start & 1) === 0 ? parityMaskEven : parityMaskOdd;
    const portsTotal = Math.ceil(remaining / connectStep);
    const lastBeforeWrap = highExclusive - 1 - ((highExclusive - 1 - start) & 1);
    const countA = Math.min(portsTotal, Math.floor((lastBeforeWrap - start) / connectStep) + 1);
    const slab = reuse ? this.destinationFor(ipIndex, remotePort).slab : null;
    const canTake = slab ? (port: number) => this.reusableAt(slab, port, nowUs) : undefined;
    let port = bits.findFree(this.boundBits, start, start + (countA - 1) * connectStep, mask, canTake);
    if (port >= 0) {
      this.walkSteps = port - start;
      return port;
    }
    const countB = portsTotal - countA;
    if (countB <= 0) return -1;
    const startB = start + countA * connectStep - remaining;
    port = bits.findFree(this.boundBits, startB, startB + (countB - 1) * connectStep, mask, canTake);
    if (port >= 0) this.walkSteps = countA * connectStep + (port - startB);
    return port;
  }

  /** A blocked port that tw_reuse may take: its tuple is a TIME_WAIT old enough, not a bind. */
  private reusableAt(slab: TupleSlab, port: number, nowUs: number): boolean {
    const value = slab.values.get(port);
    return value > 0 && this.timeWaitOldEnough(value - 1, nowUs);
  }

  /** Makes the tuple an open socket, taking over a TIME_WAIT entry if one holds it. */
  private takeTuple(handle: number, flags: number): boolean {
    const existing = this.tuples.get(handle);
    let reused = false;
    if (existing > 0) {
      // The TIME_WAIT's references pass to the new socket; its ring slot dies lazily.
      const seq = existing - 1;
      const oldFlags = this.timeWaits.flags(seq);
      this.timeWaits.kill(seq);
      this.dropTuple(handle, oldFlags);
      this.timeWaitReused++;
      reused = true;
    }
    this.tuples.set(handle, openValue(flags));
    this.openCount++;
    const slab = this.tuples.slabOf(handle);
    const localPort = slab.localPort(handle & 0xffff);
    if (this.portRefs.add(localPort, 1) === 1) this.portTaken(localPort);
    if (flags & (flagBound | flagAccepted)) this.addReserve(localPort, (flags & flagBound) !== 0);
    if (flags & flagActive) this.destinationFor(slab.ipIndex, slab.fixedPort).bits.set(localPort);
    return reused;
  }

  private dropTuple(handle: number, flags: number): void {
    this.tuples.set(handle, 0);
    const slab = this.tuples.slabOf(handle);
    const localPort = slab.localPort(handle & 0xffff);
    if (this.portRefs.add(localPort, -1) === 0) this.portFreed(localPort);
    if (flags & (flagBound | flagAccepted)) this.dropReserve(localPort, (flags & flagBound) !== 0);
    if (flags & flagActive) this.destinations.get(slab.ipIndex * twoTo16 + slab.fixedPort)?.bits.clear(localPort);
  }

  private addReserve(port: number, exclusive: boolean): void {
    if (exclusive) this.exclusiveRefs.add(port, 1);
    if (this.reserveRefs.add(port, 1) === 1) {
      this.boundBits.set(port);
      if (this.inRange(port)) this.boundInRangeCount++;
      if (this.portRefs.get(port) === 0) this.portTaken(port);
    }
  }

  private dropReserve(port: number, exclusive: boolean): void {
    if (exclusive) this.exclusiveRefs.add(port, -1);
    if (this.reserveRefs.add(port, -1) === 0) {
      this.boundBits.clear(port);
      if (this.inRange(port)) this.boundInRangeCount--;
      if (this.portRefs.get(port) === 0) this.portFreed(port);
    }
  }

  private portTaken(port: number): void {
    if (this.reserveRefs.get(port) + this.portRefs.get(port) !== 1) return;
    this.usedBits.set(port);
    if (this.inRange(port) && ++this.portsInUseCount > this.portsInUseMax) this.portsInUseMax = this.portsInUseCount;
  }

  private portFreed(port: number): void {
    if (this.reserveRefs.get(port) + this.portRefs.get(port) !== 0) return;
    this.usedBits.clear(port);
    if (this.inRange(port)) this.portsInUseCount--;
  }

  private inRange(port: number): boolean {
    return port >= this.settings.portRange.low && port <= this.settings.portRange.high;
  }

  private ipIndex(ip: number): number {
    let index = this.ipIndexes.get(ip);
    if (index === undefined) {
      index = this.ips.length;
      this.ipIndexes.set(ip, index);
      this.ips.push(ip);
    }
    return index;
  }

  private destinationFor(ipIndex: number, remotePort: number): Destination {
    const key = ipIndex * twoTo16 + remotePort;
    let destination = this.destinations.get(key);
    if (!destination) {
      const slab = this.tuples.slab(ipIndex, remotePort, true, true) as TupleSlab;
      destination = new Destination(this.ips[ipIndex] as number, remotePort, slab);
      this.destinations.set(key, destination);
    }
    return destination;
  }

}
