import { objectArray } from '../contract/objectArray.js';

/**
 * The kernel's event queue: a binary min-heap ordered by (timeUs, seq). `seq` is the
 * insertion sequence, so two events at the same instant run in the order they were
 * scheduled and nothing else decides order (DESIGN.md, "Kernel contracts").
 *
 * Hand-written rather than taken from a library: the heap is the innermost loop of the
 * simulator, and the generic priority queues on npm take a comparator callback per
 * comparison, which costs more here than the sift itself.
 */

/** What the heap stores; the kernel extends it with what to run. */
export interface HeapEntry {
  readonly timeUs: number;
  readonly seq: number;
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.timeUs < b.timeUs || (a.timeUs === b.timeUs && a.seq < b.seq);
}

export class EventHeap<T extends HeapEntry> {
  private readonly items: T[] = objectArray();

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    // Not items[0] on an empty heap: an out-of-bounds read deopts code compiled without one.
    return this.items.length > 0 ? this.items[0] : undefined;
  }

  push(entry: T): void {
    const items = this.items;
    let index = items.length;
    items.push(entry);
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!before(entry, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = entry;
  }

  pop(): T | undefined {
    const items = this.items;
    // Not items[0] of an empty array: reading past the end makes optimized code deopt ('out of bounds').
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const size = items.length;
    let index = 0;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= size) break;
      const rightIndex = leftIndex + 1;
      let childIndex = leftIndex;
      let child = items[leftIndex] as T;
      if (rightIndex < size) {
        const right = items[rightIndex] as T;
        if (before(right, child)) {
          childIndex = rightIndex;
          child = right;
        }
      }
      if (!before(child, last)) break;
      items[index] = child;
      index = childIndex;
    }
    items[index] = last;
    return top;
  }
}
