/**
 * A process's per-connection values, keyed by connection id. Hosts hand out connection ids
 * in increasing order (sim/net/tcp.ts, sim/live/host/liveHost.ts), and most connections
 * end soon after they start, so the ids alive at once lie in a narrow window: a table of
 * `id & mask` slots holds them without hashing, and a set or delete writes one slot. A
 * `Map` per connection costs more on this path: V8 allocates a new table whenever a delete
 * empties a Map, which a process holding one connection at a time does on every request.
 *
 * The table doubles when a new id lands on a slot a live id holds, so its size follows the
 * span between the oldest live id and the newest: a connection held for the whole run
 * while others come and go grows it to the run's connection count (4 bytes and a pointer
 * each). Keep long-lived connections in a Map; this is for one-request connections.
 */
export class ConnectionTable<T> {
  /** The id each slot holds; 0 when free (ids start at 1). */
  private ids = new Int32Array(16);
  private values: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  private mask = 15;
  private count = 0;

  /** Live entries. */
  get size(): number {
    return this.count;
  }

  get(connId: number): T | undefined {
    const slot = connId & this.mask;
    return this.ids[slot] === connId ? this.values[slot] : undefined;
  }

  set(connId: number, value: T): void {
    if (!(connId > 0 && connId <= 0x7fff_ffff && Number.isInteger(connId))) {
      throw new Error(`connection table: id ${connId} is not a positive 31-bit integer`);
    }
    let slot = connId & this.mask;
    const held = this.ids[slot] as number;
    if (held !== connId && held !== 0) {
      this.grow(connId);
      slot = connId & this.mask;
    }
    if (this.ids[slot] !== connId) {
      this.ids[slot] = connId;
      this.count++;
    }
    this.values[slot] = value;
  }

  /** Forgets `connId`; false when it held nothing. */
  delete(connId: number): boolean {
    const slot = connId & this.mask;
    if (this.ids[slot] !== connId) return false;
    this.ids[slot] = 0;
    this.values[slot] = undefined;
    this.count--;
    return true;
  }

  /** Doubles until every live id and `newId` have slots of their own. */
  private grow(newId: number): void {
    let capacity = this.ids.length * 2;
    while (!this.fitsIn(capacity, newId)) capacity *= 2;
    const ids = new Int32Array(capacity);
    const values = new Array<T | undefined>(capacity).fill(undefined);
    const mask = capacity - 1;
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot] as number;
      if (id === 0) continue;
      ids[id & mask] = id;
      values[id & mask] = this.values[slot];
    }
    this.ids = ids;
    this.values = values;
    this.mask = mask;
  }

  private fitsIn(capacity: number, newId: number): boolean {
    const mask = capacity - 1;
    const taken = new Set<number>([newId & mask]);
    for (const id of this.ids) {
      if (id === 0) continue;
      if (taken.has(id & mask)) return false;
      taken.add(id & mask);
    }
    return true;
  }
}
