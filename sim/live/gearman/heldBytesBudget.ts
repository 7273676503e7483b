/**
 * Bytes held for partial messages across every connection of one process: a decoder takes
 * from it before it keeps bytes of a message not yet whole, and gives them back when the
 * message completes or the connection ends. Each connection's own limit bounds one peer; this
 * bounds many peers together, so N slow senders cannot each park a packet's worth of memory.
 */
export class HeldBytesBudget {
  private heldBytes = 0;

  constructor(readonly heldBytesMax: number) {}

  /** Takes `bytes` if they fit under the bound; false (and nothing taken) if not. */
  take(bytes: number): boolean {
    if (this.heldBytes + bytes > this.heldBytesMax) return false;
    this.heldBytes += bytes;
    return true;
  }

  give(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  get held(): number {
    return this.heldBytes;
  }
}

/** A budget with no bound: a client's decoder, or a test's. */
export const unboundedBudget = (): HeldBytesBudget => new HeldBytesBudget(Number.POSITIVE_INFINITY);
