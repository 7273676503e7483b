import { objectArray } from '../../contract/objectArray.js';

/**
 * A first-in first-out queue on one array with a moving head: push and shift are O(1)
 * amortized, and the array is compacted once the consumed prefix is half of it, so a queue
 * that is drained and refilled forever does not grow.
 */
export class Fifo<T> {
  private items: T[] = objectArray();
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as T;
    this.head += 1;
    if (this.head === this.items.length) {
      this.items = objectArray();
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
