/**
 * A data node's rows as plain data: per partition, the keys of the rows inserted. A
 * transaction inserts one row keyed by the application's logical transaction, so a retried
 * transaction that had in fact committed writes the same row again and changes nothing.
 */
export class RowStore {
  private readonly partitions = new Map<number, Set<number>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(partition: number, key: number): void {
    let keys = this.partitions.get(partition);
    if (!keys) {
      keys = new Set();
      this.partitions.set(partition, keys);
    }
    if (keys.has(key)) return;
    keys.add(key);
    this.count++;
  }

  has(partition: number, key: number): boolean {
    return this.partitions.get(partition)?.has(key) ?? false;
  }

  /** Rows of the partitions `wanted` accepts, as [partition, key] pairs (a copy for a restarting peer). */
  rows(wanted: (partition: number) => boolean): [number, number][] {
    const rows: [number, number][] = [];
    for (const [partition, keys] of this.partitions) {
      if (!wanted(partition)) continue;
      for (const key of keys) rows.push([partition, key]);
    }
    return rows;
  }
}
