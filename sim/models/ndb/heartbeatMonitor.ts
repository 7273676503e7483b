/**
 * The missed-heartbeat rule of NDB as plain data: at each heartbeat tick a node
 * counts, for every node it watches, the ticks in a row that brought no word from it, and
 * a node silent for `missedHeartbeatsMax` ticks (about 4) is declared dead.
 */
export class HeartbeatMonitor {
  /** Consecutive ticks without a word from each watched node. */
  private readonly missed = new Map<number, number>();
  private readonly heard = new Set<number>();

  constructor(private readonly missedHeartbeatsMax: number) {}

  /**
   * Starts (or restarts) counting a node's silence. It counts as heard now: it was just
   * seen joining or starting, and its first heartbeat cannot be here before the next tick.
   */
  watch(id: number): void {
    this.missed.set(id, 0);
    this.heard.add(id);
  }

  unwatch(id: number): void {
    this.missed.delete(id);
  }

  /** A heartbeat (or any word) from `id` arrived. */
  hear(id: number): void {
    this.heard.add(id);
  }

  /** A tick: the nodes of `ids` that have now been silent for `missedHeartbeatsMax` ticks in a row. */
  tick(ids: readonly number[]): number[] {
    const silent: number[] = [];
    for (const id of ids) {
      const missed = this.heard.has(id) ? 0 : (this.missed.get(id) ?? 0) + 1;
      this.missed.set(id, missed);
      if (missed >= this.missedHeartbeatsMax) silent.push(id);
    }
    this.heard.clear();
    return silent;
  }
}
