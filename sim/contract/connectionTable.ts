import { objectArray } from './objectArray.js';

/**
 * Values keyed by connection id, for what a process or host keeps per connection (or by
 * another id handed out the same way, like the MogileFS tracker's query ids). Hosts
 * hand out connection ids in increasing order (sim/net/tcp.ts, sim/live/host/liveHost.ts)
 * and most connections end soon after they start, so the ids alive at once mostly lie in a
 * narrow window: slots indexed by `id & mask` hold them without hashing, and a set or
 * delete writes one slot. A `Map` costs more on this path: V8 allocates a new table
 * whenever a delete empties a Map, which a process holding one connection at a time does
 * on every request, and each lookup hashes.
 *
 * The slots double when a new id lands on a slot a live id holds, up to `slotsMax`; past
 * that, the older of the two moves to a Map beside the slots, where connections that live
 * long (keep-alive pools) stay without growing the slots with the run's length.
 * Iteration goes in increasing id order, which for ids set once when their connection
 * opens is the order a Map would give (insertion order).
 */
export class ConnectionTable<T> {
  /** The id each slot holds; 0 when free (ids start at 1). */
  private ids = new Int32Array(16);
  private slotValues: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  private mask = 15;
  private count = 0;
  /** Entries whose slot a newer id took once the slots reached `slotsMax`. */
  private readonly displaced = new Map<number, T>();

  constructor(private readonly slotsMax = 4_096) {}

  /** Live entries. */
  get size(): number {
    return this.count + this.displaced.size;
  }

  get(connId: number): T | undefined {
    const slot = connId & this.mask;
    if (this.ids[slot] === connId) return this.slotValues[slot]; // undefined for 0, a free slot's id
    return this.displaced.size === 0 ? undefined : this.displaced.get(connId);
  }

  set(connId: number, value: T): void {
    const slot = connId & this.mask;
    const held = this.ids[slot] as number;
    if (held === connId && held !== 0) {
      this.slotValues[slot] = value;
    } else if (this.displaced.size !== 0 && this.displaced.has(connId)) {
      this.displaced.set(connId, value);
    } else if (held === 0) {
      this.checkId(connId);
      this.ids[slot] = connId;
      this.slotValues[slot] = value;
      this.count++;
    } else {
      this.checkId(connId);
      this.insertOnCollision(connId, value);
    }
  }

  /** Forgets `connId`; false when it held nothing. */
  delete(connId: number): boolean {
    const slot = connId & this.mask;
    if (this.ids[slot] !== connId || connId === 0) return this.displaced.size !== 0 && this.displaced.delete(connId);
    this.ids[slot] = 0;
    this.slotValues[slot] = undefined;
    this.count--;
    return true;
  }

  /**
   * Every value, in increasing id order (a new array: the table may change while it is walked).
   * The array is of V8's object kind even when empty (objectArray.ts): `map` over no entries
   * gave an array of another kind, and code walking the values deopted on meeting it.
   */
  values(): T[] {
    const entries = objectArray<[number, T]>();
    for (const entry of this.displaced) entries.push(entry);
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot] as number;
      if (id !== 0) entries.push([id, this.slotValues[slot] as T]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const values = objectArray<T>();
    for (const entry of entries) values.push(entry[1]);
    return values;
  }

  clear(): void {
    this.ids.fill(0);
    this.slotValues.fill(undefined);
    this.count = 0;
    this.displaced.clear();
  }

  private checkId(connId: number): void {
    if (!(connId > 0 && connId <= 0x7fff_ffff && Number.isInteger(connId))) {
      throw new Error(`connection table: id ${connId} is not a positive 31-bit integer`);
    }
  }

  /** `connId`'s slot is held by another id: grow the slots, or move the older entry aside. */
  private insertOnCollision(connId: number, value: T): void {
    if (this.ids.length < this.slotsMax) {
      this.grow();
      this.set(connId, value);
      return;
    }
    const slot = connId & this.mask;
    const held = this.ids[slot] as number;
    if (held > connId) {
      this.displaced.set(connId, value);
      return;
    }
    this.displaced.set(held, this.slotValues[slot] as T);
    this.ids[slot] = connId;
    this.slotValues[slot] = value;
  }

  /** Doubles the slots; ids that then collide again are settled by `set`. */
  private grow(): void {
    const oldIds = this.ids;
    const oldValues = this.slotValues;
    const capacity = oldIds.length * 2;
    this.ids = new Int32Array(capacity);
    this.slotValues = new Array<T | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
    for (let slot = 0; slot < oldIds.length; slot++) {
      const id = oldIds[slot] as number;
      if (id !== 0) this.set(id, oldValues[slot] as T);
    }
  }
}
