/**
 * The workers holding one life of a job, each with the index of the `assigned` event that
 * began its hold, in the order the holds began (a Map's order). Nearly every job has one
 * holder at a time, so the first is kept in two fields and only a double hold makes a Map:
 * a Map per job, filled and emptied once, was a tenth of what the grab checker allocated
 * over a sweep seed of worker-crash (bench/allocations.ts).
 */
export class JobHolders {
  private first: string | null = null;
  private firstIndex = -1;
  /** The holders after the first, in order; null until a second holds the job at once. */
  private more: Map<string, number> | null = null;

  get size(): number {
    return (this.first === null ? 0 : 1) + (this.more === null ? 0 : this.more.size);
  }

  /** The index of the `assigned` event that began `worker`'s hold, or undefined. */
  get(worker: string): number | undefined {
    if (this.first === worker) return this.firstIndex;
    return this.more?.get(worker);
  }

  /** Adds a holder after the others (the caller checks that it holds nothing yet). */
  add(worker: string, index: number): void {
    if (this.first === null) {
      this.first = worker;
      this.firstIndex = index;
    } else {
      (this.more ??= new Map()).set(worker, index);
    }
  }

  /** Removes a holder, keeping the order of the rest; false when it held nothing. */
  delete(worker: string): boolean {
    if (this.first !== worker) return this.more?.delete(worker) ?? false;
    const next = this.more?.entries().next();
    if (next === undefined || next.done) {
      this.first = null;
      this.firstIndex = -1;
      return true;
    }
    [this.first, this.firstIndex] = next.value;
    this.more!.delete(this.first);
    return true;
  }

  /** Calls `each` for every holder in order, with the index that began its hold. */
  forEach(each: (worker: string, index: number) => void): void {
    if (this.first === null) return;
    each(this.first, this.firstIndex);
    if (this.more !== null) for (const [worker, index] of this.more) each(worker, index);
  }

  /** The holders' names, in order. */
  workers(): string[] {
    const names: string[] = [];
    this.forEach((worker) => names.push(worker));
    return names;
  }

  clear(): void {
    this.first = null;
    this.firstIndex = -1;
    this.more = null;
  }
}
