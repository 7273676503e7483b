import { PortArray } from './portArray.js';

/**
 * The 4-tuples of one host (open sockets and TIME_WAIT entries), stored in slabs: one
 * PortArray of 65 536 slots per (remote address, fixed port) and side. A connect()-made
 * tuple lives in the slab of its destination ip:port, indexed by local port; an accepted
 * one in the slab of (client address, listening port), indexed by the client's port.
 *
 * Why not a Map keyed by the 4-tuple: the key needs more than 31 bits, so every lookup
 * hashes a heap number, and the map was the largest single cost of a port-exhaustion run.
 * A host talks to few destinations, so a few slabs hold every tuple it will ever have.
 *
 * A tuple is named by a handle, slab id × 65 536 + index (a small integer). A slot holds
 * 0 when empty, a negative value for an open socket (−1 − flags) and seq + 1 for a
 * TIME_WAIT entry with that ring sequence number.
 */
export class TupleSlab {
  readonly values = new PortArray();

  constructor(
    readonly id: number,
    readonly ipIndex: number,
    /** The remote port (connect side) or the local listening port (accept side). */
    readonly fixedPort: number,
    /** Made by connect(): indexed by local port. */
    readonly active: boolean,
  ) {}

  /** The local port of the tuple at `index`. */
  localPort(index: number): number {
    return this.active ? index : this.fixedPort;
  }
}

/** 16 384 slabs would be 4 GiB; far past any topology here, and a clear error before that. */
const slabsMax = 1_024;

export class TupleTable {
  private readonly slabs: TupleSlab[] = [];
  private readonly byKey = new Map<number, TupleSlab>();

  /** The slab for (remote ip index, fixed port, side), made on first use when `create`. */
  slab(ipIndex: number, fixedPort: number, active: boolean, create: boolean): TupleSlab | undefined {
    const key = (ipIndex * 65_536 + fixedPort) * 2 + (active ? 1 : 0);
    let slab = this.byKey.get(key);
    if (!slab && create) {
      if (this.slabs.length >= slabsMax) {
        throw new Error(`port table: more than ${slabsMax} (address, port) pairs on one host; raise slabsMax in tupleTable.ts`);
      }
      slab = new TupleSlab(this.slabs.length, ipIndex, fixedPort, active);
      this.slabs.push(slab);
      this.byKey.set(key, slab);
    }
    return slab;
  }

  slabOf(handle: number): TupleSlab {
    return this.slabs[handle >>> 16] as TupleSlab;
  }

  get(handle: number): number {
    return (this.slabs[handle >>> 16] as TupleSlab).values.get(handle & 0xffff);
  }

  set(handle: number, value: number): void {
    (this.slabs[handle >>> 16] as TupleSlab).values.set(handle & 0xffff, value);
  }

  clear(): void {
    for (const slab of this.slabs) slab.values.clear();
  }
}

/** The handle of `index` in `slab`. */
export function tupleHandle(slab: TupleSlab, index: number): number {
  return slab.id * 65_536 + index;
}
